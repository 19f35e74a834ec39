import type { FindingParams } from '../../report/finding.js';
import { DAY_SECONDS } from '../indicators/calendar.js';
import { DERIVE_FUNCTIONS, type DeriveSpec, MAX_WINDOW } from '../indicators/derive.js';
import { COUNTRY, INDICATOR_NAME } from '../indicators/document.js';
import {
  COMPARISONS,
  type Comparison,
  compareExact,
  exactOf,
  type IndicatorValue,
  isIndicatorValue,
} from '../indicators/rational.js';
import type { BreakerCode } from './findings.js';

/** Whose figures a breaker watches: any party's, all parties' at once, or one named country's. */
export type BreakerSide = 'either' | 'both' | (string & {});

/**
 * What a suspension stops, a ladder in which each step includes the one before:
 * `pause-applications` stops new applications; `suspend-new-passes` also stops issuing
 * passes; `suspend-entry` also stops entry, except for passes the grandfathering policy honours.
 */
export type BreakerScope = 'pause-applications' | 'suspend-new-passes' | 'suspend-entry';

/** Every scope, from the mildest. */
export const BREAKER_SCOPES: readonly BreakerScope[] = [
  'pause-applications',
  'suspend-new-passes',
  'suspend-entry',
];

/** What a scope blocks on the node and at the checkpoint. */
export type Blocked = 'applications' | 'new-passes' | 'entry';

/** The things each scope blocks (the ladder made explicit). */
export const BLOCKED_BY_SCOPE: Readonly<Record<BreakerScope, readonly Blocked[]>> = {
  'pause-applications': ['applications'],
  'suspend-new-passes': ['applications', 'new-passes'],
  'suspend-entry': ['applications', 'new-passes', 'entry'],
};

/**
 * Which passes issued before a suspension stay good while it is in force:
 * - `honour-issued-before-announcement`: those issued before the announcement (Singapore's
 *   Reciprocal Green Lanes in 2021, the VTL's sold tickets);
 * - `honour-boarding-within-days`: those issued before the announcement whose scheduled boarding
 *   is less than `days` days after the effective time (a grace period);
 * - `cancel`: none (only with `suspend-entry`).
 */
export type Grandfathering =
  | { policy: 'honour-issued-before-announcement' }
  | { policy: 'honour-boarding-within-days'; days: number }
  | { policy: 'cancel' };

/** A length of time: exactly one of whole `hours` or whole `days` (24 hours each). */
export type Duration = { hours: number; days?: undefined } | { days: number; hours?: undefined };

/** A comparison with a threshold: `{ comparison: '>', threshold: 5 }` is "above 5". */
export interface Condition {
  comparison: Comparison;
  threshold: IndicatorValue;
}

/**
 * One circuit breaker, as the lane agreement states it. With an `indicator` the breaker trips
 * on the formula; without one it is manual: only a signed override trips it.
 *
 * @example The Hong Kong–Singapore air travel bubble (November 2020)
 * const hkSg: BreakerSpec = {
 *   id: 'unlinked-7d', indicator: 'unlinked-cases', derive: { fn: 'mean', window: 7 },
 *   side: 'either', trip: { comparison: '>', threshold: 5 },
 *   leadTime: { days: 2 }, suspension: { days: 14 },
 *   resumption: { comparison: '<', threshold: 5 },
 *   scope: 'suspend-entry', grandfathering: { policy: 'cancel' },
 * };
 */
export interface BreakerSpec {
  /** Stable name within the lane, lower-case words joined by hyphens. */
  id: string;
  /** The indicator watched; absent for a manual breaker. */
  indicator?: string;
  /** `lane` reads the figures published for this lane (arrivals...); default `country`. */
  source?: 'country' | 'lane';
  /** How the daily series becomes the compared number (with `indicator`). */
  derive?: DeriveSpec;
  side: BreakerSide;
  /** When the breaker trips (with `indicator`). */
  trip?: Condition;
  /** From the announcement to the effective time. */
  leadTime: Duration;
  /** From the effective time to the planned end. */
  suspension: Duration;
  /**
   * The test at the planned end, on the derived value of the suspension's last day (in each
   * watched country's time zone): when every watched side passes it the breaker ends, else the
   * suspension is extended by `extension` (default: another `suspension`). Without it a
   * suspension ends at its planned end.
   */
  resumption?: Condition & { extension?: Duration };
  scope: BreakerScope;
  grandfathering: Grandfathering;
}

