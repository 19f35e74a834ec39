import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Lang } from '@corridor/core/report/finding';
import { UsageError } from '../lib/usage.js';

export interface BatchOptions {
  file: string;
  trustFiles: string[];
  at: Date;
  lang: Lang;
  /** Worker threads; all cores when omitted. */
  workers?: number | undefined;
  /** Where reports go (newline-delimited JSON, in input order); standard output by default. */
  out?: (chunk: Uint8Array) => void;
  /** Progress reports; standard error by default. */
  progress?: (done: number, total: number, perSecond: number) => void;
}

/** Lines handed to a worker at a time: large enough to amortise messaging. */
const CHUNK = 250;
const EMPTY = new Uint8Array(0);

/**
 * Verifies one QR text per line of `file` on worker threads and writes one JSON report per
 * line, in input order. Returns 0 when every code is valid, 1 otherwise.
 */
export async function verifyBatch(options: BatchOptions): Promise<number> {
  const lines = await readLines(options.file);
  const total = lines.length;
  const workerCount = Math.max(
    1,
    Math.min(options.workers ?? availableParallelism(), Math.ceil(total / CHUNK) || 1),
  );
  const out = options.out ?? ((chunk: Uint8Array) => process.stdout.write(chunk));
  const progress = options.progress ?? stderrProgress();
  const started = performance.now();
  const results: (Uint8Array | undefined)[] = [];
  let nextChunk = 0;
  let flushed = 0;
  let done = 0;
  let invalid = 0;
  const chunkCount = Math.ceil(total / CHUNK);

  const flush = () => {
    while (flushed < chunkCount && results[flushed]) {
      out(results[flushed]!);
      results[flushed] = EMPTY;
      flushed++;
    }
  };

  const workerUrl = new URL('./verify-worker.js', import.meta.url);
  const workers = Array.from(
    { length: workerCount },
    () =>
      new Worker(workerUrl, {
        workerData: {
          trustFiles: options.trustFiles,
          at: options.at.toISOString(),
          lang: options.lang,
        },
      }),
  );
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (nextChunk >= chunkCount) {
                resolve();
                return;
              }
              const id = nextChunk++;
              worker.postMessage({ id, lines: lines.slice(id * CHUNK, (id + 1) * CHUNK) });
            };
            worker.on(
              'message',
              (
                msg:
                  | { id: number; bytes: Uint8Array; count: number; invalid: number }
                  | { error: string },
              ) => {
                if ('error' in msg) {
                  reject(new UsageError(msg.error));
                  return;
                }
                results[msg.id] = msg.bytes;
                done += msg.count;
                invalid += msg.invalid;
                flush();
                progress(done, total, done / ((performance.now() - started) / 1000));
                send();
              },
            );
            worker.on('error', reject);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  flush();
  progress(total, total, total / ((performance.now() - started) / 1000));
  if (process.stderr.isTTY) process.stderr.write('\n');
  return invalid === 0 ? 0 : 1;
}

async function readLines(file: string): Promise<string[]> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file);
  } catch (error) {
    throw new UsageError(`cannot read batch file ${file}: ${(error as Error).message}`);
  }
  const lines: string[] = [];
  for await (const line of handle.readLines()) lines.push(line.trim());
  if (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
}

function stderrProgress(): (done: number, total: number, perSecond: number) => void {
  let last = 0;
  return (done, total, perSecond) => {
    const now = performance.now();
    if (done !== total && now - last < (process.stderr.isTTY ? 100 : 1000)) return;
    last = now;
    const text = `verified ${done}/${total} (${Math.round(perSecond)}/s)`;
    process.stderr.write(process.stderr.isTTY ? `\r${text}` : `${text}\n`);
  };
}
