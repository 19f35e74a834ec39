import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchQrDecode } from '../bench/qr.js';
import { benchVerify } from '../bench/verify.js';
import { UsageError } from '../lib/usage.js';
import { vectorsRoot } from '../lib/vectors.js';

/** `corridor bench verify|qr|breaker|web|... [--json] [--vectors DIR]`, `corridor bench gateway [--json] [--database-url URL]`. */
export async function benchCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      vectors: { type: 'string' },
      seconds: { type: 'string' },
      'database-url': { type: 'string' },
      count: { type: 'string' },
      rounds: { type: 'string' },
      bounds: { type: 'boolean', default: false },
      format: { type: 'string' },
      days: { type: 'string' },
      'country-only': { type: 'boolean', default: false },
      http: { type: 'boolean', default: false },
      connections: { type: 'string' },
      'quota-race': { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
    },
  });
  const [what] = positionals;
  const seconds = values.seconds ? Number(values.seconds) : undefined;
  if (what === 'gateway') {
    const { benchGateway } = await import('../bench/gateway.js');
    const url = values['database-url'];
    const result = await benchGateway({
      engine: url ? 'postgres' : 'pglite',
      ...(url ? { url } : {}),
      ...(seconds ? { seconds } : {}),
      onProgress: (msg) => process.stderr.write(`${msg}\n`),
    });
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else
      process.stdout.write(
        `Gateway (${result.engine}, ${result.dscs} DSCs): bundle build+sign median ${result.bundle_build_ms} ms (${result.bundle_bytes} bytes); delta download at ${result.delta.rate} req/s: ${result.delta.requests} requests, p50 ${result.delta.p50_ms} ms, p99 ${result.delta.p99_ms} ms, ${result.delta.errors} errors, ${result.delta.non2xx} non-2xx; first page of 1000: p50 ${result.first_page.p50_ms} ms, p99 ${result.first_page.p99_ms} ms\n${result.notes.map((n) => `  note: ${n}\n`).join('')}`,
      );
    return 0;
  }
  if (what === 'events') {
    const { benchEvents } = await import('../bench/events.js');
    const url = values['database-url'];
    const count = values.count ? Number(values.count) : undefined;
    if (count !== undefined && !(Number.isInteger(count) && count > 0 && count <= 10_000))
      throw new UsageError('--count takes a whole number of events from 1 to 10000');
    const r = await benchEvents({
      ...(url ? { url } : {}),
      ...(count ? { events: count } : {}),
      onProgress: (msg) => process.stderr.write(`${msg}\n`),
    });
    if (values.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else
      process.stdout.write(
        `Event fan-out (${r.engine}): ${r.events} events to ${r.receivers} webhook receivers on loopback: ${r.events_per_s} events/s (${r.deliveries_per_s} signed deliveries/s); bare signed POSTs ${r.bare_posts_per_s}/s; ratio ${r.ratio}\n`,
      );
    return 0;
  }
  if (what === 'reports') {
    const { benchReports } = await import('../bench/reports.js');
    const url = values['database-url'];
    const r = await benchReports({
      ...(url ? { url } : {}),
      ...(seconds ? { seconds } : {}),
      onProgress: (msg) => process.stderr.write(`${msg}\n`),
    });
    if (values.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else
      process.stdout.write(
        `Monitoring report submission (${r.engine}) at ${r.rate}/s for ${r.seconds} s: ${r.requests} reports, p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms, max ${r.max_ms} ms, ${r.non2xx} non-2xx, ${r.errors} errors; load average ${r.load.start.join(' ')} at the start, ${r.load.end.join(' ')} at the end\n`,
      );
    return 0;
  }
  if (what === 'issue' && values.http) {
    const { benchIssueHttp } = await import('../bench/issue-http.js');
    const url = values['database-url'];
    const connections = values.connections ? Number(values.connections) : undefined;
    const rounds = values.rounds ? Number(values.rounds) : undefined;
    for (const [name, v] of [
      ['--connections', connections],
      ['--rounds', rounds],
    ] as const) {
      if (v !== undefined && !(Number.isInteger(v) && v > 0 && v <= 1000))
        throw new UsageError(`${name} takes a whole number from 1 to 1000`);
    }
    const r = await benchIssueHttp({
      ...(url ? { url } : {}),
      ...(seconds ? { seconds } : {}),
      ...(rounds ? { rounds } : {}),
      ...(connections ? { connections } : {}),
      onProgress: (msg) => process.stderr.write(`${msg}\n`),
    });
    if (values.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else
      process.stdout.write(
        `Issuance over HTTP (${r.engine}, ${r.connections} connections): ${r.http_per_s} certificates/s, p50 ${r.latency_ms.p50} ms, p99 ${r.latency_ms.p99} ms; in process one by one ${r.in_process_single_per_s}/s; ratio ${r.ratio} (rounds ${r.round_ratios.min} to ${r.round_ratios.max}; target >= ${r.target}); ${r.group.mean} requests per transaction (largest ${r.group.largest}); ${r.errors} errors, ${r.non2xx} non-2xx\n`,
      );
    return 0;
  }
  if (what === 'issue') {
    const { benchIssue } = await import('../bench/issue.js');
    const url = values['database-url'];
    const count = values.count ? Number(values.count) : undefined;
    if (count !== undefined && !(Number.isInteger(count) && count > 0))
      throw new UsageError('--count takes a positive whole number');
    const r = await benchIssue({
      ...(url ? { url } : {}),
      ...(count ? { count } : {}),
      onProgress: (msg) => process.stderr.write(`${msg}\n`),
    });
    if (values.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else
      process.stdout.write(
        `Issuance (${r.engine}, sign + store, one process): ${r.batched_per_s} certificates/s in batches of 100 (${r.single_per_s}/s one per transaction); bare ECDSA P-256 signing ${r.ecdsa_p256_sign_per_s}/s (${r.signed_bytes} bytes); ratio ${r.ratio}\n`,
      );
    return 0;
  }
  if (what === 'verify' && values.format !== undefined && values.format !== 'hc1') {
    const { BENCH_FORMATS, benchFormat } = await import('../bench/formats.js');
    const format = BENCH_FORMATS.find((f) => f === values.format);
    if (!format) throw new UsageError(`--format is hc1, ${BENCH_FORMATS.join(', ')}`);
    if (!values.json)
      process.stderr.write(
        `measuring bare node:crypto verification and full ${format} verification...\n`,
      );
    const r = await benchFormat(vectorsRoot(values.vectors), format, seconds ? { seconds } : {});
    if (values.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else {
      process.stdout.write(
        `${format} (${r.codes} codes, ${r.algs.join('/')}): node:crypto ${r.raw_ops_per_s} ops/s, corridor ${r.corridor_ops_per_s} ops/s, ratio ${r.ratio.toFixed(3)} (rounds ${r.round_ratios.min.toFixed(2)} to ${r.round_ratios.max.toFixed(2)})\n`,
      );
      if (r.cpu)
        process.stdout.write(
          `  CPU time: node:crypto ${r.cpu.raw_us.toFixed(1)} µs, corridor ${r.cpu.corridor_us.toFixed(1)} µs per code, ratio ${r.cpu.ratio.toFixed(3)}\n`,
        );
      if (r.canonicalize_share !== undefined)
        process.stdout.write(
          `  JSON-LD canonicalisation alone: ${r.canonicalize_ops_per_s} ops/s, ${Math.round(r.canonicalize_share * 100)} % of a full verification\n`,
        );
    }
    return 0;
  }
  if (what === 'lane' && values['quota-race']) {
    const url = values['database-url'];
    if (!url) throw new UsageError('--quota-race needs --database-url (PostgreSQL)');
    const rounds = values.rounds ? Number(values.rounds) : undefined;
    if (rounds !== undefined && !(Number.isInteger(rounds) && rounds > 0 && rounds <= 100))
      throw new UsageError('--rounds takes a whole number from 1 to 100');
    const { benchQuotaRace } = await import('../bench/lane-store.js');
    const r = await benchQuotaRace({
      url,
      ...(rounds ? { rounds } : {}),
      onProgress: (msg) => process.stderr.write(`${msg}\n`),
    });
    if (values.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else
      process.stdout.write(
        `Quota race: ${r.processes} processes, ${r.applications} applications, quota ${r.quota}: passes per round ${r.rounds.map((x) => x.passes).join(', ')}; SQL checks ${r.ok ? 'hold in every round' : 'FAILED'}\n`,
      );
    return r.ok ? 0 : 1;
  }
  if (what === 'lane' && values['database-url']) {
    const { benchLaneStore } = await import('../bench/lane-store.js');
    const count = values.count ? Number(values.count) : undefined;
    if (count !== undefined && !(Number.isInteger(count) && count >= 8 && count <= 10_000))
      throw new UsageError('--count takes a whole number of approvals from 8 to 10000');
    const r = await benchLaneStore({
      url: values['database-url'],
      ...(seconds ? { seconds } : {}),
      ...(count ? { approvals: count } : {}),
      onProgress: (msg) => process.stderr.write(`${msg}\n`),
    });
    if (values.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else
      process.stdout.write(
        `Lane node on PostgreSQL: approval with pass signing ${r.approvals_per_s}/s (${r.approvals}, target >= ${r.targets.approvals_per_s}; ${r.groups.groups} transactions, largest ${r.groups.largest}), ${r.approval_cpu_ms} ms of CPU per approval; each in a transaction of its own, same run: ${r.one_transaction_each.approvals_per_s}/s, ${r.one_transaction_each.approval_cpu_ms} ms of CPU (ratios ${r.rate_ratio}x rate, ${r.cpu_ratio}x CPU)\n  application submission at ${r.submission.rate} req/s (target p99 < ${r.targets.submission_p99_ms} ms; load generator in a process of its own):\n    evenly paced, after ${r.submission_paced.warmup_requests} warm-up requests: ${r.submission_paced.requests} requests, p50 ${r.submission_paced.p50_ms} ms, p99 ${r.submission_paced.p99_ms} ms, max ${r.submission_paced.max_ms} ms, ${r.submission_paced.non2xx} non-2xx, ${r.submission_paced.errors} errors; server CPU ${r.submission_paced.server_cpu_ms} ms per request\n    autocannon (10 connections, per-second bursts): ${r.submission.requests} requests, p50 ${r.submission.p50_ms} ms, p99 ${r.submission.p99_ms} ms, max ${r.submission.max_ms} ms, ${r.submission.non2xx} non-2xx, ${r.submission.errors} errors; server CPU ${r.submission.server_cpu_ms} ms per request\n  load average ${r.load.start.join(' ')} at the start, ${r.load.end.join(' ')} at the end\n`,
      );
    return 0;
  }
  if (what === 'lane') {
    const { benchLane } = await import('../bench/lane.js');
    const r = await benchLane(seconds ? { seconds } : {});
    if (values.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else
      process.stdout.write(
        `Boarding decision (pass + HC1 test + MRZ + lane policy + ${r.rules} rules), offline: ${r.decision_per_s}/s; its two signatures alone (bare node:crypto): ${r.two_signatures_per_s}/s; a decision takes ${r.time_ratio.toFixed(2)}x the time of the two checks (rounds ${r.round_time_ratios.min.toFixed(2)} to ${r.round_time_ratios.max.toFixed(2)}; target <= ${r.target})\n  in the same rounds: entry pass verification alone ${r.parts.pass_verify_per_s}/s, HC1 test verification with the rules alone ${r.parts.credential_verify_per_s}/s\n  CPU time: a decision ${r.cpu.decision_us.toFixed(1)} µs, the two checks ${r.cpu.two_signatures_us.toFixed(1)} µs, ratio ${r.cpu.ratio.toFixed(2)}x; load average ${r.load.start.join(' ')} at the start, ${r.load.end.join(' ')} at the end\n`,
      );
    return 0;
  }
  if (what === 'web') {
    const { benchWeb, webTable, WebBenchUnavailable } = await import('../bench/web.js');
    const rounds = values.rounds ? Number(values.rounds) : undefined;
    if (rounds !== undefined && !(Number.isInteger(rounds) && rounds >= 3 && rounds <= 500))
      throw new UsageError('--rounds takes a whole number from 3 to 500');
    try {
      const r = await benchWeb({
        quick: values.quick,
        ...(rounds ? { rounds } : {}),
        onProgress: (msg) => process.stderr.write(`${msg}\n`),
      });
      process.stdout.write(values.json ? `${JSON.stringify(r, null, 2)}\n` : webTable(r));
    } catch (error) {
      if (!(error instanceof WebBenchUnavailable)) throw error;
      process.stderr.write(`corridor bench web: ${error.message}\n`);
      return 1;
    }
    return 0;
  }
  if (what === 'breaker') {
    const { benchBreaker } = await import('../bench/breaker.js');
    const days = values.days ? Number(values.days) : undefined;
    const rounds = values.rounds ? Number(values.rounds) : undefined;
    if (days !== undefined && !(Number.isInteger(days) && days >= 7 && days <= 1000))
      throw new UsageError('--days takes a whole number from 7 to 1000');
    if (rounds !== undefined && !(Number.isInteger(rounds) && rounds > 0))
      throw new UsageError('--rounds takes a positive whole number');
    if (!values.json) process.stderr.write('signing and reading back a year of indicators...\n');
    const r = await benchBreaker({
      ...(days ? { days } : {}),
      ...(rounds ? { rounds } : {}),
      laneFigures: !values['country-only'],
    });
    if (values.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else
      process.stdout.write(
        `Breaker evaluation (${r.days} days, ${r.documents} signed documents, ${r.overrides} overrides, ${r.breakers} breakers, ${r.transitions} transitions): median ${r.micros_per_evaluation} µs wall, ${r.cpu_micros_per_evaluation} µs CPU (first evaluation of a list ${r.micros_per_first_evaluation} µs wall, ${r.cpu_micros_per_first_evaluation} µs CPU); bare ES256 check ${r.micros_per_es256_verify} µs; one evaluation = ${r.evaluation_per_signature} signature checks (${r.cpu_evaluation_per_signature} in CPU time) (target < ${r.target_micros} µs); load average ${r.load.start.join(' ')} at the start, ${r.load.end.join(' ')} at the end\n`,
      );
    return 0;
  }
  const dgc = path.join(vectorsRoot(values.vectors), 'dgc-testdata');
  if (what === 'verify') {
    if (!values.json)
      process.stderr.write('measuring bare node:crypto verification and the full pipeline...\n');
    const result = await benchVerify(dgc, {
      ...(seconds ? { seconds } : {}),
      bounds: values.bounds,
    });
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      for (const [alg, r] of Object.entries(result)) {
        process.stdout.write(
          `${alg.toUpperCase()} (${r.codes} codes): node:crypto ${r.raw_ops_per_s} ops/s, corridor ${r.corridor_ops_per_s} ops/s, ratio ${r.ratio.toFixed(3)} (rounds ${r.round_ratios.min.toFixed(2)} to ${r.round_ratios.max.toFixed(2)})\n`,
        );
        if (r.bounds)
          process.stdout.write(
            `  ceilings: signature check behind an await only ${r.bounds.await_only_ratio.toFixed(3)}, plus JSON.parse of the payload ${r.bounds.json_parse_ratio.toFixed(3)}\n`,
          );
      }
    }
    return 0;
  }
  if (what === 'qr') {
    const result = await benchQrDecode(dgc);
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else
      process.stdout.write(
        `QR picture decoding: ${result.pictures} pictures, median ${result.median_ms.toFixed(2)} ms, p95 ${result.p95_ms.toFixed(2)} ms\n`,
      );
    return 0;
  }
  if (what === 'batch') {
    const { benchBatch } = await import('../bench/batch.js');
    const count = values.count ? Number(values.count) : undefined;
    const rounds = values.rounds ? Number(values.rounds) : undefined;
    for (const [name, v] of [
      ['--count', count],
      ['--rounds', rounds],
    ] as const) {
      if (v !== undefined && !(Number.isInteger(v) && v > 0))
        throw new UsageError(`${name} takes a positive whole number`);
    }
    const result = await benchBatch(dgc, {
      ...(count ? { count } : {}),
      ...(rounds ? { rounds } : {}),
      onRound: (round, of) =>
        process.stderr.write(
          `round ${round}/${of}: --batch with 1 and 2 workers, bare with 1 and 2 threads\n`,
        ),
    });
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      process.stdout.write(
        `--batch: ${result.codes} codes, medians of ${result.rounds} rounds: 1 worker ${result.one_worker_per_s}/s, 2 workers ${result.two_workers_per_s}/s, speed-up ${result.speedup}x (bare node:crypto ES256 in 1 and 2 threads: ${result.bare_speedup}x)\n`,
      );
    }
    return 0;
  }
  if (what === 'memory') {
    const { benchMemory } = await import('../bench/batch.js');
    const result = await benchMemory(dgc);
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      process.stdout.write(
        `${result.verifications} verifications in one process: peak RSS ${result.peak_rss_mb} MB (${result.start_rss_mb} MB at start)\n`,
      );
    }
    return 0;
  }
  if (what === 'rules') {
    const { benchRules } = await import('../bench/rules.js');
    const rulesDir = path.join(vectorsRoot(values.vectors), 'business-rules');
    const result = await benchRules(rulesDir, dgc, seconds ? { seconds } : {});
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else
      process.stdout.write(
        `Rule set (${result.rules} rules, one certificate): ${result.micros_per_rule_set} µs per evaluation (${result.micros_per_rule} µs per rule); ES256 signature check (bare node:crypto): ${result.micros_per_es256_verify} µs; ratio ${result.rule_set_per_signature}\n`,
      );
    return 0;
  }
  throw new UsageError(
    'bench takes verify, lane, breaker, qr, batch, memory, rules, gateway, issue, events, reports or web',
  );
}
