import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { Lang } from '@corridor/core/report';
import { UsageError, unreadableFile } from '../lib/usage.js';

export interface BatchOptions {
  /** One QR text per line; `-` reads standard input. */
  file: string;
  trustFiles: string[];
  at: Date;
  lang: Lang;
  /** Worker threads; all cores when omitted. */
  workers?: number | undefined;
  /**
   * Where reports go (newline-delimited JSON, in input order); standard output by default.
   * Returning `false` asks for a pause until `waitDrain` resolves, as `Writable.write` does.
   */
  out?: (chunk: Uint8Array) => unknown;
  waitDrain?: () => Promise<void>;
  /** Progress reports; standard error by default. `total` is known once the input has ended. */
  progress?: (done: number, total: number | undefined, perSecond: number) => void;
}

/** Lines handed to a worker at a time: large enough to amortise messaging. */
export const CHUNK_LINES = 250;
/** Bytes of one input line kept at most: far above any QR text (verify refuses > 8192). */
export const MAX_LINE_BYTES = 64 * 1024;
/** A chunk also ends at a line end once it holds this many bytes, bounding memory per chunk. */
const MAX_CHUNK_BYTES = 1024 * 1024;
const LF = Uint8Array.of(10);
/** Chunks a worker holds at once: one it works on and one waiting, so it never idles. */
const PER_WORKER = 2;
/** Chunks dispatched but not yet written out, at most, per worker: bounds the reorder buffer. */
export const AHEAD_PER_WORKER = 8;

/** A run of whole lines (each ending in LF, except perhaps the input's last). */
export interface LineChunk {
  bytes: Uint8Array<ArrayBuffer>;
  lines: number;
}

/**
 * Verifies one QR text per line of `file` on worker threads and writes one JSON report per
 * line, in input order. The input is streamed: it is never held whole in memory, the first
 * reports appear while the rest is still being read, and the main thread only cuts bytes at
 * line ends and passes them on (decoding and verification happen in the workers). Workers
 * are started as the input proves long enough to need them. Returns 0 when every code is
 * valid, 1 otherwise.
 */
export async function verifyBatch(options: BatchOptions): Promise<number> {
  const source = await openSource(options.file);
  const limit = Math.max(1, options.workers ?? availableParallelism());
  const out =
    options.out ?? ((chunk: Uint8Array) => (process.stdout.write(chunk) ? undefined : false));
  const waitDrain =
    options.waitDrain ??
    (() => new Promise<void>((resolve) => process.stdout.once('drain', () => resolve())));
  const progress = options.progress ?? stderrProgress();
  const started = performance.now();
  const rate = (n: number) => n / Math.max(1e-3, (performance.now() - started) / 1000);

  interface Slot {
    worker: Worker;
    busy: number;
  }
  const slots: Slot[] = [];
  const results = new Map<number, Uint8Array>();
  let nextId = 0;
  let flushed = 0;
  let done = 0;
  let invalid = 0;
  let total: number | undefined;
  let wake: (() => void) | undefined;
  const signal = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  let failure: unknown;
  // Rejects with the first failure, so a read that waits (a quiet standard input) ends too.
  let fail: (error: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => {});
  const setFailure = (error: unknown) => {
    failure ??= error;
    fail(failure);
    signal();
  };
  const settled = () => new Promise<void>((resolve) => (wake = resolve));

  let draining: Promise<void> | undefined;
  const flush = () => {
    for (let bytes = results.get(flushed); bytes; bytes = results.get(flushed)) {
      results.delete(flushed);
      flushed++;
      if (out(bytes) === false && !draining) {
        draining = waitDrain().then(() => {
          draining = undefined;
          signal();
        });
      }
    }
  };

  const workerUrl = new URL('./verify-worker.js', import.meta.url);
  const spawn = (): Slot => {
    const slot: Slot = {
      worker: new Worker(workerUrl, {
        workerData: {
          trustFiles: options.trustFiles,
          at: options.at.toISOString(),
          lang: options.lang,
        },
      }),
      busy: 0,
    };
    slot.worker.on(
      'message',
      (
        msg: { id: number; bytes: Uint8Array; count: number; invalid: number } | { error: string },
      ) => {
        if ('error' in msg) return setFailure(new UsageError(msg.error));
        slot.busy--;
        results.set(msg.id, msg.bytes);
        done += msg.count;
        invalid += msg.invalid;
        flush();
        progress(done, total, rate(done));
        signal();
      },
    );
    // setFailure wakes the main loop itself.
    slot.worker.on('error', setFailure);
    slot.worker.on('exit', (code) => {
      if (slot.busy > 0) setFailure(new Error(`a verification worker stopped (exit code ${code})`));
    });
    slots.push(slot);
    return slot;
  };

  /** The worker to give the next chunk to, started if all running ones are busy; or none. */
  const pick = (): Slot | undefined => {
    let best: Slot | undefined;
    for (const s of slots) if (!best || s.busy < best.busy) best = s;
    if ((!best || best.busy > 0) && slots.length < limit) return spawn();
    return best && best.busy < PER_WORKER ? best : undefined;
  };

  // A reader that goes away (`| head`) ends the batch quietly, as it would a Unix filter.
  const onOutputError = (error: NodeJS.ErrnoException) =>
    setFailure(error.code === 'EPIPE' ? new OutputClosed() : error);
  if (!options.out) process.stdout.on('error', onOutputError);
  try {
    const chunks = readChunks(source, CHUNK_LINES);
    let lines = 0;
    for (;;) {
      if (failure) throw failure;
      // Read on only while the reorder buffer and some worker have room.
      const room =
        !draining &&
        nextId - flushed < AHEAD_PER_WORKER * limit &&
        (slots.length < limit || slots.some((s) => s.busy < PER_WORKER));
      if (!room) {
        await settled();
        continue;
      }
      let next: IteratorResult<LineChunk>;
      try {
        next = await Promise.race([chunks.next(), failed]);
      } catch (error) {
        if (failure) throw failure;
        throw new UsageError(`cannot read batch input: ${(error as Error).message}`);
      }
      if (next.done) break;
      lines += next.value.lines;
      const slot = pick()!;
      slot.busy++;
      slot.worker.postMessage({ id: nextId++, ...next.value }, [next.value.bytes.buffer]);
    }
    total = lines;
    while (flushed < nextId || draining) {
      if (failure) throw failure;
      await settled();
    }
    if (failure) throw failure;
  } catch (error) {
    if (error instanceof OutputClosed) return invalid === 0 ? 0 : 1;
    throw error;
  } finally {
    source.destroy();
    await Promise.all(slots.map((s) => s.worker.terminate()));
    process.stdout.off('error', onOutputError);
  }
  progress(total, total, rate(total));
  if (process.stderr.isTTY) process.stderr.write('\n');
  return invalid === 0 ? 0 : 1;
}

