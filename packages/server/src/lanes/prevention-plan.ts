import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/append.js';
import type { CorridorSchema } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import { AWAITING, expectState, lockApplication } from './applications.js';
import type { Actor } from './transitions.js';

type Db = Kysely<CorridorSchema>;

/** Largest prevention plan PDF a sponsor may attach. */
export const MAX_PREVENTION_PDF_BYTES = 2 * 1024 * 1024;

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const EOF_MARK = Buffer.from('%%EOF');

/**
 * Whether `bytes` look like a PDF file: the `%PDF-` header at the start (ISO 32000 §7.5.2)
 * and an `%%EOF` marker in the last KiB (§7.5.5). A content check, not a PDF parser: the
 * node stores the file for the authority, it never renders it.
 */
export function looksLikePdf(bytes: Uint8Array): boolean {
  if (bytes.length < 16 || !PDF_MAGIC.every((b, i) => bytes[i] === b)) return false;
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024)));
  return tail.includes(EOF_MARK);
}

/**
 * Attaches the prevention plan as a PDF to an application of `sponsor` that awaits a decision
 * (replacing an earlier one), audited `lane.application.prevention-plan` with its SHA-256 and
 * size (never its content). 404 `APPLICATION_NOT_FOUND` (also another sponsor's), 409
 * `APPLICATION_STATE_CONFLICT` once decided or purged, 422 `PREVENTION_PLAN_INVALID` when the
 * bytes are not a PDF or larger than {@link MAX_PREVENTION_PDF_BYTES}. The file is personal
 * data: the retention purge deletes it.
 */
export async function attachPreventionPdf(
  db: Db,
  input: { id: string; sponsor: string; pdf: Uint8Array },
  options: { actor: Actor; now: Date },
): Promise<{ sha256: string; bytes: number }> {
  if (input.pdf.length > MAX_PREVENTION_PDF_BYTES || !looksLikePdf(input.pdf))
    throw new HttpProblem(
      422,
      'PREVENTION_PLAN_INVALID',
      `a prevention plan is a PDF file of at most ${MAX_PREVENTION_PDF_BYTES} bytes`,
    );
  const sha256 = createHash('sha256').update(input.pdf).digest('hex');
  await db.transaction().execute(async (trx) => {
    const row = await lockApplication(trx, input.id);
    if (row.sponsor !== input.sponsor)
      throw new HttpProblem(404, 'APPLICATION_NOT_FOUND', `no application ${input.id}`);
    expectState(row, [...AWAITING, 'draft']);
    if (row.purged_at)
      throw new HttpProblem(409, 'APPLICATION_STATE_CONFLICT', `${input.id} has been purged`);
    await trx
      .updateTable('lane_applications')
      .set({ prevention_pdf: input.pdf, prevention_pdf_sha256: sha256 })
      .where('id', '=', input.id)
      .execute();
    await appendAudit(trx, {
      actor: options.actor.id,
      action: 'lane.application.prevention-plan',
      subject: input.id,
      at: options.now,
      details: { sha256, bytes: input.pdf.length },
    });
  });
  return { sha256, bytes: input.pdf.length };
}

/**
 * Removes the prevention plan PDF of a draft or an application of `sponsor` that awaits a decision (the
 * text plan, if any, stays), audited `lane.application.prevention-plan.removed` with the
 * removed file's SHA-256. 404 `APPLICATION_NOT_FOUND` (also another sponsor's), 404
 * `PREVENTION_PLAN_NOT_FOUND` when no PDF is attached, 409 `APPLICATION_STATE_CONFLICT` once
 * decided or purged.
 */
export async function removePreventionPdf(
  db: Db,
  input: { id: string; sponsor: string },
  options: { actor: Actor; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await lockApplication(trx, input.id);
    if (row.sponsor !== input.sponsor)
      throw new HttpProblem(404, 'APPLICATION_NOT_FOUND', `no application ${input.id}`);
    expectState(row, [...AWAITING, 'draft']);
    if (row.purged_at)
      throw new HttpProblem(409, 'APPLICATION_STATE_CONFLICT', `${input.id} has been purged`);
    if (!row.prevention_pdf_sha256)
      throw new HttpProblem(404, 'PREVENTION_PLAN_NOT_FOUND', `${input.id} has no PDF plan`);
    await trx
      .updateTable('lane_applications')
      .set({ prevention_pdf: null, prevention_pdf_sha256: null })
      .where('id', '=', input.id)
      .execute();
    await appendAudit(trx, {
      actor: options.actor.id,
      action: 'lane.application.prevention-plan.removed',
      subject: input.id,
      at: options.now,
      details: { sha256: row.prevention_pdf_sha256 },
    });
  });
}

/**
 * The prevention plan of an application: the PDF if one is attached, else the text. 404
 * `PREVENTION_PLAN_NOT_FOUND` when there is neither, 410 `PREVENTION_PLAN_PURGED` once the
 * personal data has been purged.
 */
export async function preventionPlan(
  db: Db,
  id: string,
): Promise<{ pdf: Uint8Array; sha256: string } | { text: string }> {
  const row = await db
    .selectFrom('lane_applications')
    .select(['prevention_pdf', 'prevention_pdf_sha256', 'prevention_plan', 'purged_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new HttpProblem(404, 'APPLICATION_NOT_FOUND', `no application ${id}`);
  if (row.purged_at)
    throw new HttpProblem(410, 'PREVENTION_PLAN_PURGED', `the plan of ${id} is no longer kept`);
  if (row.prevention_pdf && row.prevention_pdf_sha256)
    return { pdf: row.prevention_pdf, sha256: row.prevention_pdf_sha256 };
  if (row.prevention_plan !== null) return { text: row.prevention_plan };
  throw new HttpProblem(404, 'PREVENTION_PLAN_NOT_FOUND', `${id} has no prevention plan`);
}
