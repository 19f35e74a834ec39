import { createHash, randomBytes } from 'node:crypto';
import type { Lane } from '@corridor/core/lanes';
import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../../audit/append.js';
import type { CorridorSchema } from '../../db/schema.js';
import { HttpProblem } from '../../http/problem.js';
import { emitLaneEvent } from '../events/outbox.js';
import type { Actor } from '../transitions.js';
import { laneVersion } from '../versions.js';
import { DAY_MS, DEFAULT_MONITORING_GRACE_DAYS } from './policy.js';
import './schema.js';

type Db = Kysely<CorridorSchema>;
type Trx = Transaction<CorridorSchema>;

/** Prefix of a report-link token (helps secret scanners). */
export const REPORT_TOKEN_PREFIX = 'crt_';

/** A monitoring period as started. `token` is shown this once (the node keeps its SHA-256). */
export interface StartedMonitoring {
  passId: string;
  token: string;
  releasedAt: Date;
  days: number;
  endsAt: Date;
  purgeAfter: Date;
}

/** SHA-256 of a report-link token: all the node stores. */
export function reportTokenHash(token: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(token, 'utf8').digest());
}

function newToken(): string {
  return `${REPORT_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * Starts the closed-loop monitoring of a released traveller (W7), inside the caller's
 * transaction (the release step calls it with its own): the pass's lane version and direction
 * give the monitoring days, the application's destination region is the declared itinerary,
 * and a fresh report-link token (32 random bytes) is returned once. Monitoring data is kept
 * until the end of the period plus `graceDays` (default 30). Audited `lane.monitoring.start`;
 * emits `monitoring.started`. Throws 404 `PASS_NOT_FOUND`, 409 `MONITORING_PASS_REVOKED`,
 * 409 `MONITORING_ALREADY_STARTED`.
 */
export async function startMonitoringIn(
  trx: Trx,
  input: { passId: string; releasedAt: Date; graceDays?: number },
  options: { actor: Actor; now: Date },
): Promise<StartedMonitoring> {
  const pass = await trx
    .selectFrom('lane_passes as p')
    .innerJoin('lane_applications as a', 'a.id', 'p.application')
    .select([
      'p.id',
      'p.application',
      'p.lane_id',
      'p.lane_version',
      'p.revoked_at',
      'a.origin',
      'a.destination',
      'a.region',
    ])
    .where('p.id', '=', input.passId)
    .forUpdate()
    .executeTakeFirst();
  if (!pass) throw new HttpProblem(404, 'PASS_NOT_FOUND', `no pass ${input.passId}`);
  if (pass.revoked_at)
    throw new HttpProblem(409, 'MONITORING_PASS_REVOKED', `pass ${pass.id} is revoked`);
  const exists = await trx
    .selectFrom('lane_monitoring')
    .select('pass_id')
    .where('pass_id', '=', pass.id)
    .executeTakeFirst();
  if (exists)
    throw new HttpProblem(
      409,
      'MONITORING_ALREADY_STARTED',
      `monitoring of ${pass.id} has started`,
    );
  const lane = (await laneVersion(trx, pass.lane_id, pass.lane_version)) as Lane;
  const direction = lane.directions.find(
    (d) => d.origin === pass.origin && d.destination === pass.destination,
  );
  const days = direction?.arrival.monitoringDays ?? 0;
  const graceDays = input.graceDays ?? DEFAULT_MONITORING_GRACE_DAYS;
  const releasedAt = input.releasedAt;
  const endsAt = new Date(releasedAt.getTime() + days * DAY_MS);
  const purgeAfter = new Date(endsAt.getTime() + graceDays * DAY_MS);
  const token = newToken();
  await trx
    .insertInto('lane_monitoring')
    .values({
      pass_id: pass.id,
      application: pass.application,
      lane_id: pass.lane_id,
      itinerary: JSON.stringify([pass.region]),
      token_hash: reportTokenHash(token),
      released_at: releasedAt,
      days,
      ends_at: endsAt,
      purge_after: purgeAfter,
      status: days === 0 ? 'completed' : 'active',
      ended_at: days === 0 ? releasedAt : null,
    })
    .execute();
  await appendAudit(trx, {
    actor: options.actor.id,
    action: 'lane.monitoring.start',
    subject: pass.id,
    at: options.now,
    details: { releasedAt: releasedAt.toISOString(), days, endsAt: endsAt.toISOString() },
  });
  await emitLaneEvent(trx, {
    type: 'monitoring.started',
    subject: pass.id,
    at: options.now,
    lane: pass.lane_id,
    data: { pass: pass.id, days, endsAt: endsAt.toISOString() },
  });
  return { passId: pass.id, token, releasedAt, days, endsAt, purgeAfter };
}

/** {@link startMonitoringIn} in a transaction of its own. */
export function startMonitoring(
  db: Db,
  input: { passId: string; releasedAt: Date; graceDays?: number },
  options: { actor: Actor; now: Date },
): Promise<StartedMonitoring> {
  return db.transaction().execute((trx) => startMonitoringIn(trx, input, options));
}

/**
 * Replaces the report link of an active monitoring (the traveller lost it, or it leaked): the
 * old token stops working at once. Audited `lane.monitoring.link`. 404 `MONITORING_NOT_FOUND`,
 * 409 `MONITORING_CLOSED`.
 */
export async function renewReportLink(
  db: Db,
  passId: string,
  options: { actor: Actor; now: Date },
): Promise<{ passId: string; token: string }> {
  const token = newToken();
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('lane_monitoring')
      .select(['status', 'purged_at'])
      .where('pass_id', '=', passId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new HttpProblem(404, 'MONITORING_NOT_FOUND', `no monitoring of ${passId}`);
    if (row.status !== 'active')
      throw new HttpProblem(409, 'MONITORING_CLOSED', `monitoring of ${passId} is ${row.status}`);
    await trx
      .updateTable('lane_monitoring')
      .set({ token_hash: reportTokenHash(token) })
      .where('pass_id', '=', passId)
      .execute();
    await appendAudit(trx, {
      actor: options.actor.id,
      action: 'lane.monitoring.link',
      subject: passId,
      at: options.now,
    });
  });
  return { passId, token };
}
