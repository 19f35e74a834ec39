/**
 * The Hong Kong–Singapore air travel bubble's circuit breaker, as announced in November 2020:
 * if the 7-day moving average of unlinked local cases exceeds 5 in either city, the bubble is
 * suspended for two weeks, effective two days after the announcement, and resumes if the
 * average is under 5 on the last day (else the suspension is extended by another period).
 * The bubble was postponed on 21 November 2020 with Hong Kong's average below the trigger
 * (reported as 3.9; here 27/7 ≈ 3.86): the formula does not trip on it, and only an
 * administrator's signed override postpones, visibly.
 * Sources: ../shared/design/research/fast-track-lanes.md (HK–Singapore air travel bubble).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  authorityKeys,
  makeAuthority,
  type TestAuthority,
} from '../../../test-support/authority.js';
import {
  dailyFigures,
  seconds,
  signedOverride,
  unlinkedCasesRule,
} from '../../../test-support/breakers.js';
import { encodeCbor } from '../../cbor/encode.js';
import type { VerifiedIndicators } from '../indicators/read.js';
import { type BreakerLane, evaluateBreakers } from './evaluate.js';
import { grandfathered } from './grandfathered.js';
import { readOverride, signOverride, type VerifiedOverride } from './override.js';
import type { BreakerSpec } from './spec.js';
import { transitionFinding } from './transition-finding.js';

const HKT = '+08:00';
const at = (local: string) => new Date(`${local}${HKT}`);

const BUBBLE: BreakerSpec = unlinkedCasesRule({
  scope: 'suspend-entry',
  grandfathering: { policy: 'cancel' },
});

const lane = (breakers: BreakerSpec[] = [BUBBLE]): BreakerLane => ({
  id: 'hk-sg-atb',
  version: 1,
  parties: ['HK', 'SG'],
  startsAt: at('2020-11-22T00:00:00'),
  breakers,
});

let hk: TestAuthority;
let sg: TestAuthority;
let cn: TestAuthority;
/** Singapore: at most one unlinked case a day, from 15 November to 31 December. */
let singapore: VerifiedIndicators[];

beforeAll(async () => {
  hk = await makeAuthority('HK');
  sg = await makeAuthority('SG');
  cn = await makeAuthority('CN');
  const quiet = Array.from({ length: 47 }, (_, i) => (i % 3 === 0 ? 1 : 0));
  singapore = (await figures(sg, quiet, 'Asia/Singapore')).map((p) => p.verified);
});

function figures(a: TestAuthority, values: number[], timeZone = 'Asia/Hong_Kong') {
  return dailyFigures(a, { timeZone, offset: HKT, from: '2020-11-15', values });
}

/** Hong Kong's unlinked cases from 15 November, published daily at 10:00 the next day. */
async function hongKong(values: number[]): Promise<VerifiedIndicators[]> {
  return (await figures(hk, values)).map((p) => p.verified);
}

const POSTPONEMENT_WEEK = [3, 4, 4, 5, 4, 4, 3]; // 15–21 Nov: 27/7 ≈ 3.86 ("3.9")

function evaluate(
  indicators: VerifiedIndicators[],
  when: Date,
  overrides: VerifiedOverride[] = [],
  breakers?: BreakerSpec[],
) {
  return evaluateBreakers({
    lane: lane(breakers),
    indicators: [...indicators, ...singapore],
    overrides,
    at: when,
  });
}

