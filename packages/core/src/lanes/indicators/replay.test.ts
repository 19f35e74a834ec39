/**
 * The breaker fold reads series through an {@link IndicatorReplay} instead of merging the
 * documents again at every evaluation: at every publication instant it must read exactly what
 * merging the documents published up to then gives (values, newest day, time zone,
 * equivocations), corrections, equivocations, twins and a hostile spread of dates included
 * (fast-check, fixed seed). The replay is remembered per list only while the list and its
 * documents are unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breather } from '../../../test-support/breathe.js';
import { calendarDate, dayNumber } from './calendar.js';
import type { IndicatorValue } from './rational.js';
import type { VerifiedIndicators } from './read.js';
import { IndicatorReplay, indicatorFeed, indicatorReplay, ReplayCursor } from './replay.js';
import { indicatorSeries } from './series.js';

const FIRST = 18_600;

interface Spec {
  country: string;
  indicator: string;
  lane?: string;
  timeZone: string;
  sequence: number;
  issuedAt: number;
  points: { day: number; value: IndicatorValue }[];
}

/** A document as if read and verified (the merge never looks at the signature). */
function verified(s: Spec, digest: string, freeze = false): VerifiedIndicators {
  const points = s.points.map((p) => ({ date: calendarDate(p.day), value: p.value }));
  const v = {
    document: {
      country: s.country,
      indicator: s.indicator,
      ...(s.lane ? { lane: s.lane } : {}),
      timeZone: s.timeZone,
      sequence: s.sequence,
      issuedAt: s.issuedAt,
      points,
    },
    signer: { country: s.country, kid: '00' },
    digest,
    ...(freeze ? { days: Object.freeze(s.points.map((p) => p.day)) } : {}),
  };
  if (freeze) {
    for (const p of points) {
      if (typeof p.value === 'object') Object.freeze(p.value);
      Object.freeze(p);
    }
    Object.freeze(points);
    Object.freeze(v.document);
    Object.freeze(v);
  }
  return v as unknown as VerifiedIndicators;
}

const value: fc.Arbitrary<IndicatorValue> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom({ num: 1, den: 2 }, { num: -3, den: 7 }) },
);
const day = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: FIRST, max: FIRST + 12 }) },
  // Far apart: more than ten years, so the series is kept sparse.
  { weight: 1, arbitrary: fc.constantFrom(FIRST - 4000, FIRST + 4000) },
);
const spec: fc.Arbitrary<Spec> = fc.record({
  country: fc.constantFrom('CN', 'KR'),
  indicator: fc.constantFrom('unlinked-cases', 'arrivals'),
  lane: fc.constantFrom(undefined, 'cn-kr'),
  timeZone: fc.constantFrom('Asia/Seoul', 'UTC'),
  sequence: fc.integer({ min: 1, max: 6 }),
  issuedAt: fc.integer({ min: 0, max: 8 }).map((n) => 1_600_000_000 + n * 3600),
  points: fc.array(fc.record({ day, value }), { minLength: 1, maxLength: 3 }),
});
/** Documents with distinct digests, some of them given twice (a repeated download). */
const documents = fc
  .tuple(fc.array(spec, { minLength: 1, maxLength: 24 }), fc.array(fc.nat(23), { maxLength: 4 }))
  .map(([specs, twins]) => {
    const docs = specs.map((s, i) => verified(s, `${((i * 7919) % 97).toString(16)}-${i}`));
    for (const t of twins) if (t < docs.length) docs.push(docs[t]!);
    return docs;
  });