/** Standard output was closed by its reader. */
class OutputClosed extends Error {}

/** Opens the batch input; a file that cannot be read is a usage error naming it. */
async function openSource(file: string): Promise<Readable> {
  if (file === '-') return process.stdin;
  try {
    const handle = await open(file);
    return handle.createReadStream({ highWaterMark: 1 << 20 });
  } catch (error) {
    throw unreadableFile('batch file', file, error);
  }
}

function stderrProgress(): (done: number, total: number | undefined, perSecond: number) => void {
  let last = 0;
  let finished = false;
  return (done, total, perSecond) => {
    const now = performance.now();
    if (done === total) {
      if (finished) return;
      finished = true;
    } else if (now - last < (process.stderr.isTTY ? 100 : 1000)) return;
    last = now;
    const count = total === undefined ? `${done}` : `${done}/${total}`;
    const text = `verified ${count} (${Math.round(perSecond)}/s)`;
    process.stderr.write(process.stderr.isTTY ? `\r${text}` : `${text}\n`);
  };
}

const BLANK = new Uint8Array(256);
for (const c of [0x20, 0x09, 0x0d, 0x0b, 0x0c]) BLANK[c] = 1;

/** Whether bytes[from, to) is empty or only spaces, tabs and CRs. */
function isBlank(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!BLANK[bytes[i]!]) return false;
  return true;
}

/**
 * Cuts a byte stream into chunks of `perChunk` lines (fewer once a chunk holds 1 MiB), each a
 * copy with its own buffer so it can be transferred to a worker. Lines end in LF (a CR before
 * it is trimmed later, like other surrounding blanks); a line longer than
 * {@link MAX_LINE_BYTES} is cut there, so memory stays bounded whatever the input. A blank
 * line in the middle is a line (it gets a report, so output line N still answers input line
 * N); blank lines at the very end are not, nor is an empty text after the last LF. A chunk is
 * therefore only cut after a line that is not blank (it may grow past `perChunk` lines while
 * blank ones follow each other).
 */
export async function* readChunks(
  stream: AsyncIterable<Uint8Array | string>,
  perChunk: number,
): AsyncGenerator<LineChunk> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let lines = 0;
  const concat = (): Uint8Array<ArrayBuffer> => {
    const bytes = new Uint8Array(pendingBytes);
    let at = 0;
    for (const part of pending) {
      bytes.set(part, at);
      at += part.length;
    }
    pending = [];
    pendingBytes = 0;
    return bytes;
  };
  const keep = (part: Uint8Array) => {
    if (part.length === 0) return;
    pending.push(part);
    pendingBytes += part.length;
  };
  let lineBytes = 0; // of the current line, kept so far
  for await (const piece of stream) {
    const buf =
      typeof piece === 'string'
        ? Buffer.from(piece)
        : Buffer.from(piece.buffer, piece.byteOffset, piece.length);
    let pos = 0;
    while (pos < buf.length) {
      const nl = buf.indexOf(10, pos);
      const end = nl === -1 ? buf.length : nl;
      // An over-long line keeps one byte more than the cap (so it is still refused as too
      // large); the rest of it is dropped unread.
      const keepEnd = Math.min(end, pos + Math.max(0, MAX_LINE_BYTES + 1 - lineBytes));
      if (nl === -1) {
        keep(buf.subarray(pos, keepEnd));
        lineBytes += keepEnd - pos;
        break;
      }
      // A line that began in an earlier read is judged by its part in this one: a blank part
      // only defers the cut, which is always safe.
      const blank = isBlank(buf, pos, keepEnd);
      if (keepEnd === nl) keep(buf.subarray(pos, nl + 1));
      else {
        keep(buf.subarray(pos, keepEnd));
        keep(LF);
      }
      lines++;
      lineBytes = 0;
      pos = nl + 1;
      if ((lines >= perChunk || pendingBytes >= MAX_CHUNK_BYTES) && !blank) {
        yield { bytes: concat(), lines };
        lines = 0;
      }
    }
  }
  if (pendingBytes === 0) return;
  const bytes = concat();
  // The text after the last LF is a line when it is not blank; else trailing blank lines go.
  let end = bytes.length;
  const tail = bytes.lastIndexOf(10) + 1;
  if (tail < end && !isBlank(bytes, tail, end)) lines++;
  else {
    end = tail;
    while (lines > 0) {
      const start = end >= 2 ? bytes.lastIndexOf(10, end - 2) + 1 : 0;
      if (!isBlank(bytes, start, end - 1)) break;
      lines--;
      end = start;
    }
  }
  if (lines > 0) yield { bytes: end === bytes.length ? bytes : bytes.slice(0, end), lines };
}
