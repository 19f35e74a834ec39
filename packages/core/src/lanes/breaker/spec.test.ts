import { describe, expect, it } from 'vitest';
import { unlinkedCasesRule } from '../../../test-support/breakers.js';
import { decodeCbor } from '../../cbor/decode.js';
import { encodeCbor } from '../../cbor/encode.js';
import { makeFinding } from '../../report/catalog.js';
import { type BreakerSpec, encodeBreakers, parseBreakers, validateBreakers } from './spec.js';

const HK_SG: BreakerSpec = unlinkedCasesRule({
  scope: 'suspend-entry',
  grandfathering: { policy: 'cancel' },
});
const PARTIES = ['HK', 'SG'];

const codes = (specs: unknown) => validateBreakers(specs, PARTIES).map((p) => p.code);
const withChange = (change: Record<string, unknown>) => [{ ...HK_SG, ...change }];

describe('validateBreakers', () => {
  it('accepts the Hong Kong–Singapore breaker, a manual one and a lane-figure ratio', () => {
    const manual: BreakerSpec = {
      id: 'omicron-freeze',
      side: 'SG',
      leadTime: { hours: 0 },
      suspension: { days: 28 },
      scope: 'suspend-new-passes',
      grandfathering: { policy: 'honour-issued-before-announcement' },
    };
    const positivity: BreakerSpec = {
      id: 'arrival-positivity',
      indicator: 'positives-on-arrival',
      source: 'lane',
      derive: { fn: 'ratio', window: 14, per: 'arrivals' },
      side: 'both',
      trip: { comparison: '>=', threshold: { num: 1, den: 50 } },
      leadTime: { hours: 36 },
      suspension: { days: 7 },
      resumption: { comparison: '<', threshold: { num: 1, den: 100 }, extension: { days: 3 } },
      scope: 'pause-applications',
      grandfathering: { policy: 'honour-boarding-within-days', days: 3 },
    };
    expect(validateBreakers([HK_SG, manual, positivity], PARTIES)).toEqual([]);
  });

  it.each([
    ['an id with capitals', { id: 'Unlinked' }, 'BREAKER_ID_INVALID'],
    ['an unknown field', { extra: true }, 'BREAKER_FIELD_INVALID'],
    ['an unknown derivation', { derive: { fn: 'median', window: 7 } }, 'BREAKER_FIELD_INVALID'],
    ['a window of 0 days', { derive: { fn: 'mean', window: 0 } }, 'BREAKER_FIELD_INVALID'],
    ['a window over a year', { derive: { fn: 'mean', window: 367 } }, 'BREAKER_FIELD_INVALID'],
    [
      'a ratio without denominator',
      { derive: { fn: 'ratio', window: 7 } },
      'BREAKER_FIELD_INVALID',
    ],
    ['a float threshold', { trip: { comparison: '>', threshold: 4.5 } }, 'BREAKER_FIELD_INVALID'],
    [
      'a fraction not in lowest terms',
      { trip: { comparison: '>', threshold: { num: 10, den: 2 } } },
      'BREAKER_FIELD_INVALID',
    ],
    [
      'an unknown comparison',
      { trip: { comparison: '!=', threshold: 5 } },
      'BREAKER_FIELD_INVALID',
    ],
    ['a side that is not a party', { side: 'KR' }, 'BREAKER_SIDE_UNKNOWN'],
    ['both hours and days', { leadTime: { days: 2, hours: 1 } }, 'BREAKER_FIELD_INVALID'],
    ['a lead time over 90 days', { leadTime: { days: 91 } }, 'BREAKER_FIELD_INVALID'],
    ['a suspension of no length', { suspension: { hours: 0 } }, 'BREAKER_FIELD_INVALID'],
    ['an unknown scope', { scope: 'close-borders' }, 'BREAKER_FIELD_INVALID'],
    ['an unknown policy', { grandfathering: { policy: 'honour-all' } }, 'BREAKER_FIELD_INVALID'],
    [
      'grace days missing',
      { grandfathering: { policy: 'honour-boarding-within-days' } },
      'BREAKER_FIELD_INVALID',
    ],
    [
      'cancel without suspending entry',
      { scope: 'suspend-new-passes' },
      'BREAKER_GRANDFATHERING_CONFLICT',
    ],
    ['a formula without a trip condition', { trip: undefined }, 'BREAKER_FIELD_INVALID'],
    [
      'a trip on a manual breaker',
      { indicator: undefined, derive: undefined, resumption: undefined },
      'BREAKER_FIELD_INVALID',
    ],
  ])('refuses %s', (_, change, code) => {
    expect(codes(withChange(change))).toContain(code);
  });

  it.each([
    // [trip, resumption, contradicts?]
    ['>', 5, '<', 5, false],
    ['>', 5, '<=', 5, false],
    ['>=', 5, '<', 5, false],
    ['>=', 5, '<=', 5, true],
    ['>', 5, '<', 6, true],
    ['>', 5, '<', 4, false],
    ['>', 5, '>', 7, true],
    ['<', 1, '>', 2, false],
    ['<', 2, '>', 1, true],
  ])('trip %s %i with resumption %s %i contradicts: %s', (tc, tt, rc, rt, contradicts) => {
    const spec = {
      ...HK_SG,
      trip: { comparison: tc, threshold: tt },
      resumption: { comparison: rc, threshold: rt },
    };
    expect(codes([spec]).includes('BREAKER_RESUMPTION_CONTRADICTS_TRIP')).toBe(contradicts);
  });

  it('refuses duplicates, too many breakers and non-arrays, with messages in three languages', () => {
    expect(codes([HK_SG, HK_SG])).toEqual(['BREAKER_DUPLICATE']);
    expect(codes(Array(17).fill(HK_SG))).toEqual(['BREAKER_TOO_MANY']);
    expect(codes({})).toEqual(['BREAKER_FIELD_INVALID']);
    const [p] = validateBreakers(withChange({ side: 'KR' }), PARTIES);
    expect(makeFinding(p!.code, 'zh', p!.params).message).toBe(
      '熔断机制 "unlinked-7d" 监测的一方 "KR" 既不是 "either"、"both"，也不是该通道的参与国。',
    );
  });

  it('survives hostile shapes without throwing', () => {
    for (const bad of [
      null,
      1,
      'x',
      [null],
      [[]],
      [{ id: { toString: 1 } }],
      [{ __proto__: null, id: 'a' }],
    ]) {
      expect(() => validateBreakers(bad, PARTIES)).not.toThrow();
      expect(validateBreakers(bad, PARTIES).length).toBeGreaterThan(0);
    }
  });
});

describe('encodeBreakers / parseBreakers', () => {
  it('round-trips through CBOR to the same specifications and the same bytes', () => {
    const bytes = encodeCbor(encodeBreakers([HK_SG]));
    const decoded = decodeCbor(bytes);
    expect(decoded.ok).toBe(true);
    const parsed = parseBreakers(decoded.ok ? decoded.value : undefined, PARTIES);
    expect(parsed).toEqual({ ok: true, value: [HK_SG] });
    if (parsed.ok) expect(encodeCbor(encodeBreakers(parsed.value))).toEqual(bytes);
  });

  it('encodes the same breakers to the same bytes whatever order their fields were written in', () => {
    const shuffled = Object.fromEntries(Object.entries(HK_SG).reverse()) as unknown as BreakerSpec;
    expect(encodeCbor(encodeBreakers([shuffled]))).toEqual(encodeCbor(encodeBreakers([HK_SG])));
  });

  it('lists every problem at once', () => {
    const r = parseBreakers([{ ...HK_SG, side: 'KR', scope: 'nope' }], PARTIES);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems.map((p) => p.code).sort()).toEqual([
        'BREAKER_FIELD_INVALID',
        'BREAKER_SIDE_UNKNOWN',
      ]);
  });
});
