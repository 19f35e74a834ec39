import { beforeAll, describe, expect, it } from 'vitest';
import {
  authorityKeys,
  makeAuthority,
  type TestAuthority,
} from '../../../test-support/authority.js';
import { encodeCbor } from '../../cbor/encode.js';
import { Tagged } from '../../cbor/tagged.js';
import { HEADER_CONTENT_TYPE, signCoseSign1 } from '../../cose/sign.js';
import { makeFinding } from '../../report/catalog.js';
import { calendarDate, dayAt, dayNumber, isTimeZone } from './calendar.js';
import { derive } from './derive.js';
import { type IndicatorDocument, indicatorPayload } from './document.js';
import { decimal, decimalExact, exact, formatExact } from './rational.js';
import { readIndicators, type VerifiedIndicators } from './read.js';
import { indicatorSeries } from './series.js';
import { signIndicators } from './sign.js';

let sg: TestAuthority;
let hk: TestAuthority;
let keys: ReturnType<typeof authorityKeys>;

beforeAll(async () => {
  sg = await makeAuthority('SG');
  hk = await makeAuthority('HK');
  keys = authorityKeys(sg, hk);
});

const ISSUED = Date.parse('2020-11-21T02:00:00Z') / 1000;

function doc(overrides: Partial<IndicatorDocument> = {}): IndicatorDocument {
  return {
    country: 'SG',
    indicator: 'unlinked-cases',
    timeZone: 'Asia/Singapore',
    sequence: 1,
    issuedAt: ISSUED,
    points: [
      { date: '2020-11-14', value: 3 },
      { date: '2020-11-15', value: 5 },
      { date: '2020-11-16', value: 4 },
      { date: '2020-11-17', value: 6 },
      { date: '2020-11-18', value: 2 },
      { date: '2020-11-19', value: 3 },
      { date: '2020-11-20', value: 4 },
    ],
    ...overrides,
  };
}

async function read(d: IndicatorDocument, by = sg): Promise<VerifiedIndicators> {
  const r = await readIndicators(await signIndicators(d, by.signer), keys);
  if (!r.ok) throw new Error(r.code);
  return r.value;
}

/** Signs an arbitrary payload as an indicator document (also one no honest signer makes). */
async function signRaw(payload: unknown, type: unknown = 'application/corridor-indicators+cbor') {
  return signCoseSign1(encodeCbor(payload), {
    signer: sg.signer,
    extraProtected: new Map([[HEADER_CONTENT_TYPE, type]]),
  });
}

