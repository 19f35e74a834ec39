import { createPublicKey, verify } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import type { BareCase } from './batch.js';

/**
 * A `bench batch` reference worker: bare `node:crypto` ES256 verification of the vectors'
 * signed bytes, `count` checks, then reports. It measures how well the machine itself runs
 * two signature checks at once, which bounds what `--batch` can reach.
 */
const { cases, count } = workerData as {
  cases: BareCase[];
  count: number;
};
const prepared = cases.map((c) => ({
  key: {
    key: createPublicKey({ key: Buffer.from(c.spki), format: 'der', type: 'spki' }),
    dsaEncoding: 'ieee-p1363' as const,
  },
  data: c.data,
  signature: c.signature,
}));
parentPort!.once('message', () => {
  let good = 0;
  for (let i = 0; i < count; i++) {
    const c = prepared[i % prepared.length]!;
    if (verify('sha256', c.data, c.key, c.signature)) good++;
  }
  parentPort!.postMessage(good);
});
parentPort!.postMessage('ready');
