/**
 * The quota race of the lane acceptance, with real processes: several node processes
 * (`quota-race-worker.ts`, each with its own connection pool) on one PostgreSQL schema approve
 * applications of one lane and day at the same time; afterwards the store is checked in SQL.
 * Used by `lanes/quota-race.test.ts` (scaled down, always on where PostgreSQL is) and by
 * `corridor bench lane --quota-race` (4 × 1,000 × 10). Test and benchmark support only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lane } from '@corridor/core/lanes';
import { CN_KR_LANE_V1 } from '@corridor/core/lanes';
import { sql } from 'kysely';
import { verifyAuditChain } from '../audit/verify.js';
import { type Database, openDatabase } from '../db/database.js';
import { generateSigningKeyPair } from '../pki/algorithms.js';
import { createCsca } from '../pki/csca.js';
import { createDsc } from '../pki/dsc.js';
import { submitApplication } from './applications.js';
import { createLanesNode, type LanesNode } from './config.js';
import type { QuotaRaceJob } from './quota-race-worker.js';
import { registerSponsor } from './sponsors.js';
import {
  ADMIN,
  APPLICATION,
  AUTHORITY,
  countersigned,
  F,
  keysOf,
  makeFixtures,
  NOW,
  SPONSOR,
  SPONSOR_ACTOR,
} from './test-fixtures.js';
import { recordLaneVersion } from './versions.js';

/** The raced lane's id. */
export const RACE_LANE = 'CN-KR-RACE';
const DAY = '2021-03-08';

/** The compiled worker (children run JavaScript; the race may itself run from source in tests). */
function workerPath(): string {
  const here = fileURLToPath(import.meta.url);
  const sibling = path.join(path.dirname(here), 'quota-race-worker.js');
  if (here.endsWith('.js') && existsSync(sibling)) return sibling;
  return path.resolve(path.dirname(here), '../../dist/lanes/quota-race-worker.js');
}

/** What the store says after a race (every count from SQL). */
export interface LaneInvariants {
  passes: number;
  /** Units used on the direction's daily counter. */
  reserved: number;
  /** Passes whose application is not in `pass-issued` (or missing). */
  passesWithoutRecord: number;
  /** Applications in `pass-issued` without exactly one pass. */
  recordsWithoutPass: number;
  /** `lane.application.pass-issued` audit entries. */
  auditedPasses: number;
  chainOk: boolean;
}

/** Counts the lane's passes, reservations and records in SQL and checks the audit chain. */
export async function laneInvariants(database: Database): Promise<LaneInvariants> {
  const db = database.db;
  const one = async (query: ReturnType<typeof sql<{ n: number }>>) =>
    Number((await query.execute(db)).rows[0]?.n ?? 0);
  return {
    passes: await one(sql`select count(*)::int as n from lane_passes where lane_id = ${RACE_LANE}`),
    reserved: await one(
      sql`select coalesce(sum(used), 0)::int as n from lane_quota_counters
          where lane_id = ${RACE_LANE} and kind = 'direction'`,
    ),
    passesWithoutRecord: await one(
      sql`select count(*)::int as n from lane_passes p
          left join lane_applications a on a.id = p.application
          where p.lane_id = ${RACE_LANE} and (a.id is null or a.state <> 'pass-issued')`,
    ),
    recordsWithoutPass: await one(
      sql`select count(*)::int as n from lane_applications a
          where a.lane_id = ${RACE_LANE} and a.state = 'pass-issued'
          and (select count(*) from lane_passes p where p.application = a.id) <> 1`,
    ),
    auditedPasses: await one(
      sql`select count(*)::int as n from audit_log where action = 'lane.application.pass-issued'`,
    ),
    chainOk: (await verifyAuditChain(db)).ok,
  };
}

/** A fresh schema with the race lane (daily quota `quota`), a sponsor, and the node's DSC. */
export interface RaceStore {
  database: Database;
  node: LanesNode;
  /** What every worker is handed besides its applications. */
  job: Omit<QuotaRaceJob, 'ids' | 'inFlight'>;
  /** Submits `count` applications for the raced day; their ids. */
  submit(count: number): Promise<string[]>;
  /** Drops the schema. */
  close(): Promise<void>;
}

