import type { Kysely } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import { type Actor, issueCertificate, issueCertificates } from './certificates.js';
import type { IssuanceNode } from './config.js';
import type { IssueRequest } from './request.js';

/** What {@link benchmarkIssuance} measured. */
export interface IssuanceBenchmark {
  count: number;
  milliseconds: number;
  perSecond: number;
}

/**
 * Issues `count` vaccination certificates as fast as one process can (sign with the node's
 * `KeyObject` through node:crypto, store the minimal row and the audit entry, each in its own
 * transaction), `concurrency` at a time (default 8; PGlite serialises the storing anyway), and
 * reports certificates per second. Every certificate gets its own UCI; nothing is reused.
 * `request` replaces the sample payload. With `batchSize` > 1, each worker issues batches
 * through `issueCertificates` (one transaction per batch, each certificate still durably
 * stored before the batch returns), as `corridor issue --csv` does.
 */
export async function benchmarkIssuance(
  db: Kysely<CorridorSchema>,
  node: IssuanceNode,
  count: number,
  options: {
    now?: () => Date;
    concurrency?: number;
    actor?: Actor;
    request?: IssueRequest;
    batchSize?: number;
  } = {},
): Promise<IssuanceBenchmark> {
  const now = options.now ?? (() => new Date());
  const actor = options.actor ?? { id: 'benchmark', account: 'benchmark' };
  const request = options.request ?? sampleVaccination(node.country, now());
  const batch = Math.max(1, Math.floor(options.batchSize ?? 1));
  const workers = Math.max(1, Math.min(options.concurrency ?? 8, Math.ceil(count / batch)));
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < count) {
        if (batch === 1) {
          next++;
          await issueCertificate(db, request, { node, actor, now: now() });
          continue;
        }
        const n = Math.min(batch, count - next);
        next += n;
        const outcomes = await issueCertificates(
          db,
          Array.from({ length: n }, () => ({ request })),
          { node, actor, now: now() },
        );
        const failed = outcomes.find((o) => !o.ok);
        if (failed && !failed.ok) throw failed.problem;
      }
    }),
  );
  const milliseconds = performance.now() - start;
  return { count, milliseconds, perSecond: count / (milliseconds / 1000) };
}

/** A valid vaccination request for `country`, vaccinated 30 days before `at`. */
export function sampleVaccination(country: string, at: Date): IssueRequest {
  return {
    type: 'vaccination',
    payload: {
      nam: { fn: 'Muster', fnt: 'MUSTER', gn: 'Erika', gnt: 'ERIKA' },
      dob: '1980-01-01',
      v: [
        {
          tg: '840539006',
          vp: '1119349007',
          mp: 'EU/1/20/1528',
          ma: 'ORG-100030215',
          dn: 2,
          sd: 2,
          dt: new Date(at.getTime() - 30 * 86_400_000).toISOString().slice(0, 10),
          co: country,
          is: `Ministry of Health ${country}`,
        },
      ],
    },
  };
}
