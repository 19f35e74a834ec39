import { decodeCbor } from '@corridor/core/cbor';
import type { CoseVerificationKey } from '@corridor/core/cose';
import { readCoseSign1 } from '@corridor/core/cose';
import type { IndicatorCode } from '@corridor/core/lanes';
import {
  MAX_INDICATOR_BYTES,
  MAX_OVERRIDE_BYTES,
  type OverrideReadCode,
  readIndicators,
  readOverride,
} from '@corridor/core/lanes';
import { bytesEqual, fromHex, toBase64, toHex } from '@corridor/core/lib';
import type { Identity, Int8, Timestamp } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import type { GatewayConfig, GatewayDb } from './config.js';
import { bumpTrustVersion, recordGatewayAction } from './ledger.js';
import { authorityKeyOf } from './participant-record.js';
import type { GatewayRequest } from './signed-request.js';

/** The kinds of signed lane input the gateway relays. */
export type LaneSignalKind = 'indicators' | 'override';

/** Days of indicator figures (and of overrides) a bundle carries: a year and a margin. */
export const BUNDLE_SIGNAL_DAYS = 400;
/** Most lane signals one bundle carries (the newest win); bounds the bundle whatever is published. */
export const MAX_BUNDLE_SIGNALS = 20_000;
/** How far a document's own time may lie before its receipt (later: backdating, refused). */
export const MAX_SIGNAL_AGE_SECONDS = 24 * 3600;
/** How far ahead of the gateway clock an indicator document may be dated. */
export const MAX_INDICATOR_LEAD_SECONDS = 300;
/** How far ahead an override may be scheduled to take effect. */
export const MAX_OVERRIDE_LEAD_SECONDS = 90 * 24 * 3600;

const UNSIGNED = new Set(['NOT_SIGNED', 'KEY_UNKNOWN', 'SIGNATURE_INVALID']);

/** A published signal as listed (`document` is the base64 COSE_Sign1). */
export interface PublishedSignal {
  kind: LaneSignalKind;
  country: string;
  series: string;
  seq: number;
  version: number;
  digest: string;
  document: string;
}

/**
 * `indicators.publish`: a health authority's signed indicator document (`docs/breakers.md` §1),
 * read with core's reader against the publishing participant's authority key. It must be the
 * requester's own, dated within a day before the gateway's clock (backdating would rewrite
 * the breakers' past) and not in the future. A second, different document with the same
 * (country, indicator, lane, sequence) is refused; the same one again (the same payload, even
 * signed anew) is answered as the first was.
 */
export async function publishIndicators(
  db: GatewayDb,
  config: GatewayConfig,
  request: GatewayRequest,
): Promise<{ version: number; digest: string; repeated: boolean }> {
  const doc = documentOf(request, MAX_INDICATOR_BYTES);
  const key = await authorityKeyOf(db, config, request.country);
  const read = await readIndicators(doc, keysOf(request.country, key), { crypto: config.crypto });
  if (!read.ok) throw refusal('INDICATORS', read.code, read.params);
  const d = read.value.document;
  checkTime(config, d.issuedAt, MAX_INDICATOR_LEAD_SECONDS);
  return store(db, config, request, {
    kind: 'indicators',
    series: `${d.indicator}|${d.lane ?? ''}`,
    seq: d.sequence,
    laneId: d.lane ?? null,
    issuedAt: d.issuedAt,
    lastDay: d.points.at(-1)?.date ?? null,
    digest: read.value.digest,
    cose: doc,
  });
}

/**
 * `breaker.override`: an administrator's signed trigger, delay, cancel or end of a breaker
 * (`docs/breakers.md` §4). Refused unless signed by the requester's authority key
 * (`BREAKER_OVERRIDE_UNSIGNED`) and carrying a reason (`BREAKER_OVERRIDE_REASON_MISSING`).
 * An override id names one decision: a different one under the same id is refused.
 */
