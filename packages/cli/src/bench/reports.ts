import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '@corridor/server/db';
import {
  ADMIN,
  APPLICATION,
  F,
  keysOf,
  Lanes,
  lanesApp,
  makeFixtures,
  NOW,
  SPONSOR,
} from '@corridor/server/lanes';
import { serve } from '@hono/node-server';
import { sql } from 'kysely';

/** What `corridor bench reports` measured. */
export interface ReportsBenchResult {
  engine: 'pglite' | 'postgres';
  rate: number;
  seconds: number;
  requests: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  non2xx: number;
  errors: number;
  notes: string[];
  /** `os.loadavg()` (1, 5, 15 minutes) at the start and at the end of the run. */
  load: { start: number[]; end: number[] };
}

const RELEASED = new Date('2021-03-09T10:00:00Z');

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/**
 * Daily-report submission under a paced load: `rate` requests per second for `seconds`, each
 * `POST /monitoring/report` through a real HTTP server on loopback with its own traveller's
 * link (one report per traveller and day), taken by the node (lookup, insert, audit; no
 * escalation). The travellers are copies (SQL) of one approved application and pass, each
 * started into monitoring by `startMonitoring`.
 */
export async function benchReports(
  options: { url?: string; rate?: number; seconds?: number; onProgress?: (m: string) => void } = {},
): Promise<ReportsBenchResult> {
  const loadStart = loadavg();
  const rate = options.rate ?? 100;
  const seconds = options.seconds ?? 10;
  const progress = options.onProgress ?? (() => {});
  const engine = options.url ? 'postgres' : 'pglite';
  const schema = `corridor_bench_reports_${randomBytes(5).toString('hex')}`;
  const folder = options.url
    ? undefined
    : await mkdtemp(path.join(tmpdir(), 'corridor-bench-reports-'));
  const database = await openDatabase(
    options.url ? { url: options.url, schema, poolSize: 10 } : { dataDir: folder! },
  );
  let server: ReturnType<typeof serve> | undefined;
  try {
    await makeFixtures();
    let clock = NOW;
    const lanes = new Lanes(database.db, F.node, () => clock);
    await lanes.recordVersion(F.v1, keysOf, ADMIN);
    await lanes.registerSponsor(SPONSOR, ADMIN);
    const a = await lanes.submit({ ...APPLICATION, sponsor: SPONSOR.id }, ADMIN);
    const pass = (await lanes.approve(a.id, ADMIN)).passId;
    const count = rate * seconds + 50;
    progress(`reports on ${engine}: ${count} travellers`);
    await sql`insert into lane_applications
      select (jsonb_populate_record(null::lane_applications,
        to_jsonb(a) || jsonb_build_object('id', a.id || '-' || g))).*
      from lane_applications a, generate_series(1, ${count}::int) g where a.id = ${a.id}`.execute(
      database.db,
    );
    await sql`insert into lane_passes
      select (jsonb_populate_record(null::lane_passes, to_jsonb(p) || jsonb_build_object(
        'id', p.id || '-' || g, 'application', p.application || '-' || g))).*
      from lane_passes p, generate_series(1, ${count}::int) g where p.id = ${pass}`.execute(
      database.db,
    );
    const tokens: string[] = [];
    for (let g = 1; g <= count; g++)
      tokens.push((await lanes.startMonitoring(`${pass}-${g}`, RELEASED, ADMIN)).token);
    clock = new Date(RELEASED.getTime() + 3_600_000);
    const app = lanesApp(lanes);
    const address = await new Promise<AddressInfo>((resolve) => {
      server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, resolve);
    });
    const url = `http://127.0.0.1:${address.port}/monitoring/report`;
    const body = JSON.stringify({ temperature: 'normal', symptoms: [], region: 'KR-11' });
    let non2xx = 0;
    let errors = 0;
    const send = async (token: string): Promise<number> => {
      const start = performance.now();
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
        });
        await res.arrayBuffer();
        if (res.status !== 201) non2xx++;
      } catch {
        errors++;
      }
      return performance.now() - start;
    };
    progress('warming up (50 reports)');
    for (const t of tokens.slice(0, 50)) await send(t);
    non2xx = 0;
    errors = 0;
    progress(`POST /monitoring/report at ${rate}/s for ${seconds} s`);
    const timed = tokens.slice(50);
    const latencies: Promise<number>[] = [];
    const t0 = performance.now();
    for (let i = 0; i < timed.length; i++) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      latencies.push(send(timed[i]!));
    }
    const sorted = (await Promise.all(latencies)).sort((x, y) => x - y);
    const ms = (x: number) => Math.round(x * 10) / 10;
    return {
      engine,
      rate,
      seconds,
      requests: sorted.length,
      p50_ms: ms(quantile(sorted, 0.5)),
      p99_ms: ms(quantile(sorted, 0.99)),
      max_ms: ms(sorted.at(-1) ?? 0),
      non2xx,
      errors,
      load: { start: loadStart.map(ms), end: loadavg().map(ms) },
      notes: [
        'requests evenly paced (open loop: a slow answer does not delay the next request); client and server in one process on loopback',
        engine === 'postgres'
          ? `schema ${schema} dropped afterwards`
          : `PGlite in ${folder}, removed afterwards`,
      ],
    };
  } finally {
    if (server) await new Promise((resolve) => server!.close(resolve));
    if (options.url) await database.db.schema.dropSchema(schema).ifExists().cascade().execute();
    await database.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  }
}
