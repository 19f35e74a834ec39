import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/append.js';
import type { CorridorSchema } from '../db/schema.js';

type Db = Kysely<CorridorSchema>;

/**
 * Deletes the personal data of every application whose retention ended by `now`: the
 * traveller's names, date of birth, sex, passport number, nationality and expiry, the purpose,
 * the itinerary, the prevention plan (text or PDF), and the stored `CP1:` text of its pass (which carries the names). The end of retention is fixed
 * at submission: the last day of the entry window plus the lane's exemption days plus
 * `retentionGraceDays` (default 30), whatever the outcome. What stays (lane, category, port,
 * day, sponsor, states, pass id and kid) is what quotas, statistics and the audit log need.
 * The application's arrival goes with it: the holding facility, the test result and the
 * result certificate's identifier are cleared (the arrival's state and times stay); check
 * records hold no personal data and stay.
 * Run it on a schedule; idempotent; one `lane.application.purge` audit entry per run that
 * purged anything.
 */
export async function purgeApplications(db: Db, now: Date): Promise<{ applications: number }> {
  return db.transaction().execute(async (trx) => {
    const purged = await trx
      .updateTable('lane_applications')
      .set({
        holder: null,
        document_number: null,
        nationality: null,
        birth_date: null,
        passport_expiry: null,
        purpose: null,
        sex: null,
        itinerary: null,
        prevention_plan: null,
        prevention_pdf: null,
        prevention_pdf_sha256: null,
        purged_at: now,
      })
      .where('personal_data_until', '<=', now)
      .where('purged_at', 'is', null)
      .executeTakeFirst();
    const applications = Number(purged.numUpdatedRows);
    if (applications === 0) return { applications: 0 };
    // The pass texts of every purged application (a subquery: no unbounded parameter list).
    await trx
      .updateTable('lane_passes')
      .set({ code: null })
      .where('code', 'is not', null)
      .where('application', 'in', (eb) =>
        eb.selectFrom('lane_applications').select('id').where('purged_at', 'is not', null),
      )
      .execute();
    const arrivals = await trx
      .updateTable('lane_arrivals')
      .set({ facility: null, result: null, result_certificate: null, purged_at: now })
      .where('purged_at', 'is', null)
      .where('application', 'in', (eb) =>
        eb.selectFrom('lane_applications').select('id').where('purged_at', 'is not', null),
      )
      .executeTakeFirst();
    await appendAudit(trx, {
      actor: 'system',
      action: 'lane.application.purge',
      at: now,
      details: { applications, arrivals: Number(arrivals.numUpdatedRows) },
    });
    return { applications };
  });
}