/** One defect of a breaker specification. */
export interface BreakerProblem {
  code: BreakerCode;
  params: FindingParams;
}

/** Most breakers one lane may name. */
export const MAX_BREAKERS = 16;
const BREAKER_ID = /^[a-z0-9][a-z0-9]*(-[a-z0-9]+)*$/;
const MAX_LEAD_SECONDS = 90 * DAY_SECONDS;
const MAX_SUSPENSION_SECONDS = 366 * DAY_SECONDS;

const SPEC_KEYS = new Set([
  'id',
  'indicator',
  'source',
  'derive',
  'side',
  'trip',
  'leadTime',
  'suspension',
  'resumption',
  'scope',
  'grandfathering',
]);

/** A duration in seconds. */
export function durationSeconds(d: Duration): number {
  return d.days !== undefined ? d.days * DAY_SECONDS : d.hours! * 3600;
}

/**
 * Checks breaker specifications (typed, or decoded from a lane document) and lists every
 * defect: shape, limits, a side that is not a party, a grandfathering policy the scope cannot
 * apply, a resumption test that a value could pass while the breaker trips again. An empty
 * list means the breakers are usable by {@link evaluateBreakers}.
 *
 * @example
 * validateBreakers([hkSg], ['HK', 'SG']) // []
 */
export function validateBreakers(specs: unknown, parties: readonly string[]): BreakerProblem[] {
  const problems: BreakerProblem[] = [];
  if (!Array.isArray(specs)) {
    return [problem('BREAKER_FIELD_INVALID', '-', 'breakers', 'not an array')];
  }
  if (specs.length > MAX_BREAKERS) {
    return [{ code: 'BREAKER_TOO_MANY', params: { count: specs.length, limit: MAX_BREAKERS } }];
  }
  const seen = new Set<string>();
  for (const spec of specs) {
    const before = problems.length;
    checkSpec(spec, parties, problems);
    if (problems.length === before) {
      const id = (spec as BreakerSpec).id;
      if (seen.has(id)) problems.push({ code: 'BREAKER_DUPLICATE', params: { breaker: id } });
      seen.add(id);
    }
  }
  return problems;
}

/**
 * Reads breaker specifications from a decoded lane document (CBOR or JSON), refusing unknown
 * fields: the typed specifications, or every problem found.
 */
export function parseBreakers(
  value: unknown,
  parties: readonly string[],
): { ok: true; value: BreakerSpec[] } | { ok: false; problems: BreakerProblem[] } {
  const problems = validateBreakers(value, parties);
  return problems.length === 0
    ? { ok: true, value: (value as BreakerSpec[]).map(normalise) }
    : { ok: false, problems };
}

/**
 * The specifications as the plain map a lane document signs: fixed key order, absent fields
 * left out, so the same breakers always encode to the same bytes.
 */
export function encodeBreakers(specs: readonly BreakerSpec[]): Record<string, unknown>[] {
  return specs.map((s) => ({ ...normalise(s) }));
}

function normalise(s: BreakerSpec): BreakerSpec {
  const out: Record<string, unknown> = { id: s.id };
  if (s.indicator !== undefined) out.indicator = s.indicator;
  if (s.source !== undefined) out.source = s.source;
  if (s.derive !== undefined)
    out.derive = {
      fn: s.derive.fn,
      window: s.derive.window,
      ...(s.derive.per !== undefined ? { per: s.derive.per } : {}),
    };
  out.side = s.side;
  if (s.trip !== undefined) out.trip = condition(s.trip);
  out.leadTime = duration(s.leadTime);
  out.suspension = duration(s.suspension);
  if (s.resumption !== undefined) {
    out.resumption = {
      ...condition(s.resumption),
      ...(s.resumption.extension !== undefined
        ? { extension: duration(s.resumption.extension) }
        : {}),
    };
  }
  out.scope = s.scope;
  out.grandfathering =
    s.grandfathering.policy === 'honour-boarding-within-days'
      ? { policy: s.grandfathering.policy, days: s.grandfathering.days }
      : { policy: s.grandfathering.policy };
  return out as unknown as BreakerSpec;
}