describe('indicator replay', () => {
  it('reads at every publication instant what merging the documents published by then gives', async () => {
    const breathe = breather();
    await fc.assert(
      fc.asyncProperty(documents, async (docs) => {
        await breathe();
        const replay = new IndicatorReplay(docs);
        const cursor = replay.cursor();
        expect(cursor.conflicts()).toEqual([]);
        replay.instants.forEach((t, g) => {
          cursor.apply(g);
          const merged = indicatorSeries(docs.filter((v) => v.document.issuedAt <= t));
          const published = new Set(
            docs.filter((v) => v.document.issuedAt === t).map((v) => v.document),
          );
          for (const key of ['CN/unlinked-cases', 'KR/arrivals/cn-kr', 'CN/none']) {
            if (!merged.byKey(key)) expect(cursor.byKey(key)).toBeUndefined();
          }
          for (const s of merged.all()) {
            const view = cursor.byKey(s.key)!;
            expect(view).toBeDefined();
            expect(view.lastDay).toBe(s.lastDay);
            expect(view.timeZone).toBe(s.timeZone);
            const days = s.dates().map((d) => dayNumber(d)!);
            for (const d of [...days, FIRST - 1, FIRST + 5, FIRST + 13, FIRST + 4001]) {
              for (const near of [d - 1, d, d + 1])
                expect(view.valueAt(near)).toBe(s.valueAt(near));
            }
            const touched = [...published].some(
              (d) => d.country === s.country && d.indicator === s.indicator && d.lane === s.lane,
            );
            expect(view.publishedAt === t).toBe(touched);
            expect(view.publishedAt).toBe(s.publishedAt);
            expect(view.revision).toBe(s.revision);
          }
          expect(cursor.conflicts()).toEqual(merged.conflicts);
        });
      }),
      { seed: 20261207, numRuns: 300 },
    );
  });

  it('is remembered for an unchanged list of frozen documents and rebuilt when the list changes', () => {
    const doc = (sequence: number, n: number, v: number) =>
      verified(
        {
          country: 'KR',
          indicator: 'unlinked-cases',
          timeZone: 'Asia/Seoul',
          sequence,
          issuedAt: 1_600_000_000 + sequence,
          points: [{ day: FIRST + n, value: v }],
        },
        `d${sequence}`,
        true,
      );
    const list = [doc(1, 0, 4), doc(2, 1, 5)];
    const first = indicatorReplay(list);
    expect(indicatorReplay(list)).toBe(first);

    // A correction of day 0 appended to the same list: replayed again, and it counts.
    list.push(doc(3, 0, 9));
    const corrected = indicatorReplay(list);
    expect(corrected).not.toBe(first);
    const c = corrected.cursor();
    c.apply(corrected.instants.length - 1);
    expect(c.byKey('KR/unlinked-cases')!.valueAt(FIRST)).toBe(9);
    expect(indicatorReplay(list)).toBe(corrected);

    // A document replaced in place, same length.
    list[2] = doc(3, 0, 7);
    const replaced = indicatorReplay(list);
    expect(replaced).not.toBe(corrected);
    const r = replaced.cursor();
    r.apply(replaced.instants.length - 1);
    expect(r.byKey('KR/unlinked-cases')!.valueAt(FIRST)).toBe(7);
  });

  it('merges a list the first time, then walks its replay, and both read the same', () => {
    const doc = (sequence: number, n: number, v: number) =>
      verified(
        {
          country: 'CN',
          indicator: 'unlinked-cases',
          timeZone: 'Asia/Shanghai',
          sequence,
          issuedAt: 1_600_000_000 + Math.min(sequence, 2),
          points: [{ day: FIRST + n, value: v }],
        },
        `f${sequence}`,
        true,
      );
    const list = [doc(1, 0, 4), doc(2, 1, 5), doc(3, 0, 6), doc(4, 2, 1)];
    const walk = () => {
      const feed = indicatorFeed(list);
      const seen: unknown[] = [feed instanceof ReplayCursor];
      for (let t = feed.next(); t !== Infinity; t = feed.next()) {
        feed.take(t);
        const s = feed.byKey('CN/unlinked-cases')!;
        seen.push(
          t,
          s.publishedAt,
          s.lastDay,
          [0, 1, 2].map((n) => s.valueAt(FIRST + n)),
        );
      }
      return seen;
    };
    const first = walk();
    expect(first[0]).toBe(false);
    const second = walk();
    expect(second[0]).toBe(true);
    expect(second.slice(1)).toEqual(first.slice(1));
    expect(first.slice(1)).toEqual([
      1_600_000_001,
      1_600_000_001,
      FIRST,
      [4, undefined, undefined],
      1_600_000_002,
      1_600_000_002,
      FIRST + 2,
      [6, 5, 1],
    ]);
  });

  it('remembers a list only when it comes back while among the last four lists seen once', () => {
    const doc = verified(
      {
        country: 'KR',
        indicator: 'arrivals',
        timeZone: 'Asia/Seoul',
        sequence: 1,
        issuedAt: 1_600_000_000,
        points: [{ day: FIRST, value: 3 }],
      },
      'ring',
      true,
    );
    const list = [doc];
    expect(indicatorFeed(list)).not.toBeInstanceOf(ReplayCursor);
    // Five other lists seen once push it out: its next evaluation counts as a first one.
    for (let n = 0; n < 5; n++) indicatorFeed([doc]);
    expect(indicatorFeed(list)).not.toBeInstanceOf(ReplayCursor);
    for (let n = 0; n < 3; n++) indicatorFeed([doc]);
    expect(indicatorFeed(list)).toBeInstanceOf(ReplayCursor);
    expect(indicatorFeed(list)).toBeInstanceOf(ReplayCursor);
  });

  it('is not remembered for documents that could still change', () => {
    const list = [
      verified(
        {
          country: 'CN',
          indicator: 'arrivals',
          timeZone: 'UTC',
          sequence: 1,
          issuedAt: 1_600_000_000,
          points: [{ day: FIRST, value: 1 }],
        },
        'open',
      ),
    ];
    expect(indicatorReplay(list)).not.toBe(indicatorReplay(list));
  });
});
