import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { verifyBatch } from '../commands/verify-batch.js';
import { median } from './stats.js';
import { loadBenchCases } from './verify.js';

export interface BatchBench {
  codes: number;
  rounds: number;
  one_worker_per_s: number;
  two_workers_per_s: number;
  speedup: number;
  /**
   * The same comparison for bare `node:crypto` ES256 checks in one and two worker threads,
   * measured in the same rounds: how far two threads scale on this machine at all.
   */
  bare_speedup: number;
}

/**
 * `--batch` throughput with one worker thread and with two, on the vectors' valid ES256 and
 * PS256 codes repeated to `count` lines, every DSC trusted. Reports are produced and then
 * discarded, so the figure is verification plus serialisation, not terminal speed. Runs
 * alternate (one worker, two workers, bare one thread, bare two threads) for `rounds` rounds
 * so drift in the machine's load hits all alike, and the medians are compared.
 */
export async function benchBatch(
  dgcDir: string,
  options: { count?: number; rounds?: number; onRound?: (round: number, of: number) => void } = {},
): Promise<BatchBench> {
  const count = options.count ?? 100_000;
  const rounds = options.rounds ?? 3;
  const cases = await loadBenchCases(dgcDir);
  const all = [...cases.ES256, ...cases.PS256];
  const dir = await mkdtemp(path.join(tmpdir(), 'corridor-bench-'));
  try {
    const lines = Array.from({ length: count }, (_, i) => all[i % all.length]!.text);
    const codes = path.join(dir, 'codes.txt');
    await writeFile(codes, `${lines.join('\n')}\n`);
    const pems = all.map(
      (c) =>
        `-----BEGIN CERTIFICATE-----\n${Buffer.from(c.dsc).toString('base64')}\n-----END CERTIFICATE-----\n`,
    );
    const trust = path.join(dir, 'dscs.pem');
    await writeFile(trust, [...new Set(pems)].join(''));
    const run = async (workers: number) => {
      const start = performance.now();
      await verifyBatch({
        file: codes,
        trustFiles: [trust],
        at: new Date('2021-06-01T00:00:00Z'),
        lang: 'en',
        workers,
        out: () => {},
        progress: () => {},
      });
      return count / ((performance.now() - start) / 1000);
    };
    const es256 = cases.ES256.map((c) => ({
      spki: new Uint8Array(
        new X509Certificate(c.dsc).publicKey.export({ type: 'spki', format: 'der' }),
      ),
      data: c.raw.data,
      signature: c.raw.signature,
    }));
    // The bare reference does as many checks as a one-worker run takes about a third of.
    const bareChecks = Math.max(1000, Math.round(count / 3));
    await run(2); // warm-up: page cache, JIT in the main thread
    const one: number[] = [];
    const two: number[] = [];
    const bareOne: number[] = [];
    const bareTwo: number[] = [];
    for (let round = 0; round < rounds; round++) {
      options.onRound?.(round + 1, rounds);
      one.push(await run(1));
      two.push(await run(2));
      bareOne.push(await bareRate(es256, 1, bareChecks));
      bareTwo.push(await bareRate(es256, 2, bareChecks));
    }
    return {
      codes: count,
      rounds,
      one_worker_per_s: Math.round(median(one)),
      two_workers_per_s: Math.round(median(two)),
      speedup: Math.round((median(two) / median(one)) * 100) / 100,
      bare_speedup: Math.round((median(bareTwo) / median(bareOne)) * 100) / 100,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** An ES256 check for {@link bareRate}: the key (SPKI DER), the signed bytes, raw r‖s. */
export interface BareCase {
  spki: Uint8Array;
  data: Uint8Array;
  signature: Uint8Array;
}

/**
 * Bare ES256 checks per second in `workers` threads, `total` checks shared between them.
 * Throws if a check fails: the reference must be measuring real verifications.
 */
export async function bareRate(cases: BareCase[], workers: number, total: number): Promise<number> {
  const url = new URL('./bare-worker.js', import.meta.url);
  const threads = Array.from(
    { length: workers },
    () => new Worker(url, { workerData: { cases, count: Math.ceil(total / workers) } }),
  );
  try {
    const next = (w: Worker) =>
      new Promise<unknown>((resolve, reject) => {
        w.once('message', resolve);
        w.once('error', reject);
      });
    await Promise.all(threads.map(next)); // keys imported, ready
    const start = performance.now();
    const done = threads.map(next);
    for (const w of threads) w.postMessage('go');
    const good = (await Promise.all(done)) as number[];
    if (good.some((n) => n !== Math.ceil(total / workers))) {
      throw new Error('bare reference: a signature check failed');
    }
    return (Math.ceil(total / workers) * workers) / ((performance.now() - start) / 1000);
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
}

export interface MemoryBench {
  verifications: number;
  peak_rss_mb: number;
  start_rss_mb: number;
}

/**
 * Peak resident memory while one process verifies `count` codes one after another. The loop
 * runs in a fresh child process (`memory-worker.js`) so the figure is the verifier's, not
 * that of the CLI process that also loaded the benchmarks and the QR reader.
 */
export async function benchMemory(dgcDir: string, count = 100_000): Promise<MemoryBench> {
  const { execFile } = await import('node:child_process');
  const worker = new URL('./memory-worker.js', import.meta.url);
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [worker.pathname, dgcDir, String(count)],
      { maxBuffer: 1 << 20 },
      (error, out) => (error ? reject(error) : resolve(out)),
    );
  });
  return JSON.parse(stdout) as MemoryBench;
}
