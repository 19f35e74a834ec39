import { Tagged } from '../../cbor/tagged.js';
import { fail, ok, type Result } from '../../lib/result.js';
import { dayNumber, isTimeZone } from './calendar.js';
import { type IndicatorValue, isIndicatorValue } from './rational.js';

/** COSE content type (protected header label 3) of a signed indicator document. */
export const INDICATORS_CONTENT_TYPE = 'application/corridor-indicators+cbor';

/**
 * The indicators the lanes of 2020–21 watched. Any other name matching
 * {@link INDICATOR_NAME} may be published too (user-defined indicators).
 * - `daily-cases`: new confirmed cases reported that day.
 * - `unlinked-cases`: new cases with no known link (the Hong Kong–Singapore trigger).
 * - `lane-test-positivity`: positive tests among lane travellers, as a fraction.
 * - `arrivals`: travellers who arrived through the lane that day (a lane figure).
 * - `positives-on-arrival`: of those, how many tested positive on arrival (a lane figure).
 */
export const INDICATOR_NAMES = [
  'daily-cases',
  'unlinked-cases',
  'lane-test-positivity',
  'arrivals',
  'positives-on-arrival',
] as const;

/** Indicator names: lower-case words joined by hyphens, at most 63 characters. */
export const INDICATOR_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** Lane identifiers as indicator documents may name them. */
export const LANE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
/** ISO 3166-1 alpha-2 country codes. */
export const COUNTRY = /^[A-Z]{2}$/;

/** Most points one document may carry: three years of daily values. */
export const MAX_POINTS = 1100;

/** One day's value in a series. */
export interface IndicatorPoint {
  /** Calendar date in the publishing country's time zone, `YYYY-MM-DD`. */
  date: string;
  value: IndicatorValue;
}

/**
 * What a health authority signs: the values of one indicator for some days. A later document
 * (higher `sequence`) may repeat a day with a corrected value; for each day the value from the
 * highest sequence wins, so both nodes agree whatever order the documents reached them in.
 */
export interface IndicatorDocument {
  /** ISO 3166-1 alpha-2 code of the publishing country; its authority key signs. */
  country: string;
  /** Indicator name (see {@link INDICATOR_NAMES}). */
  indicator: string;
  /** IANA time zone the dates are counted in (`Asia/Seoul`). */
  timeZone: string;
  /** Set for a lane's own figures (arrivals, positives on arrival) to the lane's id. */
  lane?: string;
  /** Publication counter of this (country, indicator, lane) series; higher is newer. */
  sequence: number;
  /** When the authority published the document (NumericDate seconds). */
  issuedAt: number;
  /** The values, dates strictly increasing. */
  points: IndicatorPoint[];
}

/** The document as the CBOR map its authority signs (text keys, fixed order). */
export function indicatorPayload(doc: IndicatorDocument): Record<string, unknown> {
  return {
    country: doc.country,
    indicator: doc.indicator,
    tz: doc.timeZone,
    ...(doc.lane !== undefined ? { lane: doc.lane } : {}),
    seq: doc.sequence,
    iat: doc.issuedAt,
    // A fraction is CBOR tag 30 (rational number, [numerator, denominator]).
    points: doc.points.map((p) => [
      p.date,
      typeof p.value === 'number' ? p.value : new Tagged(30, [p.value.num, p.value.den]),
    ]),
  };
}

/** Codes {@link parseIndicatorDocument} answers with. */
export type IndicatorShapeCode =
  | 'INDICATOR_MALFORMED'
  | 'INDICATOR_DATE_INVALID'
  | 'INDICATOR_VALUE_INVALID'
  | 'INDICATOR_LIMIT_EXCEEDED';

const KEYS = new Set(['country', 'indicator', 'tz', 'lane', 'seq', 'iat', 'points']);

/**
 * Checks a decoded payload field by field and returns the document, or the first defect. Every
 * rule here is also a rule for {@link signIndicators}: an authority cannot sign what no reader
 * accepts.
 */
export function parseIndicatorDocument(
  value: unknown,
): Result<IndicatorDocument, IndicatorShapeCode> {
  if (!value || typeof value !== 'object' || Array.isArray(value) || value instanceof Map) {
    return fail('INDICATOR_MALFORMED', { reason: 'not a map with text keys' });
  }
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) {
    if (!KEYS.has(key))
      return fail('INDICATOR_MALFORMED', { reason: `unknown field ${clip(key)}` });
  }
  const field = (k: string) => (Object.hasOwn(v, k) ? v[k] : undefined);
  const country = field('country');
  if (typeof country !== 'string' || !COUNTRY.test(country)) {
    return fail('INDICATOR_MALFORMED', { reason: 'country is not an ISO 3166-1 alpha-2 code' });
  }
  const indicator = field('indicator');
  if (typeof indicator !== 'string' || indicator.length > 63 || !INDICATOR_NAME.test(indicator)) {
    return fail('INDICATOR_MALFORMED', { reason: 'indicator name is not valid' });
  }
  const timeZone = field('tz');
  if (!isTimeZone(timeZone))
    return fail('INDICATOR_MALFORMED', { reason: 'tz is not a known time zone' });
  const lane = field('lane');
  if (lane !== undefined && (typeof lane !== 'string' || !LANE_ID.test(lane))) {
    return fail('INDICATOR_MALFORMED', { reason: 'lane is not a lane identifier' });
  }
  const sequence = field('seq');
  if (!isCount(sequence))
    return fail('INDICATOR_MALFORMED', { reason: 'seq is not a whole number' });
  const issuedAt = field('iat');
  if (!isCount(issuedAt))
    return fail('INDICATOR_MALFORMED', { reason: 'iat is not a NumericDate' });
  const raw = field('points');
  if (!Array.isArray(raw)) return fail('INDICATOR_MALFORMED', { reason: 'points is not an array' });
  if (raw.length > MAX_POINTS) {
    return fail('INDICATOR_LIMIT_EXCEEDED', { reason: `more than ${MAX_POINTS} points` });
  }
  const points: IndicatorPoint[] = [];
  let previous = -1;
  for (const p of raw) {
    if (!Array.isArray(p) || p.length !== 2) {
      return fail('INDICATOR_MALFORMED', { reason: 'a point is not a [date, value] pair' });
    }
    const day = dayNumber(p[0]);
    if (day === undefined) return fail('INDICATOR_DATE_INVALID', { date: clip(String(p[0])) });
    if (day <= previous) {
      return fail('INDICATOR_DATE_INVALID', { date: p[0] as string });
    }
    previous = day;
    const value = readValue(p[1]);
    if (value === undefined) return fail('INDICATOR_VALUE_INVALID', { date: p[0] as string });
    points.push({ date: p[0] as string, value });
  }
  const doc: IndicatorDocument = { country, indicator, timeZone, sequence, issuedAt, points };
  if (lane !== undefined) doc.lane = lane as string;
  return ok(doc);
}

function readValue(raw: unknown): IndicatorValue | undefined {
  if (typeof raw === 'number') return isIndicatorValue(raw) ? raw : undefined;
  if (!(raw instanceof Tagged) || raw.tag !== 30) return undefined;
  const pair = raw.value;
  if (!Array.isArray(pair) || pair.length !== 2) return undefined;
  const value = { num: pair[0] as number, den: pair[1] as number };
  return isIndicatorValue(value) ? value : undefined;
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/** Hostile text shortened before it goes into a message. */
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
