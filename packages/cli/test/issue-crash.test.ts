import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureNodeKeys } from '@corridor/server/corridor';
import { openDatabase } from '@corridor/server/db';
import { postgresAvailability } from '@corridor/server/db/test-engines';
import { FileKeyStore } from '@corridor/server/keystore';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, tempDir, writeTemp } from './helpers.js';

const ROWS = 5000;
const PASSPHRASE = 'crash-test-passphrase';
const NODE_SECRET = randomBytes(32).toString('hex');
const DAY = 86_400_000;

/** 5,000 valid rows: vaccinations, tests (sampled an hour ago) and recoveries. */
function csv(now: Date): string {
  const day = (offset: number) => new Date(now.getTime() + offset * DAY).toISOString().slice(0, 10);
  const sc = new Date(now.getTime() - 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const lines = ['id,type,fn,fnt,gn,gnt,dob,tg,vp,mp,ma,dn,sd,dt,tt,nm,sc,tr,tc,fr,df,du,co,is'];
  for (let i = 0; i < ROWS; i++) {
    const n = letters(i);
    const holder = `Holder ${n},HOLDER<${n},"Given, ${n}",GIVEN<${n},19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`;
    if (i % 3 === 0)
      lines.push(
        `p${i},vaccination,${holder},840539006,J07BX03,BBIBP-CorV,ORG-100020693,2,2,${day(-30)},,,,,,,,,CN,`,
      );
    else if (i % 3 === 1)
      lines.push(
        `p${i},test,${holder},840539006,,,,,,,LP6464-4,RT-PCR,${sc},260415000,Test Centre ${i},,,,,`,
      );
    else
      lines.push(
        `p${i},recovery,${holder},840539006,,,,,,,,,,,,${day(-40)},${day(-29)},${day(150)},,`,
      );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** 0 → A, 25 → Z, 26 → BA ...: names may hold only letters. */
function letters(i: number): string {
  let s = '';
  do {
    s = String.fromCharCode(65 + (i % 26)) + s;
    i = Math.floor(i / 26);
  } while (i > 0);
  return s;
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** Data lines in the partial results file when the process was killed. */
  killedAfter?: number;
}

/** Runs `corridor issue`; with `killAt`, SIGKILLs it once the partial results hold that many rows. */
function runIssue(args: string[], env: Record<string, string>, killAt?: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'issue', ...args], {
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    let killedAfter: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    if (killAt !== undefined) {
      const partial = `${args[args.indexOf('--out') + 1]}.partial`;
      timer = setInterval(() => {
        if (!existsSync(partial)) return;
        const rows = readFileSync(partial, 'utf8').split('\n').length - 2;
        if (rows >= killAt) {
          clearInterval(timer);
          killedAfter = rows;
          child.kill('SIGKILL');
        }
      }, 10);
    }
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(timer);
      resolve({ code, signal, stderr, ...(killedAfter !== undefined ? { killedAfter } : {}) });
    });
  });
}

const postgres = postgresAvailability();
const engines: { name: 'pglite' | 'postgres'; url?: string }[] = [
  { name: 'pglite' },
  ...(postgres.ok ? [{ name: 'postgres' as const, url: postgres.url }] : []),
];

describe.each(engines)('corridor issue --csv, killed and resumed [$name]', ({ name, url }) => {
  const dir = tempDir();
  const data = path.join(dir, 'data');
  const schema = `corridor_test_issue_${randomBytes(5).toString('hex')}`;
  const env: Record<string, string> = {
    CORRIDOR_KEY_PASSPHRASE: PASSPHRASE,
    CORRIDOR_NODE_SECRET: NODE_SECRET,
    ...(url ? { DATABASE_URL: url } : {}),
  };
  let file: string;
  let out: string;

  beforeAll(async () => {
    // Keys made once, with a light scrypt cost so that the test spends its time issuing.
    const store = new FileKeyStore({
      dir: path.join(data, 'cn', 'keys'),
      passphrase: PASSPHRASE,
      scrypt: { N: 2 ** 14, r: 8, p: 1 },
    });
    await ensureNodeKeys(store, 'CN', new Date());
    file = writeTemp(dir, 'bulk.csv', csv(new Date()));
    out = path.join(dir, 'bulk.results.csv');
  });

  afterAll(async () => {
    if (!url) return;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  });

  it('ends with exactly 5,000 certificates, no duplicate UCI, and a complete results file', async () => {
    const args = [
      '--csv',
      file,
      '--out',
      out,
      '--data',
      data,
      '--country',
      'CN',
      '--schema',
      schema,
    ];
    const killAt = randomInt(100, 4000);
    const started = performance.now();
    const first = await runIssue(args, env, killAt);
    expect(first.signal, first.stderr).toBe('SIGKILL');
    expect(first.killedAfter).toBeGreaterThanOrEqual(killAt);
    expect(first.killedAfter).toBeLessThan(ROWS);
    expect(existsSync(out)).toBe(false); // only the partial file exists after a crash

    const second = await runIssue(args, env);
    const seconds = (performance.now() - started) / 1000;
    console.info(
      `[${name}] killed after ${first.killedAfter} result rows (threshold ${killAt}); both runs ${seconds.toFixed(1)} s`,
    );
    expect(second.code, second.stderr).toBe(0);

    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('line,id,status,uci,hc1,error_code,error_message');
    const results = lines.slice(1).map((l) => l.split(','));
    expect(results).toHaveLength(ROWS);
    const statuses = results.map((r) => r[2]);
    expect(statuses.every((s) => s === 'issued' || s === 'replayed')).toBe(true);
    // Everything the killed run reported is answered from the database, not issued again.
    expect(statuses.filter((s) => s === 'replayed').length).toBeGreaterThanOrEqual(
      first.killedAfter!,
    );
    expect(new Set(results.map((r) => r[3])).size).toBe(ROWS);
    expect(results.map((r) => r[1])).toEqual(Array.from({ length: ROWS }, (_, i) => `p${i}`));

    const database = await openDatabase(
      url ? { url, schema } : { dataDir: path.join(data, 'cn', 'db') },
    );
    try {
      const counts = await database.db
        .selectFrom('issued_certificates')
        .select((eb) => [
          eb.fn.countAll<number>().as('rows'),
          eb.fn.count<number>('uci').distinct().as('ucis'),
          eb.fn.count<number>('idempotency_key_hash').distinct().as('keys'),
        ])
        .executeTakeFirstOrThrow();
      expect(Number(counts.rows)).toBe(ROWS);
      expect(Number(counts.ucis)).toBe(ROWS);
      expect(Number(counts.keys)).toBe(ROWS);
      const audited = await database.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', 'certificate.issue')
        .executeTakeFirstOrThrow();
      expect(Number(audited.n)).toBe(ROWS);
      const stored = await database.db.selectFrom('issued_certificates').select('uci').execute();
      expect(new Set(stored.map((s) => s.uci))).toEqual(new Set(results.map((r) => r[3])));
    } finally {
      await database.close();
    }
  }, 180_000);
});
