import { parentPort, workerData } from 'node:worker_threads';
import type { Lang } from '@corridor/core/report/finding';
import { verify } from '@corridor/core/verify';
import { nodeCryptoProvider } from '@corridor/server/crypto/node-crypto';
import { loadTrustFiles } from '../lib/trust-files.js';

/** A `--batch` worker: loads the trust list once, then verifies chunks of lines. */
const { trustFiles, at, lang } = workerData as { trustFiles: string[]; at: string; lang: Lang };
const crypto = nodeCryptoProvider();
const encoder = new TextEncoder();
const context = loadTrustFiles(trustFiles, crypto).then((trust) => ({
  trust,
  at: new Date(at),
  lang,
  crypto,
}));

parentPort!.on('message', async ({ id, lines }: { id: number; lines: string[] }) => {
  try {
    const ctx = await context;
    let text = '';
    let invalid = 0;
    for (const line of lines) {
      const report = await verify(line, ctx);
      if (report.status !== 'valid') invalid++;
      text += `${JSON.stringify(report)}\n`;
    }
    // One encoded chunk, transferred rather than copied: the main thread only writes it out.
    const bytes = encoder.encode(text);
    parentPort!.postMessage({ id, bytes, count: lines.length, invalid }, [bytes.buffer]);
  } catch (error) {
    parentPort!.postMessage({ error: (error as Error).message });
  }
});