describe('signIndicators / readIndicators', () => {
  it('round-trips a document and names the signer and a digest', async () => {
    const v = await read(doc());
    expect(v.document).toEqual(doc());
    expect(v.signer).toEqual({ country: 'SG', kid: '5347000000000000' });
    expect(v.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('carries fractions exactly as CBOR tag 30', async () => {
    const d = doc({
      indicator: 'lane-test-positivity',
      points: [{ date: '2020-11-20', value: { num: 3, den: 250 } }],
    });
    expect((await read(d)).document.points[0]!.value).toEqual({ num: 3, den: 250 });
    expect(indicatorPayload(d).points).toEqual([['2020-11-20', new Tagged(30, [3, 250])]]);
  });

  it("refuses a document signed by another country's authority as KEY_UNKNOWN", async () => {
    const bytes = await signIndicators(doc(), hk.signer);
    const r = await readIndicators(bytes, keys);
    expect(r).toMatchObject({
      ok: false,
      code: 'INDICATOR_KEY_UNKNOWN',
      params: { country: 'SG' },
    });
  });

  it('refuses altered figures as SIGNATURE_INVALID', async () => {
    const bytes = await signIndicators(doc(), sg.signer);
    // The last point's value 4 sits just before the signature; make it 9.
    const tampered = bytes.slice();
    const at = tampered.length - 64 - 2 - 1;
    expect(tampered[at]).toBe(4);
    tampered[at] = 9;
    const r = await readIndicators(tampered, keys);
    expect(r).toMatchObject({ ok: false, code: 'INDICATOR_SIGNATURE_INVALID' });
    expect(makeFinding('INDICATOR_SIGNATURE_INVALID', 'ko', { country: 'SG' }).message).toContain(
      'SG',
    );
  });

  it('refuses a bare, unsigned document as NOT_SIGNED', async () => {
    const r = await readIndicators(encodeCbor(indicatorPayload(doc())), keys);
    expect(r).toMatchObject({ ok: false, code: 'INDICATOR_NOT_SIGNED' });
  });

  it('refuses another signed document type as WRONG_TYPE', async () => {
    const r = await readIndicators(
      await signRaw(indicatorPayload(doc()), 'application/corridor-agreement+cbor'),
      keys,
    );
    expect(r).toMatchObject({
      ok: false,
      code: 'INDICATOR_WRONG_TYPE',
      params: { type: 'application/corridor-agreement+cbor' },
    });
  });

  it('refuses documents above the size limit before decoding them', async () => {
    const r = await readIndicators(new Uint8Array(70_000), keys);
    expect(r).toMatchObject({ ok: false, code: 'INDICATOR_TOO_LARGE', params: { size: 70_000 } });
  });

  it.each([
    ['a date that does not exist', [['2021-02-29', 1]], 'INDICATOR_DATE_INVALID'],
    [
      'dates out of order',
      [
        ['2020-11-02', 1],
        ['2020-11-01', 1],
      ],
      'INDICATOR_DATE_INVALID',
    ],
    [
      'a repeated date',
      [
        ['2020-11-01', 1],
        ['2020-11-01', 2],
      ],
      'INDICATOR_DATE_INVALID',
    ],
    ['a date with a time', [['2020-11-01T00:00', 1]], 'INDICATOR_DATE_INVALID'],
    ['a float', [['2020-11-01', 2.5]], 'INDICATOR_VALUE_INVALID'],
    [
      'a fraction not in lowest terms',
      [['2020-11-01', new Tagged(30, [2, 4])]],
      'INDICATOR_VALUE_INVALID',
    ],
    ['a zero denominator', [['2020-11-01', new Tagged(30, [1, 0])]], 'INDICATOR_VALUE_INVALID'],
    ['a number above 10^12', [['2020-11-01', 1_000_000_000_001]], 'INDICATOR_VALUE_INVALID'],
    ['a value in another tag', [['2020-11-01', new Tagged(4, [1, 2])]], 'INDICATOR_MALFORMED'],
    ['a point that is not a pair', [['2020-11-01']], 'INDICATOR_MALFORMED'],
  ])('refuses %s', async (_, points, code) => {
    const r = await readIndicators(await signRaw({ ...indicatorPayload(doc()), points }), keys);
    expect(r).toMatchObject({ ok: false, code });
  });

  it.each([
    ['an unknown field', { extra: 1 }],
    ['a lower-case country', { country: 'sg' }],
    ['an unknown time zone', { tz: 'Mars/Olympus_Mons' }],
    ['a negative sequence', { seq: -1 }],
    ['an indicator name with spaces', { indicator: 'unlinked cases' }],
  ])('refuses %s as MALFORMED', async (_, change) => {
    const r = await readIndicators(await signRaw({ ...indicatorPayload(doc()), ...change }), keys);
    expect(r).toMatchObject({ ok: false, code: 'INDICATOR_MALFORMED' });
  });

  it('will not sign what no reader accepts', async () => {
    await expect(signIndicators(doc({ country: 'Singapore' }), sg.signer)).rejects.toThrow(
      TypeError,
    );
  });
});

describe('indicatorSeries', () => {
  it('applies corrections: the highest sequence wins each day, in any arrival order', async () => {
    const first = await read(doc());
    const correction = await read(
      doc({
        sequence: 2,
        issuedAt: ISSUED + 86_400,
        points: [
          { date: '2020-11-17', value: 16 },
          { date: '2020-11-21', value: 1 },
        ],
      }),
    );
    for (const order of [
      [first, correction],
      [correction, first],
    ]) {
      const s = indicatorSeries(order).get('SG', 'unlinked-cases')!;
      expect(s.valueOn('2020-11-17')).toBe(16);
      expect(s.valueOn('2020-11-16')).toBe(4);
      expect(s.dates()).toHaveLength(8);
    }
  });

  it('keeps lane figures apart from national ones', async () => {
    const national = await read(doc({ indicator: 'arrivals' }));
    const lane = await read(
      doc({
        indicator: 'arrivals',
        lane: 'hk-sg-atb',
        points: [{ date: '2020-11-20', value: 190 }],
      }),
    );
    const set = indicatorSeries([national, lane]);
    expect(set.get('SG', 'arrivals')!.valueOn('2020-11-20')).toBe(4);
    expect(set.get('SG', 'arrivals', 'hk-sg-atb')!.valueOn('2020-11-20')).toBe(190);
  });

  it('finds every series of a set by its names, past the first few it compares directly', async () => {
    // Twelve series (national and lane figures under one indicator), two days each, the days
    // interleaved: a set compares the names of its first eight series, then looks them up.
    const docs: VerifiedIndicators[] = [];
    for (const day of [19, 20]) {
      for (let n = 0; n < 12; n++) {
        docs.push(
          await read(
            doc({
              indicator: n % 2 === 0 ? 'arrivals' : 'daily-cases',
              ...(n < 2 ? {} : { lane: `lane-${n}` }),
              sequence: day,
              issuedAt: ISSUED + day,
              points: [{ date: `2020-11-${day}`, value: n * 100 + day }],
            }),
          ),
        );
      }
    }
    const set = indicatorSeries(docs);
    expect(set.all()).toHaveLength(12);
    for (let n = 0; n < 12; n++) {
      const s = set.get(
        'SG',
        n % 2 === 0 ? 'arrivals' : 'daily-cases',
        n < 2 ? undefined : `lane-${n}`,
      );
      expect([s!.valueOn('2020-11-19'), s!.valueOn('2020-11-20')]).toEqual([
        n * 100 + 19,
        n * 100 + 20,
      ]);
    }
  });

  it('reports two different documents with one sequence number and picks the same one in any order', async () => {
    const a = await read(doc({ points: [{ date: '2020-11-20', value: 4 }] }));
    const b = await read(doc({ points: [{ date: '2020-11-20', value: 40 }] }));
    const one = indicatorSeries([a, b]);
    const two = indicatorSeries([b, a, b]);
    expect(one.conflicts).toHaveLength(1);
    expect(two.conflicts).toEqual(one.conflicts);
    const smaller = a.digest < b.digest ? a : b;
    expect(one.get('SG', 'unlinked-cases')!.valueOn('2020-11-20')).toBe(
      smaller.document.points[0]!.value,
    );
    expect(two.get('SG', 'unlinked-cases')!.valueOn('2020-11-20')).toBe(
      smaller.document.points[0]!.value,
    );
  });
});

describe('derive', () => {
  it('computes the 7-day moving average exactly (27/7, shown as 3.86)', async () => {
    const s = indicatorSeries([await read(doc())]).get('SG', 'unlinked-cases')!;
    const avg = derive(s, { fn: 'mean', window: 7 }, '2020-11-20')!;
    expect(formatExact(avg)).toBe('27/7');
    expect(decimalExact(avg)).toBe('3.86');
    expect(derive(s, { fn: 'sum', window: 3 }, '2020-11-20')).toEqual(exact(9n));
    expect(derive(s, { fn: 'max', window: 7 }, '2020-11-20')).toEqual(exact(6n));
    expect(derive(s, { fn: 'min', window: 7 }, '2020-11-20')).toEqual(exact(2n));
  });

  it('has no value when a day of the window is missing (no interpolation)', async () => {
    const s = indicatorSeries([await read(doc())]).get('SG', 'unlinked-cases')!;
    expect(derive(s, { fn: 'mean', window: 7 }, '2020-11-19')).toBeUndefined();
    expect(derive(s, { fn: 'mean', window: 8 }, '2020-11-20')).toBeUndefined();
    expect(derive(s, { fn: 'mean', window: 7 }, '2020-11-21')).toBeUndefined();
  });

  it('adds fractions exactly', async () => {
    const d = doc({
      indicator: 'lane-test-positivity',
      points: [
        { date: '2020-11-19', value: { num: 1, den: 3 } },
        { date: '2020-11-20', value: { num: 1, den: 6 } },
      ],
    });
    const s = indicatorSeries([await read(d)]).get('SG', 'lane-test-positivity')!;
    expect(derive(s, { fn: 'mean', window: 2 }, '2020-11-20')).toEqual(exact(1n, 4n));
    expect(derive(s, { fn: 'max', window: 2 }, '2020-11-20')).toEqual(exact(1n, 3n));
  });

  it('divides window sums for a ratio, and has no value over zero arrivals', async () => {
    const positives = await read(
      doc({
        indicator: 'positives-on-arrival',
        lane: 'l',
        points: [
          { date: '2020-11-19', value: 1 },
          { date: '2020-11-20', value: 2 },
        ],
      }),
    );
    const arrivals = await read(
      doc({
        indicator: 'arrivals',
        lane: 'l',
        points: [
          { date: '2020-11-19', value: 0 },
          { date: '2020-11-20', value: 150 },
        ],
      }),
    );
    const set = indicatorSeries([positives, arrivals]);
    const p = set.get('SG', 'positives-on-arrival', 'l')!;
    const a = set.get('SG', 'arrivals', 'l')!;
    expect(derive(p, { fn: 'ratio', window: 2, per: 'arrivals' }, '2020-11-20', a)).toEqual(
      exact(1n, 50n),
    );
    expect(derive(p, { fn: 'ratio', window: 1, per: 'arrivals' }, '2020-11-19', a)).toBeUndefined();
  });
});

describe('exact numbers and calendar dates', () => {
  it('rounds for display half away from zero, and reads decimals exactly', () => {
    expect(decimalExact(exact(39n, 10n), 0)).toBe('4');
    expect(decimalExact(exact(-5n, 2n), 0)).toBe('-3');
    expect(decimalExact(exact(1n, 8n), 2)).toBe('0.13');
    expect(decimal('3.9')).toEqual({ num: 39, den: 10 });
    expect(decimal('5.0')).toBe(5);
    expect(() => decimal('5e3')).toThrow(RangeError);
  });

  it('validates dates strictly and maps instants to local dates', () => {
    expect(dayNumber('2020-02-29')).toBe(18321);
    expect(calendarDate(18321)).toBe('2020-02-29');
    for (const bad of [
      '2021-02-29',
      '2020-13-01',
      '2020-1-01',
      '1969-12-31',
      '２０２０-01-01',
      20200101,
    ]) {
      expect(dayNumber(bad)).toBeUndefined();
    }
    const t = Date.parse('2020-11-21T16:30:00Z') / 1000;
    expect(calendarDate(dayAt(t, 'Asia/Hong_Kong'))).toBe('2020-11-22');
    expect(calendarDate(dayAt(t, 'UTC'))).toBe('2020-11-21');
    expect(isTimeZone('Asia/Seoul')).toBe(true);
    expect(isTimeZone('Asia/Nowhere')).toBe(false);
    expect(isTimeZone('../../etc')).toBe(false);
  });

  it('writes a day number as Date#toISOString does, leap days and the year 9999 included', () => {
    const days = [0, 18321, 18322, 11016, 10957, 2932896, -1, -719528, 2932897, 1.5];
    for (let d = -800_000; d < 3_000_000; d += 997) days.push(d);
    for (const d of days) {
      expect(calendarDate(d)).toBe(new Date(d * 86_400_000).toISOString().slice(0, 10));
    }
  });
});
