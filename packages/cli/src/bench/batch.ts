import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyBatch } from '../commands/verify-batch.js';
import { loadBenchCases } from './verify.js';

export interface BatchBench {
  codes: number;
  one_worker_per_s: number;
  two_workers_per_s: number;
  speedup: number;
}

/**
 * `--batch` throughput with one worker thread and with two, on the vectors' valid ES256 and
 * PS256 codes repeated to `count` lines, every DSC trusted. Reports are produced and then
 * discarded, so the figure is verification plus serialisation, not terminal speed.
 */
export async function benchBatch(dgcDir: string, count = 20_000): Promise<BatchBench> {
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
    return {
      codes: count,
      one_worker_per_s: Math.round(one),
      two_workers_per_s: Math.round(two),
      speedup: Math.round((two / one) * 100) / 100,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface MemoryBench {
  verifications: number;
  peak_rss_mb: number;
  start_rss_mb: number;
}

/** Peak resident memory while one process verifies `count` codes one after another. */
export async function benchMemory(dgcDir: string, count = 100_000): Promise<MemoryBench> {
  const { verify } = await import('@corridor/core/verify');
  const cases = await loadBenchCases(dgcDir);
  const all = [...cases.ES256, ...cases.PS256];
  const start = process.memoryUsage().rss;
  let peak = start;
  for (let i = 0; i < count; i++) {
    const c = all[i % all.length]!;
    await verify(c.text, c.context);
    if (i % 1000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  return { verifications: count, peak_rss_mb: mb(peak), start_rss_mb: mb(start) };
}
