/**
 * Builders for circuit-breaker tests: signed daily indicator documents as a health authority
 * publishes them, and signed overrides, each read back through the real readers so tests only
 * ever feed the state machine verified inputs.
 */
import {
  type BreakerOverride,
  readOverride,
  signOverride,
  type VerifiedOverride,
} from '../src/lanes/breaker/override.js';
import type { BreakerSpec } from '../src/lanes/breaker/spec.js';
import { calendarDate, dayNumber } from '../src/lanes/indicators/calendar.js';
import type { IndicatorValue } from '../src/lanes/indicators/rational.js';
import { readIndicators, type VerifiedIndicators } from '../src/lanes/indicators/read.js';
import { signIndicators } from '../src/lanes/indicators/sign.js';
import { authorityKeys, type TestAuthority } from './authority.js';

/** A published document: its signed bytes and what the reader made of them. */
export interface Published<V> {
  bytes: Uint8Array;
  verified: V;
}

/** NumericDate seconds of an ISO instant. */
export const seconds = (isoInstant: string) => Date.parse(isoInstant) / 1000;

/**
 * One document per day, as the HK and SG health authorities published them in 2020: the value
 * for day D is published on day D+1 at `publishAt` local time (`HH:MM`, in `offset` such as
 * `+08:00`), with sequence numbers counting up from `firstSequence`.
 */
export async function dailyFigures(
  authority: TestAuthority,
  options: {
    indicator?: string;
    timeZone: string;
    offset: string;
    from: string;
    values: readonly IndicatorValue[];
    publishAt?: string;
    firstSequence?: number;
    lane?: string;
  },
): Promise<Published<VerifiedIndicators>[]> {
  const out: Published<VerifiedIndicators>[] = [];
  const first = dayNumber(options.from)!;
  for (let i = 0; i < options.values.length; i++) {
    const date = calendarDate(first + i);
    const published = `${calendarDate(first + i + 1)}T${options.publishAt ?? '10:00'}:00${options.offset}`;
    const bytes = await signIndicators(
      {
        country: authority.country,
        indicator: options.indicator ?? 'unlinked-cases',
        timeZone: options.timeZone,
        ...(options.lane ? { lane: options.lane } : {}),
        sequence: (options.firstSequence ?? 1) + i,
        issuedAt: seconds(published),
        points: [{ date, value: options.values[i]! }],
      },
      authority.signer,
    );
    out.push({ bytes, verified: await readBack(bytes, authority) });
  }
  return out;
}

async function readBack(bytes: Uint8Array, authority: TestAuthority): Promise<VerifiedIndicators> {
  const r = await readIndicators(bytes, authorityKeys(authority));
  if (!r.ok) throw new Error(`test document refused: ${r.code}`);
  return r.value;
}

/** Signs an override with `authority` and reads it back with `verifiers` (default: the signer). */
export async function signedOverride(
  authority: TestAuthority,
  override: Omit<BreakerOverride, 'country'> & { country?: string },
): Promise<Published<VerifiedOverride>> {
  const bytes = await signOverride({ country: authority.country, ...override }, authority.signer);
  const r = await readOverride(bytes, authorityKeys(authority));
  if (!r.ok) throw new Error(`test override refused: ${r.code}`);
  return { bytes, verified: r.value };
}

/**
 * The Hong Kong–Singapore bubble's rule (7-day mean of unlinked cases above 5 on either side,
 * effective two days after the announcement, two weeks, resume under 5), with the scope and
 * grandfathering a test needs (default: new passes suspended, passes issued before the
 * announcement honoured).
 */
export function unlinkedCasesRule(over: Partial<BreakerSpec> = {}): BreakerSpec {
  return {
    id: 'unlinked-7d',
    indicator: 'unlinked-cases',
    derive: { fn: 'mean', window: 7 },
    side: 'either',
    trip: { comparison: '>', threshold: 5 },
    leadTime: { days: 2 },
    suspension: { days: 14 },
    resumption: { comparison: '<', threshold: 5 },
    scope: 'suspend-new-passes',
    grandfathering: { policy: 'honour-issued-before-announcement' },
    ...over,
  };
}
