import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type Dialect, Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { type FolderLock, lockFile } from './folder-lock.js';
import { migrate } from './migrate.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { CorridorSchema } from './schema.js';
import { TransactionGuardDriver } from './transaction-guard.js';
import {
  asPlainBytes,
  BYTEA_OID,
  INT8_OID,
  parseByteaHex,
  parseInt8,
  serializeByteaHex,
} from './type-parsers.js';

/** Which engine a {@link Database} runs on. */
export type Engine = 'pglite' | 'postgres';

/** Where the embedded database lives when no URL is given. */
export const DEFAULT_DATA_DIR = '.corridor/db';
/** `dataDir` value that keeps the embedded database in memory only. */
export const IN_MEMORY = 'memory://';

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** A PostgreSQL URL (the node's `DATABASE_URL`). When set, PostgreSQL 15+ is used. */
  url?: string;
  /** Data folder of embedded PGlite (default `.corridor/db`, created); `memory://` for RAM. */
  dataDir?: string;
  /**
   * Schema to work in (created if missing, then first on the search path). Lowercase
   * letters, digits and `_`. Defaults to the engine's default (`public`).
   */
  schema?: string;
  /** Run pending migrations before returning (default true). */
  migrate?: boolean;
  /** Largest number of PostgreSQL connections in the pool (default 10). */
  poolSize?: number;
  /**
   * Embedded PGlite in memory only: start from this dump of a data folder (from
   * {@link dumpMigratedTemplate}) instead of an empty cluster, which skips `initdb` and the
   * migrations already applied. The test harness opens hundreds of fresh databases this way.
   */
  template?: Blob;
}

/**
 * An open Corridor database.
 *
 * Rule for every caller: inside a transaction use the transaction handle (`trx`) only.
 * Embedded PGlite has a single connection that the transaction holds until it ends, so a query
 * on `db` from inside the callback could never run; the driver detects this and throws rather
 * than hang (for `db.transaction().execute(...)` and {@link Database.transaction}).
 */
export interface Database {
  /** The typed Kysely instance. */
  readonly db: Kysely<CorridorSchema>;
  /** The engine underneath. */
  readonly engine: Engine;
  /** The schema in use (`public` unless `schema` was given). */
  readonly schema: string;
  /** Shorthand for `db.transaction().execute(fn)`: commits when `fn` resolves, else rolls back. */
  transaction<T>(fn: (trx: Transaction<CorridorSchema>) => Promise<T>): Promise<T>;
  /** Waits for queued work, then closes the pool or the embedded database. Idempotent. */
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens the database: PostgreSQL through a `pg` pool when `url` is given, otherwise embedded
 * PGlite in `dataDir` (or in memory). Pending migrations run before it returns, unless
 * `migrate: false`. An embedded data folder is opened by one process at a time: it is locked
 * (`<dataDir>.lock`) until `close()` or the end of the process, and a second opener gets
 * `DataFolderInUse` naming the holder.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const schema = options.schema;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid schema name ${JSON.stringify(schema)}`);
  }
  const engine: Engine = options.url ? 'postgres' : 'pglite';
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  // One process per embedded data folder: two PGlite instances on one folder each keep their
  // own buffers and overwrite each other's pages (certificates lost, duplicate audit rows).
  let lock: FolderLock | undefined;
  if (!options.url && !dataDir.startsWith(IN_MEMORY)) {
    await mkdir(path.dirname(path.resolve(dataDir)), { recursive: true });
    lock = await lockFile(`${path.resolve(dataDir)}.lock`, 'embedded database');
  }
  let dialect: Dialect;
  try {
    dialect = options.url
      ? postgresDialect(options.url, schema, options.poolSize ?? 10)
      : await pgliteDialect(dataDir, schema, options.template);
  } catch (error) {
    await lock?.release();
    throw error;
  }
  const db = new Kysely<CorridorSchema>({ dialect: guarded(dialect) });

  let closed: Promise<void> | undefined;
  const database: Database = {
    db,
    engine,
    schema: schema ?? 'public',
    transaction: (fn) => db.transaction().execute(fn),
    close: () => {
      closed ??= db.destroy().finally(() => lock?.release());
      return closed;
    },
  };
  try {
    if (schema !== undefined && engine === 'postgres') {
      // PGlite creates it in its open hook; here the pool's search_path already names it.
      await sql.raw(`create schema if not exists "${schema}"`).execute(db);
    }
    if (options.migrate !== false) await migrate(db);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

function guarded(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new TransactionGuardDriver(dialect.createDriver()),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

function postgresDialect(url: string, schema: string | undefined, max: number): Dialect {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8_OID && format !== 'binary') return parseInt8;
        if (oid === BYTEA_OID && format !== 'binary') {
          const parse = pg.types.getTypeParser(BYTEA_OID, 'text') as (text: string) => Buffer;
          return (text: string) => asPlainBytes(parse(text));
        }
        return pg.types.getTypeParser(oid, format ?? 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', (error) => {
    console.error(`[corridor] PostgreSQL pool: ${error.message}`);
  });
  return new PostgresDialect({ pool });
}

/**
 * A dump of a fresh, fully migrated in-memory PGlite database, for
 * {@link OpenDatabaseOptions.template}. Opening from it took about a third of the process CPU
 * of a new cluster (2026-12-07, a loaded 2-core machine: 1.7 s against 4.9 s).
 */
export async function dumpMigratedTemplate(): Promise<Blob> {
  const pglite = await createPglite(undefined, undefined, undefined);
  const db = new Kysely<CorridorSchema>({ dialect: new PGliteDialect(async () => pglite) });
  try {
    await migrate(db);
    return await pglite.dumpDataDir('none');
  } finally {
    await db.destroy();
  }
}

async function pgliteDialect(
  dataDir: string,
  schema: string | undefined,
  template: Blob | undefined,
): Promise<Dialect> {
  const memory = dataDir.startsWith(IN_MEMORY);
  if (template && !memory) throw new Error('a template opens only an in-memory database');
  if (!memory) await mkdir(path.resolve(dataDir), { recursive: true });
  return new PGliteDialect(() =>
    createPglite(memory ? undefined : path.resolve(dataDir), schema, template),
  );
}

async function createPglite(
  dataDir: string | undefined,
  schema: string | undefined,
  template: Blob | undefined,
): Promise<PGlite> {
  const pglite = await PGlite.create(dataDir, {
    // PGlite's own bytea conversions go byte by byte in JS (~1 s for a 5 MB bundle).
    parsers: { [INT8_OID]: (text: string) => parseInt8(text), [BYTEA_OID]: parseByteaHex },
    serializers: { [BYTEA_OID]: serializeByteaHex },
    ...(template ? { loadDataDir: template } : {}),
  });
  if (schema !== undefined) {
    await pglite.exec(`create schema if not exists "${schema}"; set search_path to "${schema}"`);
  }
  return pglite;
}
