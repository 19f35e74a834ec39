import { type Kysely, sql, type Transaction } from 'kysely';
import { MIGRATIONS } from './migrations/index.js';

/**
 * One schema change. `statements` run in order inside one transaction (one statement each:
 * PGlite's extended protocol takes a single statement per query); `up` may do more after them.
 */
export interface Migration {
  /** Unique, sortable name, e.g. `0003-lanes`. Never change it once shipped. */
  readonly name: string;
  readonly statements: readonly string[];
  readonly up?: (trx: Transaction<AnySchema>) => Promise<void>;
}

/**
 * Migrations see the database as it was when they were written, not as `CorridorSchema` says
 * today, so they are untyped (Kysely's own advice for migrations).
 */
// biome-ignore lint/suspicious/noExplicitAny: see above.
export type AnySchema = any;

/** What {@link migrate} did. */
export interface MigrationOutcome {
  /** Migrations applied by this call, in order (empty when the schema was current). */
  readonly applied: string[];
  /** Every migration now recorded in the database. */
  readonly current: string[];
}

// Transaction-scoped advisory lock, keyed by the schema so that databases in different schemas
// (tests) do not wait for each other. Two processes starting at once take turns; the second
// finds the work done. On PGlite (one connection) the lock is uncontended and harmless.
const lock = sql`select pg_advisory_xact_lock(hashtextextended('corridor.migrate:' || current_schema(), 0))`;

/**
 * Brings the schema up to date: creates the bookkeeping table `corridor_migrations` if needed,
 * then applies, in order, every migration not recorded there, each in its own transaction
 * holding the migration lock (so a failing migration leaves nothing behind and earlier ones
 * stay applied). Idempotent: running it again applies nothing. Refuses to run against a
 * database that records a migration this code does not know (it was migrated by a newer
 * Corridor).
 */
export async function migrate(
  db: Kysely<AnySchema>,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationOutcome> {
  const names = new Set<string>();
  for (const m of migrations) {
    if (names.has(m.name)) throw new Error(`duplicate migration name ${m.name}`);
    names.add(m.name);
  }

  const recorded = await db.transaction().execute(async (trx) => {
    await lock.execute(trx);
    await sql`create table if not exists corridor_migrations (
      name text primary key,
      applied_at timestamptz not null default now()
    )`.execute(trx);
    return appliedNames(trx);
  });
  const unknown = recorded.filter((name) => !names.has(name));
  if (unknown.length > 0) {
    throw new Error(
      `database records migrations this version does not know (${unknown.join(', ')}); ` +
        'it was migrated by a newer Corridor',
    );
  }

  const applied: string[] = [];
  for (const migration of migrations) {
    if (recorded.includes(migration.name)) continue;
    const ran = await db.transaction().execute(async (trx) => {
      await lock.execute(trx);
      // Another process may have applied it while we waited for the lock.
      const done = await sql<{
        one: number;
      }>`select 1 as one from corridor_migrations where name = ${migration.name}`.execute(trx);
      if (done.rows.length > 0) return false;
      for (const statement of migration.statements) await sql.raw(statement).execute(trx);
      if (migration.up) await migration.up(trx);
      await sql`insert into corridor_migrations (name) values (${migration.name})`.execute(trx);
      return true;
    });
    if (ran) applied.push(migration.name);
  }
  return { applied, current: await appliedNames(db) };
}

async function appliedNames(db: Kysely<AnySchema>): Promise<string[]> {
  const { rows } = await sql<{
    name: string;
  }>`select name from corridor_migrations order by name`.execute(db);
  return rows.map((r) => r.name);
}
