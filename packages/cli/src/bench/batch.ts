import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { verifyBatch } from '../commands/verify-batch.js';
import { loadBenchCases } from './verify.js';

export interface BatchBench {
  codes: number;
  one_worker_per_s: number;
  two_workers_per_s: number;
  speedup: number;
  /**
   * The same comparison for bare `node:crypto` ES256 checks in one and two worker threads,
   * measured right after: how far two threads scale on this machine at all.
   */
  bare_speedup: number;
}

/**
 * `--batch` throughput with one worker thread and with two, on the vectors' valid ES256 and
 * PS256 codes repeated to `count` lines, every DSC trusted. Reports are produced and then
 * discarded, so the figure is verification plus serialisation, not terminal speed.
 */
export async function benchBatch(dgcDir: string, count = 100_000): Promise<BatchBench> {
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
    await run(2); // warm-up: page cache, JIT in the main thread
    const one = await run(1);
    const two = await run(2);
    const es256 = cases.ES256.map((c) => ({
      spki: new Uint8Array(
        new X509Certificate(c.dsc).publicKey.export({ type: 'spki', format: 'der' }),
      ),
      data: c.raw.data,
      signature: c.raw.signature,
    }));
    const bareOne = await bareRate(es256, 1, 30_000);
    const bareTwo = await bareRate(es256, 2, 30_000);
    return {
      codes: count,
      one_worker_per_s: Math.round(one),
      two_workers_per_s: Math.round(two),
      speedup: Math.round((two / one) * 100) / 100,
      bare_speedup: Math.round((bareTwo / bareOne) * 100) / 100,
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