function condition(c: Condition): Condition {
  const t = c.threshold;
  return {
    comparison: c.comparison,
    threshold: typeof t === 'number' ? t : { num: t.num, den: t.den },
  };
}

function duration(d: Duration): Duration {
  return d.days !== undefined ? { days: d.days } : { hours: d.hours! };
}

function problem(
  code: BreakerCode,
  breaker: string,
  field: string,
  reason: string,
): BreakerProblem {
  return { code, params: { breaker, field, reason } };
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.getPrototypeOf(v) === Object.prototype
  );
}

function own(v: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(v, key) ? v[key] : undefined;
}

function checkSpec(spec: unknown, parties: readonly string[], out: BreakerProblem[]): void {
  if (!isPlain(spec)) {
    out.push(problem('BREAKER_FIELD_INVALID', '-', 'breaker', 'not a map'));
    return;
  }
  const id = own(spec, 'id');
  if (typeof id !== 'string' || id.length > 63 || !BREAKER_ID.test(id)) {
    out.push({
      code: 'BREAKER_ID_INVALID',
      params: { breaker: typeof id === 'string' ? id.slice(0, 63) : '-' },
    });
    return;
  }
  const bad = (field: string, reason: string) =>
    out.push(problem('BREAKER_FIELD_INVALID', id, field, reason));
  for (const key of Object.keys(spec)) {
    if (!SPEC_KEYS.has(key)) bad(key.slice(0, 40), 'unknown field');
  }
  const indicator = own(spec, 'indicator');
  const manual = indicator === undefined;
  if (!manual && (typeof indicator !== 'string' || !isIndicatorName(indicator))) {
    bad('indicator', 'not an indicator name');
  }
  const source = own(spec, 'source');
  if (source !== undefined && source !== 'country' && source !== 'lane') {
    bad('source', 'neither country nor lane');
  }
  const derive = own(spec, 'derive');
  const trip = own(spec, 'trip');
  const resumption = own(spec, 'resumption');
  if (manual) {
    for (const [field, v] of [
      ['source', source],
      ['derive', derive],
      ['trip', trip],
      ['resumption', resumption],
    ] as const) {
      if (v !== undefined) bad(field, 'a manual breaker (no indicator) has no formula');
    }
  } else {
    checkDerive(derive, bad);
    if (!isCondition(trip)) bad('trip', 'not a comparison with an exact threshold');
  }
  const side = own(spec, 'side');
  if (side !== 'either' && side !== 'both') {
    if (typeof side !== 'string' || !COUNTRY.test(side) || !parties.includes(side)) {
      out.push({
        code: 'BREAKER_SIDE_UNKNOWN',
        params: { breaker: id, side: typeof side === 'string' ? side.slice(0, 40) : '-' },
      });
    }
  }
  checkDuration(own(spec, 'leadTime'), 0, MAX_LEAD_SECONDS, 'leadTime', bad);
  checkDuration(own(spec, 'suspension'), 3600, MAX_SUSPENSION_SECONDS, 'suspension', bad);
  if (resumption !== undefined) {
    if (!isPlain(resumption) || !isCondition(resumption, ['extension'])) {
      bad('resumption', 'not a comparison with an exact threshold');
    } else {
      const ext = own(resumption, 'extension');
      if (ext !== undefined)
        checkDuration(ext, 3600, MAX_SUSPENSION_SECONDS, 'resumption.extension', bad);
      if (isCondition(trip) && overlaps(trip, resumption as unknown as Condition)) {
        out.push({ code: 'BREAKER_RESUMPTION_CONTRADICTS_TRIP', params: { breaker: id } });
      }
    }
  }
  const scope = own(spec, 'scope');
  if (!BREAKER_SCOPES.includes(scope as BreakerScope)) bad('scope', 'not a known scope');
  const g = own(spec, 'grandfathering');
  const policy = isPlain(g) ? own(g, 'policy') : undefined;
  if (!isPlain(g)) bad('grandfathering', 'not a map');
  else if (policy === 'honour-boarding-within-days') {
    const days = own(g, 'days');
    if (!isWhole(days, 0, 366) || Object.keys(g).length !== 2)
      bad('grandfathering.days', 'not a whole number of days from 0 to 366');
  } else if (policy === 'honour-issued-before-announcement' || policy === 'cancel') {
    if (Object.keys(g).length !== 1) bad('grandfathering', 'unexpected field');
    if (
      policy === 'cancel' &&
      scope !== 'suspend-entry' &&
      BREAKER_SCOPES.includes(scope as BreakerScope)
    ) {
      out.push({
        code: 'BREAKER_GRANDFATHERING_CONFLICT',
        params: { breaker: id, policy, scope: scope as string },
      });
    }
  } else bad('grandfathering.policy', 'not a known policy');
}

