// Retention: deleting retained payloads and sealed HC1 texts once their time is up.
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/append.js';
import type { CorridorSchema } from '../db/schema.js';

type Db = Kysely<CorridorSchema>;

/**
 * Deletes what is past its retention: retained payloads (`retainPayloadDays`) and sealed HC1
 * texts (`retainCertificateHours`). Run it on a schedule; idempotent.
 */
export async function purgeExpiredPayloads(
  db: Db,
  now: Date,
): Promise<{ payloads: number; texts: number }> {
  return db.transaction().execute(async (trx) => {
    const payloads = await trx
      .updateTable('issued_certificates')
      .set({ payload: null, payload_until: null })
      .where('payload_until', '<=', now)
      .executeTakeFirst();
    const texts = await trx
      .updateTable('issued_certificates')
      .set({ sealed_hc1: null, sealed_hc1_until: null })
      .where('sealed_hc1_until', '<=', now)
      .executeTakeFirst();
    const counts = {
      payloads: Number(payloads.numUpdatedRows),
      texts: Number(texts.numUpdatedRows),
    };
    if (counts.payloads + counts.texts > 0)
      await appendAudit(trx, {
        actor: 'system',
        action: 'certificate.purge',
        at: now,
        details: counts,
      });
    return counts;
  });
}
