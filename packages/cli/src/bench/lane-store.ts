import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { createToken } from '@corridor/server/issuance';
import {
  ADMIN,
  APPLICATION,
  approveApplication,
  Lanes,
  laneInvariants,
  lanesApp,
  NOW,
  openRaceStore,
  raceOnce,
  SPONSOR,
} from '@corridor/server/lanes';
import { serve } from '@hono/node-server';
import { loadInChild, type PacedResult } from './load.js';

/** What `corridor bench lane --database-url URL` adds: the node's side on PostgreSQL. */
export interface LaneStoreBench {
  /**
   * Approvals (quota reserved, pass signed and stored, two audited transitions) per second
   * through the node's path, `Lanes.approve`: approvals asked for at the same time commit in
   * one transaction (`ApprovalGroups`).
   */
  approvals_per_s: number;
  approvals: number;
  /** The groups `Lanes.approve` formed (warm-up included). */
  groups: { groups: number; members: number; largest: number };
  /** The same approvals each in a transaction of its own (`approveApplication`), same run. */
  one_transaction_each: { approvals_per_s: number; approvals: number; approval_cpu_ms: number };
  /** Grouped rate over one-transaction-each rate, and the same for CPU per approval. */
  rate_ratio: number;
  cpu_ratio: number;
  /**
   * `POST /lanes/applications` over loopback at a fixed rate, autocannon in a process of its
   * own: 10 connections, each sending its share of a second back to back at the start of the
   * second (autocannon's pacing), so the load arrives as a burst of `rate` requests a second.
   */
  submission: {
    rate: number;
    requests: number;
    p50_ms: number;
    p99_ms: number;
    max_ms: number;
    non2xx: number;
    errors: number;
    /** The server process's CPU (user + system, every thread) per answered request. */
    server_cpu_ms: number;
  };
  /**
   * The same requests evenly paced (one every `1 / rate` s, open loop), from a process of its
   * own: what many independent clients at that rate look like.
   */
  submission_paced: PacedResult & { rate: number; server_cpu_ms: number };
  /** Where the load comes from, and how it is paced. */
  notes: string[];
  /**
   * Process CPU milliseconds per approval (user + system, every thread): the node's own cost,
   * which a machine whose PostgreSQL is slow or starved does not inflate as it does the rate.
   */
  approval_cpu_ms: number;
  /** `os.loadavg()` (1, 5, 15 minutes) at the start and at the end of the run. */
  load: { start: number[]; end: number[] };
  targets: { approvals_per_s: number; submission_p99_ms: number };
}

/**
 * Approval throughput in one node process (8 at a time, each a fresh call; through
 * `Lanes.approve` and, in alternating rounds, `approveApplication` alone) and the latency of
 * application submission over HTTP at `rate` requests per second (bounded: `seconds` long,
 * evenly paced and then autocannon's per-second bursts, each load generator in a node process
 * of its own), on a fresh PostgreSQL schema (dropped afterwards).
 */
