import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { type Migration, migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { forEachEngine } from './test-engines.js';

const TABLES = [
  'audit_head',
  'audit_log',
  'bundles',
  'changes',
  'corridor_migrations',
  'cscas',
  'dscs',
  'format_trust',
  'issuance_accounts',
  'issuance_revocation_queue',
  'issuance_tokens',
  'issued_certificates',
  'lane_application_events',
  'lane_applications',
  'lane_arrivals',
  'lane_checks',
  'lane_deliveries',
  'lane_escalations',
  'lane_monitoring',
  'lane_monitoring_escalations',
  'lane_monitoring_reports',
  'lane_outbox',
  'lane_pass_revocation_queue',
  'lane_passes',
  'lane_quota_counters',
  'lane_signals',
  'lane_sponsors',
  'lane_subscriptions',
  'lane_versions',
  'nonces',
  'participants',
  'revocation_hashes',
  'signed_documents',
  'staff_login_throttle',
  'staff_passwords',
  'staff_sessions',
  'transparency_leaves',
  'tree_heads',
  'trust_versions',
];

async function tablesOf(database: Database): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() order by table_name`.execute(database.db);
  return rows.map((r) => r.table_name);
}

async function recorded(database: Database): Promise<string[]> {
  const rows = await database.db
    .selectFrom('corridor_migrations')
    .select('name')
    .orderBy('name')
    .execute();
  return rows.map((r) => r.name);
}

const ALL = MIGRATIONS.map((m) => m.name);

forEachEngine('migrations', (engine) => {
  it('creates every table on first run and applies nothing when run again', async () => {
    const database = await engine.open({ migrate: false });
    const first = await migrate(database.db);
    expect(first.applied).toEqual(ALL);
    expect(await tablesOf(database)).toEqual(TABLES);
    const second = await migrate(database.db);
    expect(second.applied).toEqual([]);
    expect(second.current).toEqual(ALL);
    expect(await recorded(database)).toEqual(ALL);
  });

  it('applies each migration exactly once when two runners start at the same time', async () => {
    const a = await engine.open({ migrate: false });
    const b = engine.openAnother ? await engine.openAnother(a, { migrate: false }) : a;
    const [ra, rb] = await Promise.all([migrate(a.db), migrate(b.db)]);
    expect([...ra.applied, ...rb.applied].sort()).toEqual(ALL);
    expect(await recorded(a)).toEqual(ALL);
    expect(await tablesOf(a)).toEqual(TABLES);
  });

  it('rolls back a failing migration completely and keeps the earlier ones', async () => {
    const database = await engine.open();
    const broken: Migration = {
      name: '9999-broken',
      statements: ['create table half_done (id int)', 'select * from no_such_table'],
    };
    await expect(migrate(database.db, [...MIGRATIONS, broken])).rejects.toThrow(/no_such_table/);
    expect(await tablesOf(database)).not.toContain('half_done');
    expect(await recorded(database)).toEqual(ALL);
  });

  it('refuses a database migrated by a newer version', async () => {
    const database = await engine.open();
    await database.db.insertInto('corridor_migrations').values({ name: '9000-future' }).execute();
    await expect(migrate(database.db)).rejects.toThrow(/newer Corridor/);
  });
});

describe('migration list', () => {
  it('has unique names in ascending order', () => {
    expect([...ALL].sort()).toEqual(ALL);
    expect(new Set(ALL).size).toBe(ALL.length);
  });

  it('stays out of syntax newer than PostgreSQL 15', () => {
    const text = MIGRATIONS.flatMap((m) => m.statements).join('\n');
    // PostgreSQL 16+: SQL/JSON constructors, 17+: MERGE ... RETURNING, JSON_TABLE, 18+: virtual
    // generated columns, uuidv7(), OLD/NEW in RETURNING.
    for (const newer of [
      /json_table/i,
      /json_object\s*\(/i,
      /uuidv7/i,
      /\bvirtual\b/i,
      /\bmerge\b/i,
    ]) {
      expect(text).not.toMatch(newer);
    }
  });
});
