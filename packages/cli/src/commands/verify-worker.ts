import { parentPort, workerData } from 'node:worker_threads';
import { nodeCryptoProvider } from '@corridor/core/crypto/node';
import type { Lang } from '@corridor/core/report';
import { verify } from '@corridor/core/verify';
import { loadTrustFiles } from '../lib/trust-files.js';

/**
 * A `--batch` worker: loads the trust list once, then verifies chunks of input bytes (whole
 * lines, cut by the main thread) one after another, in the order they arrive, and sends back
 * one buffer of newline-delimited JSON reports per chunk.
 */
const { trustFiles, at, lang } = workerData as { trustFiles: string[]; at: string; lang: Lang };
const crypto = nodeCryptoProvider();
const encoder = new TextEncoder();
// Not fatal: bytes that are not UTF-8 become U+FFFD and fail Base45 with a coded finding.
const decoder = new TextDecoder();
const context = loadTrustFiles(trustFiles, crypto).then((trust) => ({
  trust,
  at: new Date(at),
  lang,
  crypto,
}));

interface Job {
  id: number;
  bytes: Uint8Array;
  lines: number;
}
const queue: Job[] = [];
let running = false;

parentPort!.on('message', (job: Job) => {
  queue.push(job);
  if (!running) void drain();
});

async function drain(): Promise<void> {
  running = true;
  try {
    const ctx = await context;
    for (let job = queue.shift(); job; job = queue.shift()) {
      const lines = decoder.decode(job.bytes).split('\n', job.lines);
      let text = '';
      let invalid = 0;
      for (const line of lines) {
        const report = await verify(line.trim(), ctx);
        if (report.status !== 'valid') invalid++;
        text += `${JSON.stringify(report)}\n`;
      }
      // One encoded chunk, transferred rather than copied: the main thread only writes it out.
      const bytes = encoder.encode(text);
      parentPort!.postMessage({ id: job.id, bytes, count: lines.length, invalid }, [bytes.buffer]);
    }
  } catch (error) {
    parentPort!.postMessage({ error: (error as Error).message });
  } finally {
    running = false;
  }
}
