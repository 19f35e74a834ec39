import { autocannon, type ChildLoad, type PacedResult } from './load.js';

/**
 * The load generator of {@link loadInChild}, run as its own node process: it reads one
 * {@link ChildLoad} as JSON from standard input, sends the requests to the server (in the
 * parent process) and writes the result as JSON to standard output. Nothing of it runs on the
 * server's event loop or counts in the server's `process.cpuUsage()`.
 */
async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const job = JSON.parse(input) as ChildLoad;
  const result =
    job.mode === 'autocannon'
      ? await autocannon({ ...job.request, ...job.autocannon, workers: 0 })
      : await pacedWithWarmup(job);
  process.stdout.write(JSON.stringify(result));
}

/**
 * A warm-up of `warmupSeconds` at the same pace first (the client's and the server's first
 * requests open connections and compile code: a cold start, not the steady state the target
 * is about), then the measured run.
 */
async function pacedWithWarmup(job: Extract<ChildLoad, { mode: 'paced' }>): Promise<PacedResult> {
  const warmup = Math.round(job.rate * (job.warmupSeconds ?? 0));
  if (warmup > 0) await paced({ ...job, seconds: warmup / job.rate });
  return { ...(await paced(job)), warmup_requests: warmup };
}

/**
 * Open-loop load at an even pace: request `i` leaves at `i / rate` seconds, whether or not the
 * earlier ones were answered (a slow answer does not delay the next request), on keep-alive
 * connections (undici's pool, as many as the requests in flight). Latency: from the moment
 * the request left to the end of its answer's body.
 */
async function paced(
  job: Extract<ChildLoad, { mode: 'paced' }>,
): Promise<Omit<PacedResult, 'warmup_requests'>> {
  const { url, method, headers, body } = job.request;
  const total = Math.round(job.rate * job.seconds);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const send = async () => {
    const start = performance.now();
    try {
      const res = await fetch(url, { method, headers, body });
      await res.arrayBuffer();
      if (res.status < 200 || res.status > 299) non2xx++;
      latencies.push(performance.now() - start);
    } catch {
      errors++;
    }
  };
  const inFlight: Promise<void>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = t0 + (i * 1000) / job.rate - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(send());
  }
  await Promise.all(inFlight);
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 10) / 10;
  return {
    requests: sorted.length,
    p50_ms: at(0.5),
    p90_ms: at(0.9),
    p99_ms: at(0.99),
    max_ms: at(1),
    non2xx,
    errors,
    seconds: Math.round(performance.now() - t0) / 1000,
  };
}

await main();
