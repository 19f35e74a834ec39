/**
 * The breaker's fast comparison (`holdsOnDay`, doubles for whole counts) must answer exactly as
 * the exact path (`deriveOnDay` then `holds`) for every series, derivation and threshold
 * (fast-check, fixed seed; a failure prints the seed and the counterexample).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breather } from '../../../test-support/breathe.js';
import { calendarDate } from './calendar.js';
import { type DeriveSpec, deriveOnDay, holdsOnDay } from './derive.js';
import { COMPARISONS, exactOf, holds, type IndicatorValue, MAX_MAGNITUDE } from './rational.js';
import type { VerifiedIndicators } from './read.js';
import { IndicatorSeries } from './series.js';

const FIRST = 18_600;

/** A series from values (undefined: a missing day), as if read from one signed document. */
function series(indicator: string, values: (IndicatorValue | undefined)[]): IndicatorSeries {
  const s = new IndicatorSeries('KR', indicator);
  const points = values.flatMap((value, i) =>
    value === undefined ? [] : [{ date: calendarDate(FIRST + i), value }],
  );
  s.apply({
    document: {
      country: 'KR',
      indicator,
      timeZone: 'Asia/Seoul',
      sequence: 1,
      issuedAt: 0,
      points,
    },
    signer: { country: 'KR', kid: '00' },
    digest: indicator,
  } as unknown as VerifiedIndicators);
  return s;
}

const magnitude = fc.oneof(
  fc.integer({ min: 0, max: 20 }),
  fc.integer({ min: -MAX_MAGNITUDE, max: MAX_MAGNITUDE }),
);
const value: fc.Arbitrary<IndicatorValue | undefined> = fc.oneof(
  { weight: 8, arbitrary: magnitude },
  { weight: 1, arbitrary: fc.constant(undefined) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 2, max: 1000 }))
      .filter(([n, d]) => gcd(n, d) === 1)
      .map(([num, den]) => ({ num, den })),
  },
);
const threshold: fc.Arbitrary<IndicatorValue> = fc.oneof(
  magnitude,
  fc
    .tuple(
      fc.integer({ min: -MAX_MAGNITUDE, max: MAX_MAGNITUDE }),
      fc.integer({ min: 2, max: MAX_MAGNITUDE }),
    )
    .filter(([n, d]) => gcd(n, d) === 1)
    .map(([num, den]) => ({ num, den })),
);

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  while (b) [a, b] = [b, a % b];
  return a;
}

describe('holdsOnDay', () => {
  it('answers exactly as the exact derivation for every series, window and threshold', async () => {
    const breathe = breather();
    await fc.assert(
      fc.asyncProperty(
        fc.array(value, { minLength: 1, maxLength: 30 }),
        fc.array(value, { minLength: 30, maxLength: 30 }),
        fc.constantFrom<DeriveSpec['fn']>('mean', 'sum', 'max', 'min', 'ratio'),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 29 }),
        fc.constantFrom(...COMPARISONS),
        threshold,
        fc.boolean(),
        async (top, bottom, fn, window, offset, comparison, given, atValue) => {
          await breathe();
          const a = series('positives-on-arrival', top);
          const b = series('arrivals', bottom);
          const spec: DeriveSpec =
            fn === 'ratio' ? { fn, window, per: 'arrivals' } : { fn, window };
          const day = FIRST + offset;
          const exact = deriveOnDay(a, spec, day, b);
          // Half the time the threshold is the value itself: the boundary is where bugs live.
          const t = atValue && exact ? exact : exactOf(given);
          const expected = exact && holds(exact, comparison, t);
          expect(holdsOnDay(a, spec, day, b, comparison, t)).toBe(expected);
        },
      ),
      { seed: 7305, numRuns: 20_000 },
    );
  });
});
