import type { AddressInfo } from 'node:net';
import {
  benchmarkIssuance,
  bootstrapAdministrator,
  Issuance,
  issuanceApp,
  sampleVaccination,
} from '@corridor/server/issuance';
import { serve } from '@hono/node-server';
import { openBenchNode } from './issue.js';
import { autocannon } from './load.js';
import { median } from './stats.js';
import { round3 } from './verify.js';

/** What `corridor bench issue --http` measured. */
export interface IssueHttpBenchResult {
  engine: 'pglite' | 'postgres';
  connections: number;
  /** `POST /certificates` over loopback HTTP, `connections` at a time, per second (201s only). */
  http_per_s: number;
  /** In process, one certificate per call, 8 calls at a time (no grouping), per second. */
  in_process_single_per_s: number;
  /** `http_per_s` / `in_process_single_per_s` (target ≥ 0.5). */
  ratio: number;
  /** The ratio of each round (min and max). */
  round_ratios: { min: number; max: number };
  latency_ms: { p50: number; p99: number; max: number };
  /** Requests per transaction the group commit reached over HTTP (mean and largest). */
  group: { mean: number; largest: number };
  errors: number;
  non2xx: number;
  target: number;
  notes: string[];
}

/**
 * Issuance over the node's HTTP API against issuance in process, in the same run: a CN node on
 * PGlite or a fresh PostgreSQL schema, served on loopback; autocannon (a worker thread) sends
 * `POST /certificates` on `connections` connections (default 20) for `seconds` per round,
 * alternating with in-process one-by-one issuance (`benchmarkIssuance`, 8 at a time) of as
 * many certificates; medians of `rounds` rounds are compared.
 */
export async function benchIssueHttp(
  options: {
    url?: string;
    seconds?: number;
    rounds?: number;
    connections?: number;
    /** Certificates issued in process before measuring (default 300). */
    warmup?: number;
    onProgress?: (msg: string) => void;
  } = {},
): Promise<IssueHttpBenchResult> {
  const seconds = options.seconds ?? 4;
  const rounds = options.rounds ?? 3;
  const connections = options.connections ?? 20;
  const progress = options.onProgress ?? (() => {});
  const bench = await openBenchNode(options.url);
  const { node, database, engine } = bench;
  const issuance = new Issuance(database.db, node);
  const admin = await bootstrapAdministrator(database.db, 'bench-admin', new Date());
  if (!admin) throw new Error('fresh store already has accounts');
  let server: ReturnType<typeof serve> | undefined;
  try {
    const app = issuanceApp(issuance);
    const address = await new Promise<AddressInfo>((resolve) => {
      server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, resolve);
    });
    const request = {
      url: `http://127.0.0.1:${address.port}/certificates`,
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(sampleVaccination(node.country, new Date())),
    };
    const probe = await fetch(request.url, request);
    if (probe.status !== 201) throw new Error(`POST /certificates answered ${probe.status}`);
    progress(`warming up (${engine})`);
    await autocannon({ ...request, connections, duration: 1, workers: 1 });
    await benchmarkIssuance(database.db, node, options.warmup ?? 300, { concurrency: 8 });

    const httpRates: number[] = [];
    const localRates: number[] = [];
    const p50: number[] = [];
    const p99: number[] = [];
    let max = 0;
    let errors = 0;
    let non2xx = 0;
    const before = { ...issuance.groups.stats };
    for (let round = 1; round <= rounds; round++) {
      progress(`round ${round}/${rounds}: HTTP, ${connections} connections, ${seconds} s`);
      const load = await autocannon({ ...request, connections, duration: seconds, workers: 1 });
      const created = load.statusCodeStats?.['201']?.count ?? load.requests.total - load.non2xx;
      httpRates.push(created / seconds);
      p50.push(load.latency.p50);
      p99.push(load.latency.p99);
      max = Math.max(max, load.latency.max);
      errors += load.errors + load.timeouts;
      non2xx += load.non2xx;
      const n = Math.max(20, Math.round(created));
      progress(`round ${round}/${rounds}: in process, ${n} certificates one by one`);
      localRates.push(
        (await benchmarkIssuance(database.db, node, n, { concurrency: 8 })).perSecond,
      );
    }
    const ratios = httpRates.map((h, i) => h / localRates[i]!);
    const groups = issuance.groups.stats.groups - before.groups;
    const requests = issuance.groups.stats.members - before.members;
    return {
      engine,
      connections,
      http_per_s: Math.round(median(httpRates)),
      in_process_single_per_s: Math.round(median(localRates)),
      ratio: round3(median(httpRates) / median(localRates)),
      round_ratios: { min: round3(Math.min(...ratios)), max: round3(Math.max(...ratios)) },
      latency_ms: { p50: median(p50), p99: median(p99), max },
      group: {
        mean: Number((requests / Math.max(1, groups)).toFixed(1)),
        largest: issuance.groups.stats.largest,
      },
      errors,
      non2xx,
      target: 0.5,
      notes: [
        'HTTP: bearer token checked per request, JSON body validated, certificate signed, stored and audited before the 201; autocannon in a worker thread on the same machine',
        'in process: issueCertificate per call, one transaction each, 8 calls in flight',
        'latencies: autocannon, 1 ms resolution, medians of the rounds',
      ],
    };
  } finally {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await bench.close();
  }
}