describe('the Hong Kong–Singapore formula', () => {
  it('does not trip at 3.86 (the November 2020 postponement was not the formula)', async () => {
    const state = evaluate(await hongKong(POSTPONEMENT_WEEK), at('2020-11-22T12:00:00'));
    expect(state.phase).toBe('closed');
    expect(state.history).toEqual([]);
    expect(state.blocked).toEqual([]);
  });

  it.each([
    // [Hong Kong 22 and 23 November, 7-day average on the 23rd, trips?]
    [[9, 6], '35/7 = 5', false],
    [[9, 7], '36/7 ≈ 5.14', true],
    [[9, 8], '37/7 ≈ 5.29', true],
  ])('with %j after the postponement week, an average of %s trips: %s', async (tail, _, trips) => {
    const state = evaluate(
      await hongKong([...POSTPONEMENT_WEEK, ...tail]),
      at('2020-11-24T12:00:00'),
    );
    expect(state.phase).toBe(trips ? 'announced' : 'closed');
  });

  it('announces when the figure is published, takes effect two days later, plans two weeks', async () => {
    const hkDocs = await hongKong([...POSTPONEMENT_WEEK, 9, 8]);
    const state = evaluate(hkDocs, at('2020-11-24T12:00:00'));
    const [announce] = state.history;
    expect(announce).toMatchObject({
      at: '2020-11-24T02:00:00Z', // 10:00 HKT, when the 23 November figure came out
      code: 'BREAKER_ANNOUNCED',
      from: 'closed',
      to: 'announced',
      readings: [
        {
          country: 'HK',
          date: '2020-11-23',
          value: '37/7',
          display: '5.29',
          comparison: '>',
          threshold: '5',
          holds: true,
        },
      ],
    });
    expect(state.breakers[0]).toMatchObject({
      announcedAt: '2020-11-24T02:00:00Z',
      effectiveAt: '2020-11-26T02:00:00Z',
      plannedEnd: '2020-12-10T02:00:00Z',
    });
    expect(transitionFinding(announce!, 'en').message).toBe(
      'Circuit breaker "unlinked-7d" tripped (HK 2020-11-23: 5.29 > 5); the suspension takes effect at 2020-11-26T02:00:00Z.',
    );
    // One second before the effective time nothing is blocked yet; at it, everything is.
    expect(evaluate(hkDocs, at('2020-11-26T09:59:59')).blocked).toEqual([]);
    const inForce = evaluate(hkDocs, at('2020-11-26T10:00:00'));
    expect(inForce.phase).toBe('suspended');
    expect(inForce.blocked).toEqual(['applications', 'new-passes', 'entry']);
    expect(inForce.since).toBe('2020-11-26T02:00:00Z');
  });

  it('trips on either city: Singapore alone crossing suspends the bubble', async () => {
    const spike = await figures(sg, [0, 0, 1, 0, 0, 1, 0, 12, 14, 9], 'Asia/Singapore');
    const state = evaluateBreakers({
      lane: lane(),
      indicators: [...(await hongKong(POSTPONEMENT_WEEK)), ...spike.map((p) => p.verified)],
      overrides: [],
      at: at('2020-11-26T12:00:00'),
    });
    expect(state.history[0]!.readings).toEqual([
      expect.objectContaining({ country: 'SG', date: '2020-11-24', value: '36/7' }),
    ]);
  });

  it('needs all seven days: a missing day gives no average, so no trip', async () => {
    const docs = await hongKong([...POSTPONEMENT_WEEK, 9, 8]);
    const withGap = docs.filter((d) => d.document.points[0]!.date !== '2020-11-19');
    expect(evaluate(withGap, at('2020-11-30T00:00:00')).phase).toBe('closed');
  });

  it('resumes when the average is under 5 on the last day, once that figure is published', async () => {
    // 24 Nov–10 Dec: two cases a day, so the average on 10 December is 2.
    const docs = await hongKong([...POSTPONEMENT_WEEK, 9, 8, ...Array(17).fill(2)]);
    const waiting = evaluate(docs, at('2020-12-10T12:00:00'));
    expect(waiting.phase).toBe('resuming');
    expect(waiting.blocked).toEqual(['applications', 'new-passes', 'entry']);
    expect(waiting.history.at(-1)).toMatchObject({
      code: 'BREAKER_AWAITING_DATA',
      params: { date: 'HK 2020-12-10' },
    });
    const resumed = evaluate(docs, at('2020-12-11T12:00:00'));
    expect(resumed.phase).toBe('closed');
    expect(resumed.blocked).toEqual([]);
    expect(resumed.history.map((t) => [t.at, t.code])).toEqual([
      ['2020-11-24T02:00:00Z', 'BREAKER_ANNOUNCED'],
      ['2020-11-26T02:00:00Z', 'BREAKER_EFFECTIVE'],
      ['2020-12-10T02:00:00Z', 'BREAKER_AWAITING_DATA'],
      ['2020-12-11T02:00:00Z', 'BREAKER_RESUMED'],
    ]);
    expect(resumed.history.at(-1)!.readings!.map((r) => [r.country, r.date, r.value])).toEqual([
      ['HK', '2020-12-10', '2'],
      ['SG', '2020-12-10', '2/7'],
    ]);
    expect(resumed.breakers[0]!.episodes).toEqual([
      expect.objectContaining({ trigger: 'indicator', endedAt: '2020-12-11T02:00:00Z' }),
    ]);
  });

  it('extends by another two weeks when the average is not under 5 on the last day', async () => {
    // 4–10 Dec at 5 a day (average exactly 5: not under 5); then one a day.
    const values = [
      ...POSTPONEMENT_WEEK,
      9,
      8,
      ...Array(10).fill(2),
      ...Array(7).fill(5),
      ...Array(14).fill(1),
    ];
    const state = evaluate(await hongKong(values), at('2020-12-25T12:00:00'));
    expect(state.history.map((t) => [t.at, t.code, t.params.plannedEnd])).toEqual([
      ['2020-11-24T02:00:00Z', 'BREAKER_ANNOUNCED', undefined],
      ['2020-11-26T02:00:00Z', 'BREAKER_EFFECTIVE', '2020-12-10T02:00:00Z'],
      ['2020-12-10T02:00:00Z', 'BREAKER_AWAITING_DATA', undefined],
      ['2020-12-11T02:00:00Z', 'BREAKER_EXTENDED', '2020-12-24T02:00:00Z'],
      ['2020-12-24T02:00:00Z', 'BREAKER_AWAITING_DATA', undefined],
      ['2020-12-25T02:00:00Z', 'BREAKER_RESUMED', undefined],
    ]);
    expect(state.history[3]!.readings![0]).toMatchObject({
      date: '2020-12-10',
      value: '5',
      holds: false,
    });
  });
});

