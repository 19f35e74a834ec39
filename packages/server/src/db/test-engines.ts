/**
 * Test harness: runs a suite against every database engine.
 *
 * - **pglite**: embedded PGlite in memory; every `open()` is a fresh database, loaded from a
 *   dump of a migrated one made once per test worker (a third of the CPU of a new cluster).
 * - **postgres**: when `CORRIDOR_TEST_DATABASE_URL` is set, PostgreSQL; every `open()` creates a
 *   fresh schema (`CREATE SCHEMA` + `search_path`) that is dropped when the database is closed,
 *   so test files running in parallel never collide. Without the variable the leg is skipped
 *   with a loud warning; with `CI` set, an unreachable server fails the run instead.
 *
 * ```ts
 * forEachEngine('audit log', (engine) => {
 *   let database: Database;
 *   beforeAll(async () => { database = await engine.open(); });
 *   it('...', async () => { ... database.db ... });
 * });
 * ```
 * Databases opened through `engine` are closed (and their schemas dropped) after the suite.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, it } from 'vitest';
import {
  type Database,
  dumpMigratedTemplate,
  type Engine,
  IN_MEMORY,
  openDatabase,
} from './database.js';

/** The environment variable naming the PostgreSQL server used by tests. */
export const TEST_DATABASE_URL_VARIABLE = 'CORRIDOR_TEST_DATABASE_URL';

/** One engine as seen by a test suite. */
export interface TestEngine {
  readonly kind: Engine;
  /**
   * A fresh, migrated (unless `migrate: false`) database, closed after the suite. `poolSize`
   * sets PostgreSQL's pool (default 20); PGlite has one connection whatever it says.
   */
  open(options?: { migrate?: boolean; poolSize?: number }): Promise<Database>;
  /**
   * A second, independent handle on the same store as `database` (a second process, in
   * effect). Only PostgreSQL can do this; `undefined` on PGlite, which has one connection.
   */
  readonly openAnother?: (database: Database, options?: { migrate?: boolean }) => Promise<Database>;
}

type PostgresAvailability = { ok: true; url: string } | { ok: false; reason: string };

const postgres: PostgresAvailability = await probePostgres();

/** Whether the PostgreSQL leg runs in this process (and why not, if it does not). */
export function postgresAvailability(): PostgresAvailability {
  return postgres;
}

/**
 * Defines `describe(`${name} [pglite]`)` and `describe(`${name} [postgres]`)`, calling `fn` with
 * the engine in each. The PostgreSQL leg is skipped (loudly) when no server is configured.
 */
export function forEachEngine(name: string, fn: (engine: TestEngine) => void): void {
  describe(`${name} [pglite]`, () => {
    const opened = track();
    fn({
      kind: 'pglite',
      open: async (options) => {
        // A schema of its own or no migrations: a new cluster, as the caller asked.
        const plain = options?.migrate === false;
        const template = plain ? undefined : await migratedTemplate();
        return opened.add(openDatabase({ dataDir: IN_MEMORY, template, ...options }));
      },
    });
  });

  if (!postgres.ok) {
    describe.skip(`${name} [postgres] (skipped: ${postgres.reason})`, () => {
      it('runs against PostgreSQL', () => {});
    });
    return;
  }
  const url = postgres.url;
  describe(`${name} [postgres]`, () => {
    const opened = track();
    const schemas: string[] = [];
    afterAll(async () => {
      await opened.closeAll();
      if (schemas.length > 0) await dropSchemas(url, schemas);
    });
    fn({
      kind: 'postgres',
      open: (options) => {
        const schema = `corridor_test_${randomBytes(6).toString('hex')}`;
        schemas.push(schema);
        return opened.add(openDatabase({ url, schema, poolSize: 20, ...options }));
      },
      openAnother: (database, options) =>
        opened.add(openDatabase({ url, schema: database.schema, poolSize: 20, ...options })),
    });
  });
}

let template: Promise<Blob> | undefined;

/** The migrated template of this worker, made on first use. */
function migratedTemplate(): Promise<Blob> {
  template ??= dumpMigratedTemplate();
  return template;
}

function track() {
  const databases: Database[] = [];
  const tracker = {
    async add(opening: Promise<Database>): Promise<Database> {
      const database = await opening;
      databases.push(database);
      return database;
    },
    async closeAll(): Promise<void> {
      await Promise.all(databases.map((d) => d.close()));
    },
  };
  afterAll(() => tracker.closeAll());
  return tracker;
}

async function dropSchemas(url: string, schemas: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

async function probePostgres(): Promise<PostgresAvailability> {
  const url = process.env[TEST_DATABASE_URL_VARIABLE];
  if (!url) {
    warn(
      `${TEST_DATABASE_URL_VARIABLE} is not set: the PostgreSQL leg of the database tests is ` +
        'SKIPPED; only embedded PGlite is tested. Set it, e.g. ' +
        `${TEST_DATABASE_URL_VARIABLE}=postgres://postgres@127.0.0.1:5432/test`,
    );
    return { ok: false, reason: `${TEST_DATABASE_URL_VARIABLE} not set` };
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
    return { ok: true, url };
  } catch (error) {
    const reason = `PostgreSQL at ${redact(url)} unreachable: ${(error as Error).message}`;
    if (process.env.CI) throw new Error(`${reason} (CI is set, so this fails the run)`);
    warn(`${reason}. The PostgreSQL leg of the database tests is SKIPPED.`);
    return { ok: false, reason: 'PostgreSQL unreachable' };
  } finally {
    await client.end().catch(() => {});
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

function warn(message: string): void {
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n!! ${message}\n${bar}\n`);
}