export async function publishOverride(
  db: GatewayDb,
  config: GatewayConfig,
  request: GatewayRequest,
): Promise<{ version: number; digest: string; repeated: boolean }> {
  const doc = documentOf(request, MAX_OVERRIDE_BYTES);
  const key = await authorityKeyOf(db, config, request.country);
  const read = await readOverride(doc, keysOf(request.country, key), { crypto: config.crypto });
  if (!read.ok) throw refusal('OVERRIDE', read.code, read.params);
  const o = read.value.override;
  checkTime(config, o.at, MAX_OVERRIDE_LEAD_SECONDS);
  return store(db, config, request, {
    kind: 'override',
    series: `${o.lane}|${o.id}`,
    seq: 0,
    laneId: o.lane,
    issuedAt: o.at,
    lastDay: null,
    digest: read.value.digest,
    cose: doc,
  });
}

/** Signals published after trust version `since`, oldest first, at most `limit`. */
export async function listSignals(
  db: GatewayDb,
  kind: LaneSignalKind,
  query: { since?: number; country?: string; lane?: string; limit?: number },
): Promise<{ entries: PublishedSignal[]; nextSince?: number }> {
  const limit = query.limit ?? 1000;
  let q = db
    .selectFrom('lane_signals')
    .select(['kind', 'country', 'series', 'seq', 'version', 'digest', 'cose'])
    .where('kind', '=', kind)
    .where('version', '>', query.since ?? 0)
    .orderBy('version')
    .limit(limit + 1);
  if (query.country) q = q.where('country', '=', query.country);
  if (query.lane) q = q.where('lane_id', '=', query.lane);
  const rows = await q.execute();
  const entries = rows.slice(0, limit).map((r) => ({
    kind: r.kind,
    country: r.country,
    series: r.series,
    seq: Number(r.seq),
    version: Number(r.version),
    digest: toHex(r.digest),
    document: toBase64(r.cose),
  }));
  return rows.length > limit ? { entries, nextSince: entries.at(-1)!.version } : { entries };
}

/**
 * What a bundle carries: every indicator document whose newest day is within
 * {@link BUNDLE_SIGNAL_DAYS} of `now`, and every override that took effect within that time
 * or will, newest first up to {@link MAX_BUNDLE_SIGNALS}, then in publication order.
 */
export async function bundleSignals(
  db: GatewayDb,
  now: Date,
): Promise<{ indicators: Uint8Array[]; breakerOverrides: Uint8Array[] }> {
  const cutoff = new Date(now.getTime() - BUNDLE_SIGNAL_DAYS * 86_400_000);
  const rows = await db
    .selectFrom('lane_signals')
    .select(['id', 'kind', 'cose'])
    .where((eb) =>
      eb.or([
        eb.and([
          eb('kind', '=', 'indicators'),
          eb('last_day', '>=', cutoff.toISOString().slice(0, 10)),
        ]),
        eb.and([eb('kind', '=', 'override'), eb('issued_at', '>=', cutoff)]),
      ]),
    )
    .orderBy('id', 'desc')
    .limit(MAX_BUNDLE_SIGNALS)
    .execute();
  rows.reverse();
  return {
    indicators: rows.filter((r) => r.kind === 'indicators').map((r) => r.cose),
    breakerOverrides: rows.filter((r) => r.kind === 'override').map((r) => r.cose),
  };
}

interface SignalRow {
  kind: LaneSignalKind;
  series: string;
  seq: number;
  laneId: string | null;
  issuedAt: number;
  lastDay: string | null;
  digest: string;
  cose: Uint8Array;
}

/** Stores a verified signal with its trust version, transparency leaf and audit entry. */
async function store(
  db: GatewayDb,
  config: GatewayConfig,
  request: GatewayRequest,
  row: SignalRow,
): Promise<{ version: number; digest: string; repeated: boolean }> {
  const action = row.kind === 'indicators' ? 'indicators.publish' : 'breaker.override';
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('lane_signals')
      .select(['digest', 'version', 'cose'])
      .where('kind', '=', row.kind)
      .where('country', '=', request.country)
      .where('series', '=', row.series)
      .where('seq', '=', row.seq)
      .executeTakeFirst();
    if (existing) {
      // The same figures signed again (ECDSA signatures differ each time) repeat the first.
      if (toHex(existing.digest) === row.digest || samePayload(existing.cose, row.cose))
        return {
          version: Number(existing.version),
          digest: toHex(existing.digest),
          repeated: true,
        };
      throw conflict(row);
    }
    // The leaf names the document by its digest: the log shows what was published, when.
    const subject = `${row.series}#${row.seq}@${row.digest}`;
    const version = await bumpTrustVersion(trx, config, action, request.country, subject);
    const inserted = await trx
      .insertInto('lane_signals')
      .values({
        kind: row.kind,
        country: request.country,
        series: row.series,
        seq: row.seq,
        lane_id: row.laneId,
        issued_at: new Date(row.issuedAt * 1000),
        last_day: row.lastDay,
        digest: fromHex(row.digest),
        cose: row.cose,
        version,
        recorded_at: config.now(),
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    // A concurrent publication of the same name won the race: roll this one back.
    if (!inserted) throw conflict(row);
    await recordGatewayAction(trx, config, {
      actor: request.country,
      action,
      subject,
      details: { bytes: row.cose.length, issuedAt: row.issuedAt },
    });
    return { version, digest: row.digest, repeated: false };
  });
}