export async function openRaceStore(url: string, quota: number): Promise<RaceStore> {
  if (!F.cn) await makeFixtures();
  const schema = `corridor_race_${randomBytes(5).toString('hex')}`;
  const database = await openDatabase({ url, schema, poolSize: 4 });
  const lane: Lane = {
    ...CN_KR_LANE_V1,
    id: RACE_LANE,
    directions: CN_KR_LANE_V1.directions.map((d) =>
      d.destination === 'KR' ? { ...d, quota: { perDay: quota } } : d,
    ),
  };
  await recordLaneVersion(database.db, await countersigned(lane, F.cn, F.kr), {
    authorityKeys: keysOf,
    actor: ADMIN,
    now: NOW,
  });
  await registerSponsor(database.db, SPONSOR, { actor: ADMIN, now: NOW });
  const keys = await generateSigningKeyPair('ES256', { extractable: true });
  const csca = await createCsca({ country: 'KR', commonName: 'KR race CSCA', now: NOW });
  const dsc = await createDsc({
    csca: { certificate: csca.der, privateKey: csca.keys.privateKey },
    country: 'KR',
    commonName: 'KR race entry-pass signer',
    usages: ['entry-pass'],
    keys,
    now: NOW,
  });
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  const node = await createLanesNode({
    country: 'KR',
    authority: AUTHORITY,
    dscs: [{ label: 'pass-race', certificate: dsc.der, privateKey: keys.privateKey }],
  });
  let serial = 0;
  return {
    database,
    node,
    job: {
      url,
      schema,
      dsc: {
        certificate: Buffer.from(dsc.der).toString('base64'),
        privateKey: Buffer.from(pkcs8).toString('base64'),
      },
      authority: AUTHORITY,
      now: NOW.toISOString(),
      actor: ADMIN,
    },
    async submit(count) {
      const ids: string[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < count) {
            next++;
            const n = ++serial;
            const summary = await submitApplication(
              database.db,
              node,
              {
                ...APPLICATION,
                lane: RACE_LANE,
                arrivalDate: DAY,
                sponsor: SPONSOR.id,
                traveller: {
                  ...APPLICATION.traveller,
                  documentNumber: `R${String(n).padStart(8, '0')}`,
                },
              },
              { actor: SPONSOR_ACTOR, now: NOW },
            );
            ids.push(summary.id);
          }
        }),
      );
      return ids;
    },
    async close() {
      await database.db.schema.dropSchema(schema).ifExists().cascade().execute();
      await database.close();
    },
  };
}

/** A running worker: the passes it handed out so far, and its end. */
interface Worker {
  child: ChildProcess;
  passes: string[];
  onPass?: (count: number) => void;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; outcome?: string }>;
}

function startWorker(job: QuotaRaceJob): Worker {
  const child = spawn(process.execPath, [workerPath()], { stdio: ['pipe', 'pipe', 'pipe'] });
  const worker: Worker = { child, passes: [], done: Promise.resolve({ code: 0, signal: null }) };
  let buffered = '';
  let outcome: string | undefined;
  let errors = '';
  child.stderr!.on('data', (d: Buffer) => {
    errors += d.toString();
  });
  child.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      if (line.startsWith('pass ')) {
        worker.passes.push(line.split(' ')[2]!);
        worker.onPass?.(worker.passes.length);
      } else if (line.startsWith('done ')) outcome = line.slice(5);
    }
  });
  worker.done = new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code !== 0 && signal === null) reject(new Error(`race worker failed: ${errors}`));
      else resolve({ code, signal, ...(outcome !== undefined ? { outcome } : {}) });
    });
  });
  child.stdin!.end(JSON.stringify(job));
  return worker;
}

/** Concurrent approval loops in each worker process (each loop approves one at a time). */
const IN_FLIGHT = 4;

/** One race: `processes` workers share the applications and approve them at once. */
export async function raceOnce(
  store: RaceStore,
  ids: readonly string[],
  options: { processes: number; inFlight?: number },
): Promise<{ handedOut: string[]; outcomes: Record<string, number> }> {
  const shares = Array.from({ length: options.processes }, (_, p) =>
    ids.filter((_, i) => i % options.processes === p),
  );
  const workers = shares.map((share) =>
    startWorker({ ...store.job, ids: share, inFlight: options.inFlight ?? IN_FLIGHT }),
  );
  const ends = await Promise.all(workers.map((w) => w.done));
  const outcomes: Record<string, number> = {};
  for (const end of ends)
    for (const [k, v] of Object.entries(JSON.parse(end.outcome ?? '{}') as Record<string, number>))
      outcomes[k] = (outcomes[k] ?? 0) + v;
  return { handedOut: workers.flatMap((w) => w.passes), outcomes };
}

/**
 * Starts `processes` workers on `ids` and SIGKILLs each after it handed out `killAfter[i]`
 * passes (mid-approval: its other approvals are in flight). The passes that reached a caller.
 */
export async function raceAndKill(
  store: RaceStore,
  ids: readonly string[],
  killAfter: readonly number[],
): Promise<{ handedOut: string[]; killed: number }> {
  const shares = killAfter.map((_, p) => ids.filter((_, i) => i % killAfter.length === p));
  let killed = 0;
  const workers = shares.map((share, p) => {
    const worker = startWorker({ ...store.job, ids: share, inFlight: IN_FLIGHT });
    worker.onPass = (n) => {
      if (n === killAfter[p] && worker.child.kill('SIGKILL')) killed++;
    };
    return worker;
  });
  await Promise.all(workers.map((w) => w.done));
  return { handedOut: workers.flatMap((w) => w.passes), killed };
}