describe('discretion: the postponement of 21 November 2020', () => {
  const postpone = {
    id: 'hk-atb-2020-11-21',
    lane: 'hk-sg-atb',
    breaker: 'unlinked-7d',
    at: seconds('2020-11-21T12:00:00+08:00'),
    action: 'trigger' as const,
    effectiveAt: seconds('2020-11-22T00:00:00+08:00'),
    until: seconds('2020-12-06T00:00:00+08:00'),
    reason: {
      en: 'Deferred by two weeks: rising local cases in Hong Kong.',
      zh: '因香港本地病例上升，推迟两周。',
    },
  };

  it('postpones only through a signed override, visible in the history with who signed and why', async () => {
    const override = await signedOverride(hk, postpone);
    const state = evaluate(await hongKong(POSTPONEMENT_WEEK), at('2020-11-22T12:00:00'), [
      override.verified,
    ]);
    expect(state.phase).toBe('suspended');
    expect(state.blocked).toContain('entry');
    const [trigger, effective] = state.history;
    expect(trigger).toMatchObject({
      at: '2020-11-21T04:00:00Z',
      code: 'BREAKER_OVERRIDE_TRIGGER',
      override: {
        id: 'hk-atb-2020-11-21',
        action: 'trigger',
        country: 'HK',
        kid: '484b000000000000',
      },
    });
    expect(trigger!.readings).toBeUndefined();
    expect(effective).toMatchObject({ at: '2020-11-21T16:00:00Z', code: 'BREAKER_EFFECTIVE' });
    expect(transitionFinding(trigger!, 'zh').message).toBe(
      'HK 管理人员人工触发了熔断机制 "unlinked-7d"，自 2020-11-21T16:00:00Z 起生效：因香港本地病例上升，推迟两周。',
    );
    // No Korean reason was given: the English one stands in.
    expect(transitionFinding(trigger!, 'ko').message).toContain('Deferred by two weeks');
    expect(state.breakers[0]!.episodes[0]).toMatchObject({
      trigger: 'override',
      plannedEnd: '2020-12-05T16:00:00Z',
    });
  });

  it('refuses an override that is not signed, or not signed by an authority of the country it names', async () => {
    const keys = authorityKeys(hk, sg, cn);
    const bare = encodeCbor({ ...postpone, country: 'HK', effective_at: postpone.effectiveAt });
    expect(await readOverride(bare, keys)).toMatchObject({
      ok: false,
      code: 'OVERRIDE_NOT_SIGNED',
    });
    const bySg = await signOverride({ ...postpone, country: 'HK' }, sg.signer);
    expect(await readOverride(bySg, keys)).toMatchObject({
      ok: false,
      code: 'OVERRIDE_KEY_UNKNOWN',
      params: { country: 'HK' },
    });
    const forged = await signOverride(
      { ...postpone, country: 'HK' },
      { ...sg.signer, kid: hk.signer.kid },
    );
    expect(await readOverride(forged, keys)).toMatchObject({
      ok: false,
      code: 'OVERRIDE_SIGNATURE_INVALID',
    });
    // Without a valid override the formula alone decides: the bubble stays open.
    expect(evaluate(await hongKong(POSTPONEMENT_WEEK), at('2020-11-22T12:00:00')).phase).toBe(
      'closed',
    );
  });

  it('refuses an override without a reason', async () => {
    await expect(
      signOverride({ ...postpone, country: 'HK', reason: { en: '  ' } }, hk.signer),
    ).rejects.toThrow(/OVERRIDE_REASON_MISSING/);
  });

  it('ignores, and lists, an override from a country that is not a party', async () => {
    const override = await signedOverride(cn, { ...postpone, id: 'cn-1' });
    const state = evaluate(await hongKong(POSTPONEMENT_WEEK), at('2020-11-22T12:00:00'), [
      override.verified,
    ]);
    expect(state.phase).toBe('closed');
    expect(state.ignoredOverrides).toEqual([
      expect.objectContaining({
        id: 'cn-1',
        code: 'OVERRIDE_NOT_A_PARTY',
        params: { override: 'cn-1', country: 'CN' },
      }),
    ]);
  });

  it('lets an administrator hold the formula (delay while closed) or end a suspension early, both visibly', async () => {
    const docs = await hongKong([...POSTPONEMENT_WEEK, 9, 8, ...Array(17).fill(2)]);
    const hold = await signedOverride(sg, {
      id: 'sg-hold',
      lane: 'hk-sg-atb',
      breaker: 'unlinked-7d',
      action: 'delay',
      at: seconds('2020-11-23T12:00:00+08:00'),
      until: seconds('2020-11-25T00:00:00+08:00'),
      reason: { en: 'Reviewing the cluster before suspending.' },
    });
    const held = evaluate(docs, at('2020-11-24T12:00:00'), [hold.verified]);
    expect(held.phase).toBe('closed');
    expect(held.breakers[0]!.heldUntil).toBe('2020-11-24T16:00:00Z');
    // When the hold runs out the formula is checked again on the figures already published.
    const after = evaluate(docs, at('2020-11-25T00:00:00'), [hold.verified]);
    expect(after.history.map((t) => [t.at, t.code])).toEqual([
      ['2020-11-23T04:00:00Z', 'BREAKER_OVERRIDE_DELAY'],
      ['2020-11-24T16:00:00Z', 'BREAKER_ANNOUNCED'],
    ]);
    const end = await signedOverride(hk, {
      id: 'hk-end',
      lane: 'hk-sg-atb',
      breaker: 'unlinked-7d',
      action: 'end',
      at: seconds('2020-12-01T00:00:00+08:00'),
      reason: { en: 'Cluster contained.' },
    });
    const ended = evaluate(docs, at('2020-12-01T12:00:00'), [end.verified]);
    expect(ended.phase).toBe('closed');
    expect(ended.history.at(-1)).toMatchObject({
      code: 'BREAKER_OVERRIDE_END',
      override: { country: 'HK' },
    });
    expect(ended.breakers[0]!.episodes[0]!.endedAt).toBe('2020-11-30T16:00:00Z');
    // An override that does not fit the phase acts on nothing and is listed.
    const cancelLate = await signedOverride(hk, {
      id: 'hk-cancel',
      lane: 'hk-sg-atb',
      breaker: 'unlinked-7d',
      action: 'cancel',
      at: seconds('2020-12-01T00:00:00+08:00'),
      reason: { en: 'Too late to withdraw.' },
    });
    const late = evaluate(docs, at('2020-12-01T12:00:00'), [cancelLate.verified]);
    expect(late.phase).toBe('suspended');
    expect(late.ignoredOverrides).toEqual([
      expect.objectContaining({
        code: 'OVERRIDE_NOT_APPLICABLE',
        params: { override: 'hk-cancel', action: 'cancel', phase: 'suspended' },
      }),
    ]);
  });
});