export async function benchLaneStore(options: {
  url: string;
  approvals?: number;
  rate?: number;
  seconds?: number;
  onProgress?: (msg: string) => void;
}): Promise<LaneStoreBench> {
  const loadStart = os.loadavg();
  const count = options.approvals ?? 1000;
  const rate = options.rate ?? 100;
  const seconds = options.seconds ?? 10;
  const progress = options.onProgress ?? (() => {});
  const store = await openRaceStore(options.url, 1_000_000);
  let server: ReturnType<typeof serve> | undefined;
  try {
    progress(`submitting ${2 * count + 50} applications`);
    const ids = await store.submit(2 * count + 50);
    const lanes = new Lanes(store.database.db, store.node, () => NOW);
    // The node's path (`Lanes.approve`: concurrent approvals commit together), and each
    // approval in a transaction of its own (`approveApplication`), in alternating rounds of
    // the same run so that the machine's load weighs on both alike.
    const modes = {
      grouped: (id: string) => lanes.approve(id, ADMIN),
      alone: (id: string) =>
        approveApplication(store.database.db, store.node, id, { actor: ADMIN, now: NOW }),
    };
    for (const id of ids.slice(2 * count, 2 * count + 25)) await modes.alone(id); // warm-up
    await Promise.all(ids.slice(2 * count + 25).map(modes.grouped));
    const spent: Record<'grouped' | 'alone', { ms: number; cpu: number; n?: number }> = {
      grouped: { ms: 0, cpu: 0 },
      alone: { ms: 0, cpu: 0 },
    };
    const rounds = 4;
    const per = Math.ceil(count / rounds);
    let next = 0;
    for (let round = 0; round < rounds; round++) {
      for (const mode of ['grouped', 'alone'] as const) {
        const batch = ids.slice(next, next + per);
        next += per;
        progress(`round ${round + 1}: ${batch.length} approvals, ${mode}, 8 at a time`);
        const start = performance.now();
        const cpu0 = process.cpuUsage();
        for (let i = 0; i < batch.length; i += 8)
          await Promise.all(batch.slice(i, i + 8).map(modes[mode]));
        const cpu = process.cpuUsage(cpu0);
        spent[mode].ms += performance.now() - start;
        spent[mode].cpu += cpu.user + cpu.system;
        spent[mode].n = (spent[mode].n ?? 0) + batch.length;
      }
    }
    const perS = (m: keyof typeof spent) => spent[m].n! / (spent[m].ms / 1000);
    const cpuMs = (m: keyof typeof spent) => Math.round(spent[m].cpu / spent[m].n! / 10) / 100;
    const approvalsPerS = perS('grouped');

    const sponsorToken = (
      await createToken(
        store.database.db,
        { account: SPONSOR.id, role: 'sponsor', scopes: ['lane.apply'] },
        { actor: ADMIN, now: NOW },
      )
    ).token;
    const app = lanesApp(lanes);
    const address = await new Promise<AddressInfo>((resolve) => {
      server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, resolve);
    });
    const { sponsor: _omit, ...body } = { ...APPLICATION, lane: 'CN-KR-RACE', sponsor: '' };
    const request = {
      url: `http://127.0.0.1:${address.port}/lanes/applications`,
      method: 'POST',
      headers: { authorization: `Bearer ${sponsorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    };
    const probe = await fetch(request.url, request);
    if (probe.status !== 201)
      throw new Error(`POST /lanes/applications answered ${probe.status}: ${await probe.text()}`);
    const serverCpu = async <T>(run: () => Promise<T>) => {
      const cpu0 = process.cpuUsage();
      const result = await run();
      const used = process.cpuUsage(cpu0);
      return { result, cpuMs: (used.user + used.system) / 1000 };
    };
    progress(
      `POST /lanes/applications at ${rate} requests/s for ${seconds} s, evenly paced, after 2 s of the same load not measured`,
    );
    const paced = await serverCpu(() =>
      loadInChild({ mode: 'paced', request, rate, seconds, warmupSeconds: 2 }),
    );
    progress(`POST /lanes/applications at ${rate} requests/s for ${seconds} s, autocannon`);
    const bursts = await serverCpu(() =>
      loadInChild({
        mode: 'autocannon',
        request,
        autocannon: {
          connections: 10,
          overallRate: rate,
          ignoreCoordinatedOmission: true,
          duration: seconds,
        },
      }),
    );
    const load = bursts.result;
    const state = await laneInvariants(store.database);
    if (state.passes !== state.reserved || !state.chainOk)
      throw new Error('lane store inconsistent after the benchmark');
    return {
      approvals_per_s: Math.round(approvalsPerS),
      approvals: spent.grouped.n!,
      groups: { ...lanes.approvals.stats },
      one_transaction_each: {
        approvals_per_s: Math.round(perS('alone')),
        approvals: spent.alone.n!,
        approval_cpu_ms: cpuMs('alone'),
      },
      rate_ratio: Math.round((approvalsPerS / perS('alone')) * 100) / 100,
      cpu_ratio:
        Math.round(
          (spent.grouped.cpu / spent.grouped.n! / (spent.alone.cpu / spent.alone.n!)) * 100,
        ) / 100,
      submission: {
        rate,
        requests: load.requests.total,
        p50_ms: load.latency.p50,
        p99_ms: load.latency.p99,
        max_ms: load.latency.max,
        non2xx: load.non2xx,
        errors: load.errors + load.timeouts,
        server_cpu_ms: perRequest(bursts.cpuMs, load.requests.total),
      },
      submission_paced: {
        ...paced.result,
        rate,
        server_cpu_ms: perRequest(
          paced.cpuMs,
          paced.result.requests + paced.result.warmup_requests,
        ),
      },
      notes: [
        'submission: the load generator runs in a node process of its own (clients elsewhere); the server process runs nothing else, so its process.cpuUsage() over the run, divided by the answered requests, is the CPU per request (the two processes and PostgreSQL share the machine)',
        'autocannon paces per second: each of its 10 connections sends its share of a second back to back, so the load arrives as bursts of about rate requests; the paced run sends one request every 1/rate s (open loop, latency from the moment it left), after 2 s of the same load that is not measured (the first requests open connections and compile code on both sides); the server CPU per request counts the warm-up requests too',
      ],
      approval_cpu_ms: cpuMs('grouped'),
      load: { start: loadStart.map(round2), end: os.loadavg().map(round2) },
      targets: { approvals_per_s: 300, submission_p99_ms: 50 },
    };
  } finally {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await store.close();
  }
}

/** `corridor bench lane --quota-race`: the acceptance race, with its SQL checks, per round. */
export async function benchQuotaRace(options: {
  url: string;
  processes?: number;
  applications?: number;
  quota?: number;
  rounds?: number;
  onProgress?: (msg: string) => void;
}): Promise<{
  processes: number;
  applications: number;
  quota: number;
  rounds: { passes: number; exhausted: number; consistent: boolean; ms: number }[];
  ok: boolean;
}> {
  const processes = options.processes ?? 4;
  const applications = options.applications ?? 1000;
  const quota = options.quota ?? 100;
  const rounds = [];
  for (let r = 1; r <= (options.rounds ?? 10); r++) {
    const store = await openRaceStore(options.url, quota);
    try {
      options.onProgress?.(`round ${r}: submitting ${applications} applications`);
      const ids = await store.submit(applications);
      options.onProgress?.(`round ${r}: ${processes} processes approving`);
      const start = performance.now();
      const { outcomes } = await raceOnce(store, ids, { processes });
      const ms = Math.round(performance.now() - start);
      const s = await laneInvariants(store.database);
      rounds.push({
        passes: s.passes,
        exhausted: outcomes.LANE_QUOTA_EXHAUSTED ?? 0,
        consistent:
          s.passes === quota &&
          s.reserved === quota &&
          s.passesWithoutRecord === 0 &&
          s.recordsWithoutPass === 0 &&
          s.auditedPasses === quota &&
          s.chainOk,
        ms,
      });
    } finally {
      await store.close();
    }
  }
  return { processes, applications, quota, rounds, ok: rounds.every((r) => r.consistent) };
}

function perRequest(cpuMs: number, requests: number): number {
  return requests > 0 ? Math.round((cpuMs / requests) * 100) / 100 : 0;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