function isIndicatorName(name: string): boolean {
  return name.length <= 63 && INDICATOR_NAME.test(name);
}

function checkDerive(derive: unknown, bad: (field: string, reason: string) => void): void {
  if (!isPlain(derive)) {
    bad('derive', 'missing or not a map');
    return;
  }
  const fn = own(derive, 'fn');
  const window = own(derive, 'window');
  const per = own(derive, 'per');
  if (Object.keys(derive).some((k) => k !== 'fn' && k !== 'window' && k !== 'per')) {
    bad('derive', 'unknown field');
  }
  if (!DERIVE_FUNCTIONS.includes(fn as DeriveSpec['fn'])) bad('derive.fn', 'not a known function');
  if (!isWhole(window, 1, MAX_WINDOW))
    bad('derive.window', `not a whole number from 1 to ${MAX_WINDOW}`);
  if (fn === 'ratio') {
    if (typeof per !== 'string' || !isIndicatorName(per))
      bad('derive.per', 'ratio needs the denominator indicator');
  } else if (per !== undefined) bad('derive.per', 'only a ratio has a denominator');
}

function isCondition(c: unknown, extra: readonly string[] = []): c is Condition {
  if (!isPlain(c)) return false;
  if (Object.keys(c).some((k) => k !== 'comparison' && k !== 'threshold' && !extra.includes(k)))
    return false;
  const t = own(c, 'threshold');
  if (isPlain(t) && Object.keys(t).some((k) => k !== 'num' && k !== 'den')) return false;
  return COMPARISONS.includes(own(c, 'comparison') as Comparison) && isIndicatorValue(t);
}

function checkDuration(
  d: unknown,
  min: number,
  max: number,
  field: string,
  bad: (field: string, reason: string) => void,
): void {
  const keys = isPlain(d) ? Object.keys(d) : [];
  const unit = keys.length === 1 ? keys[0] : undefined;
  const n = unit && isPlain(d) ? own(d, unit) : undefined;
  if ((unit !== 'days' && unit !== 'hours') || !isWhole(n, 0, max)) {
    bad(field, 'not exactly one of whole hours or whole days');
    return;
  }
  const seconds = (n as number) * (unit === 'days' ? DAY_SECONDS : 3600);
  if (seconds < min || seconds > max) bad(field, `outside ${min / 3600} to ${max / 3600} hours`);
}

function isWhole(n: unknown, min: number, max: number): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;
}

/**
 * Whether some value would pass the resumption test and trip the breaker at once: then a
 * breaker could end and re-trip on the same figure, and the lane would flap.
 */
function overlaps(trip: Condition, resume: Condition): boolean {
  const rising = trip.comparison === '>' || trip.comparison === '>=';
  const falling = resume.comparison === '<' || resume.comparison === '<=';
  if (rising !== falling) return true; // same direction: unbounded overlap
  const [low, high] = rising ? [trip, resume] : [resume, trip];
  // Values v with v (>|>=) low.threshold and v (<|<=) high.threshold exist when low < high,
  // or when they are equal and both bounds are inclusive.
  const c = compareExact(exactOf(low.threshold), exactOf(high.threshold));
  if (c < 0) return true;
  return c === 0 && low.comparison.endsWith('=') && high.comparison.endsWith('=');
}