describe('grandfathering at the checkpoint, offline', () => {
  it('with "cancel", refuses every pass while entry is suspended and admits again after', async () => {
    const docs = await hongKong([...POSTPONEMENT_WEEK, 9, 8, ...Array(17).fill(2)]);
    const state = evaluate(docs, at('2020-12-20T00:00:00'));
    const pass = { issuedAt: at('2020-11-20T09:00:00') };
    const during = grandfathered({ state, pass, at: at('2020-11-28T08:00:00') });
    expect(during).toEqual({
      honoured: false,
      reasons: [
        {
          code: 'GRANDFATHER_PASSES_CANCELLED',
          breaker: 'unlinked-7d',
          params: { breaker: 'unlinked-7d' },
        },
      ],
    });
    // Between the announcement and the effective time, the pass still boards.
    expect(grandfathered({ state, pass, at: at('2020-11-25T08:00:00') }).honoured).toBe(true);
    expect(grandfathered({ state, pass, at: at('2020-12-12T08:00:00') })).toMatchObject({
      honoured: true,
      reasons: [{ code: 'GRANDFATHER_NOT_AFFECTED' }],
    });
  });

  it('with "honour-boarding-within-days", admits passes issued before the announcement for the grace days only', async () => {
    const spec: BreakerSpec = {
      ...BUBBLE,
      grandfathering: { policy: 'honour-boarding-within-days', days: 1 },
    };
    const state = evaluate(
      await hongKong([...POSTPONEMENT_WEEK, 9, 8]),
      at('2020-11-30T00:00:00'),
      [],
      [spec],
    );
    const issuedAt = at('2020-11-23T09:00:00'); // before the announcement (24 Nov 10:00)
    const board = (local: string) => ({
      state,
      pass: { issuedAt, scheduledDeparture: at(local) },
      at: at(local),
    });
    expect(grandfathered(board('2020-11-27T08:00:00')).reasons[0]).toMatchObject({
      code: 'GRANDFATHER_BOARDING_WITHIN_GRACE',
      params: { deadline: '2020-11-27T02:00:00Z' },
    });
    expect(grandfathered(board('2020-11-27T08:00:00')).honoured).toBe(true);
    expect(grandfathered(board('2020-11-27T10:00:00')).honoured).toBe(false);
    const lateIssue = grandfathered({
      state,
      pass: { issuedAt: at('2020-11-24T11:00:00') },
      at: at('2020-11-26T12:00:00'),
    });
    expect(lateIssue.reasons.map((r) => r.code)).toEqual(['GRANDFATHER_ISSUED_AFTER_ANNOUNCEMENT']);
  });
});