/** Whether two signed documents (already verified) carry the same payload bytes. */
function samePayload(a: Uint8Array, b: Uint8Array): boolean {
  const payload = (bytes: Uint8Array) => {
    const decoded = decodeCbor(bytes);
    const sign1 = decoded.ok ? readCoseSign1(decoded.value) : undefined;
    return sign1?.ok ? sign1.value.payload : undefined;
  };
  const x = payload(a);
  const y = payload(b);
  return x !== undefined && y !== undefined && bytesEqual(x, y);
}

function conflict(row: SignalRow): HttpProblem {
  return row.kind === 'indicators'
    ? new HttpProblem(
        409,
        'INDICATORS_SEQUENCE_CONFLICT',
        `another document is ${row.series}#${row.seq}`,
      )
    : new HttpProblem(409, 'BREAKER_OVERRIDE_EXISTS', `another override has id ${row.series}`);
}

function documentOf(request: GatewayRequest, max: number): Uint8Array {
  const doc = request.body.document;
  if (!(doc instanceof Uint8Array) || doc.length === 0 || doc.length > max)
    throw new HttpProblem(400, 'REQUEST_MALFORMED', `body.document must be at most ${max} bytes`);
  return doc;
}

/** Only the requester's own authority key: a participant publishes for itself alone. */
function keysOf(country: string, key: CoseVerificationKey) {
  return (cc: string): readonly CoseVerificationKey[] => (cc === country ? [key] : []);
}

function checkTime(config: GatewayConfig, at: number, lead: number): void {
  const now = config.now().getTime() / 1000;
  if (at < now - MAX_SIGNAL_AGE_SECONDS || at > now + lead)
    throw new HttpProblem(
      422,
      'LANE_SIGNAL_TIME_INVALID',
      `dated ${new Date(at * 1000).toISOString()}, outside the accepted window around the gateway clock`,
    );
}

/** A reader's refusal as a coded problem; the finding code and its parameters in `detail`. */
function refusal(
  kind: 'INDICATORS' | 'OVERRIDE',
  code: IndicatorCode | OverrideReadCode,
  params: Record<string, unknown> | undefined,
): HttpProblem {
  const detail = `${code} ${JSON.stringify(params ?? {})}`;
  const short = code.replace(/^(INDICATOR|OVERRIDE)_/, '');
  if (kind === 'INDICATORS')
    return UNSIGNED.has(short)
      ? new HttpProblem(422, 'INDICATORS_UNSIGNED', detail)
      : new HttpProblem(422, 'INDICATORS_INVALID', detail);
  if (UNSIGNED.has(short)) return new HttpProblem(422, 'BREAKER_OVERRIDE_UNSIGNED', detail);
  if (code === 'OVERRIDE_REASON_MISSING')
    return new HttpProblem(422, 'BREAKER_OVERRIDE_REASON_MISSING', detail);
  return new HttpProblem(422, 'BREAKER_OVERRIDE_INVALID', detail);
}

/** `lane_signals` (`0007-breakers`), merged into `CorridorSchema` like the lane tables. */
export interface LaneSignalsTable {
  id: Identity;
  kind: LaneSignalKind;
  country: string;
  series: string;
  seq: Int8;
  lane_id: string | null;
  issued_at: Timestamp;
  last_day: string | null;
  digest: Uint8Array;
  cose: Uint8Array;
  version: Int8;
  recorded_at: Timestamp;
}

declare module '../db/schema.js' {
  interface CorridorSchema {
    lane_signals: LaneSignalsTable;
  }
}
