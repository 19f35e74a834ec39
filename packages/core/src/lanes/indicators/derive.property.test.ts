/**
 * The breaker's fast comparison (`holdsOnDay`, doubles for whole counts) must answer exactly as
 * the exact path (`deriveOnDay` then `holds`) for every series, derivation and threshold
 * (fast-check, fixed seed; a failure prints the seed and the counterexample). So must the
 * fold's remembered window sums (`WindowSum`), which slide instead of reading the window again.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breather } from '../../../test-support/breathe.js';
import { calendarDate } from './calendar.js';
import {
  type DeriveSpec,
  derivedText,
  deriveOnDay,
  holdsOnDay,
  numericThreshold,
  WindowSum,
} from './derive.js';
import {
  COMPARISONS,
  decimalExact,
  exactOf,
  formatExact,
  holds,
  type IndicatorValue,
  MAX_MAGNITUDE,
} from './rational.js';
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

/** A count's series and its denominator's, a derivation of them and the day to derive on. */
const derivation = fc.tuple(
  fc.array(value, { minLength: 1, maxLength: 30 }),
  fc.array(value, { minLength: 30, maxLength: 30 }),
  fc.constantFrom<DeriveSpec['fn']>('mean', 'sum', 'max', 'min', 'ratio'),
  fc.integer({ min: 1, max: 30 }),
  fc.integer({ min: 0, max: 29 }),
);

function derive([top, bottom, fn, window, offset]: typeof derivation extends fc.Arbitrary<infer T>
  ? T
  : never) {
  const spec: DeriveSpec = fn === 'ratio' ? { fn, window, per: 'arrivals' } : { fn, window };
  return {
    a: series('positives-on-arrival', top),
    b: series('arrivals', bottom),
    spec,
    day: FIRST + offset,
  };
}

describe('holdsOnDay', () => {
  it('answers exactly as the exact derivation for every series, window and threshold', async () => {
    const breathe = breather();
    await fc.assert(
      fc.asyncProperty(
        derivation,
        fc.constantFrom(...COMPARISONS),
        threshold,
        fc.boolean(),
        async (drawn, comparison, given, atValue) => {
          await breathe();
          const { a, b, spec, day } = derive(drawn);
          const exact = deriveOnDay(a, spec, day, b);
          // Half the time the threshold is the value itself: the boundary is where bugs live.
          const t = atValue && exact ? exact : exactOf(given);
          const expected = exact && holds(exact, comparison, t);
          expect(holdsOnDay(a, spec, day, b, comparison, t)).toBe(expected);
          // As the fold asks: the threshold converted to doubles once.
          expect(holdsOnDay(a, spec, day, b, comparison, numericThreshold(t))).toBe(expected);
        },
      ),
      { seed: 7305, numRuns: 20_000 },
    );
  });
});

describe('derivedText', () => {
  it('writes what the exact derivation writes, for every series, window and magnitude', async () => {
    const breathe = breather();
    await fc.assert(
      fc.asyncProperty(derivation, async (drawn) => {
        await breathe();
        const { a, b, spec, day } = derive(drawn);
        const exact = deriveOnDay(a, spec, day, b);
        expect(derivedText(a, spec, day, b)).toEqual(
          exact && { value: formatExact(exact), display: decimalExact(exact) },
        );
      }),
      { seed: 1207, numRuns: 10_000 },
    );
  });
});

/** The window sum read day by day, as the breaker's fast path must answer it. */
function straightSum(
  s: IndicatorSeries,
  day: number,
  window: number,
): number | 'missing' | 'fraction' {
  let sum = 0;
  for (let d = day - window + 1; d <= day; d++) {
    const v = s.valueAt(d);
    if (v === undefined) return 'missing';
    if (typeof v !== 'number') return 'fraction';
    sum += v;
  }
  return sum;
}

describe('WindowSum', () => {
  it('answers as the whole window read again, through corrections, late days and fractions', async () => {
    const breathe = breather();
    /** A step: a document (sequence, points) merged, then the window asked about a day. */
    const step = fc.record({
      sequence: fc.integer({ min: 1, max: 40 }),
      points: fc.array(fc.record({ offset: fc.integer({ min: 0, max: 40 }), value: value }), {
        minLength: 1,
        maxLength: 3,
      }),
      ask: fc.oneof(
        { weight: 6, arbitrary: fc.constant('newest' as const) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 45 }) },
      ),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 10 }),
        async (steps, window) => {
          await breathe();
          const s = new IndicatorSeries('KR', 'arrivals');
          const sum = new WindowSum();
          steps.forEach((st, n) => {
            const byDay = new Map<number, IndicatorValue>();
            for (const p of st.points) if (p.value !== undefined) byDay.set(p.offset, p.value);
            const points = [...byDay]
              .sort(([a], [b]) => a - b)
              .map(([offset, v]) => ({ date: calendarDate(FIRST + offset), value: v }));
            if (points.length > 0) {
              s.apply({
                document: {
                  country: 'KR',
                  indicator: 'arrivals',
                  timeZone: 'Asia/Seoul',
                  sequence: st.sequence,
                  issuedAt: n,
                  points,
                },
                signer: { country: 'KR', kid: '00' },
                digest: `d${n}`,
              } as unknown as VerifiedIndicators);
            }
            if (!Number.isFinite(s.lastDay)) return;
            const day = st.ask === 'newest' ? s.lastDay : FIRST + st.ask;
            const expected = straightSum(s, day, window);
            const got = sum.of(s, day, window);
            expect(got === -0.5 ? 'missing' : got === 0.5 ? 'fraction' : got).toBe(expected);
          });
        },
      ),
      { seed: 20261207, numRuns: 3000 },
    );
  });
});
