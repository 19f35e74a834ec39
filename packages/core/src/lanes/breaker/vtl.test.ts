/**
 * Singapore's Vaccinated Travel Lane and Omicron: ticket sales for VTL flights into Singapore
 * were frozen from 23 December 2021 to 20 January 2022, tickets already sold were honoured,
 * then sales resumed capped at 50 % of the quota. Here the freeze is a manual breaker that
 * Singapore's administrator triggers by a signed override (no formula tripped it), and the cap
 * is an amendment: lane version 2, co-signed, with half the daily quota. The quota of a day
 * combines both. The lane's quota figure is illustrative; the dates are the real ones.
 * Source: ../shared/design/research/fast-track-lanes.md (Singapore VTL).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { makeAuthority, type TestAuthority } from '../../../test-support/authority.js';
import { seconds, signedOverride } from '../../../test-support/breakers.js';
import { type BreakerLane, evaluateBreakers } from './evaluate.js';
import { grandfathered } from './grandfathered.js';
import type { VerifiedOverride } from './override.js';
import { effectiveQuota, type QuotaVersion } from './quota.js';
import type { BreakerSpec } from './spec.js';

const SGT = '+08:00';
const at = (local: string) => new Date(`${local}${SGT}`);

const FREEZE: BreakerSpec = {
  id: 'omicron-freeze',
  side: 'SG',
  leadTime: { hours: 0 },
  suspension: { days: 28 },
  scope: 'suspend-new-passes',
  grandfathering: { policy: 'honour-issued-before-announcement' },
};

const LANE: BreakerLane = {
  id: 'kr-sg-vtl',
  version: 1,
  parties: ['KR', 'SG'],
  startsAt: at('2021-11-15T00:00:00'),
  breakers: [FREEZE],
};

/** Version 1 from the launch; version 2 (the 50 % cap) from 21 January 2022. */
const VERSIONS: QuotaVersion[] = [
  { version: 1, effectiveFrom: at('2021-11-15T00:00:00'), quota: 1000 },
  { version: 2, effectiveFrom: at('2022-01-21T00:00:00'), quota: 500 },
];

let sg: TestAuthority;
let freeze: VerifiedOverride;

beforeAll(async () => {
  sg = await makeAuthority('SG');
  freeze = (
    await signedOverride(sg, {
      id: 'caas-2021-12-22',
      lane: 'kr-sg-vtl',
      breaker: 'omicron-freeze',
      action: 'trigger',
      at: seconds('2021-12-22T20:00:00+08:00'),
      effectiveAt: seconds('2021-12-23T00:00:00+08:00'),
      until: seconds('2022-01-21T00:00:00+08:00'),
      reason: {
        en: 'Omicron: VTL ticket sales into Singapore halted from 23 December to 20 January; issued tickets are honoured.',
      },
    })
  ).verified;
});

const evaluate = (when: Date) =>
  evaluateBreakers({ lane: LANE, indicators: [], overrides: [freeze], at: when });

describe('the VTL freeze and the 50 % cap', () => {
  it.each([
    // [local instant, lane phase, blocked, quota that day]
    ['2021-12-22T12:00:00', 'closed', [], 1000],
    ['2021-12-22T21:00:00', 'announced', [], 1000],
    ['2021-12-23T00:00:00', 'suspended', ['applications', 'new-passes'], 0],
    ['2022-01-10T00:00:00', 'suspended', ['applications', 'new-passes'], 0],
    ['2022-01-20T23:59:59', 'suspended', ['applications', 'new-passes'], 0],
    ['2022-01-21T00:00:00', 'closed', [], 500],
    ['2022-02-15T00:00:00', 'closed', [], 500],
  ])('at %s the lane is %s, blocks %j, and the quota is %i', (local, phase, blocked, quota) => {
    const state = evaluate(at(local));
    expect(state.phase).toBe(phase);
    expect(state.blocked).toEqual(blocked);
    expect(effectiveQuota({ versions: VERSIONS, state, at: at(local) }).quota).toBe(quota);
  });

  it('never blocks entry: the freeze stops sales, the amendment cuts the quota, neither touches sold tickets', () => {
    const state = evaluate(at('2022-02-01T00:00:00'));
    expect(state.history.map((t) => [t.at, t.code])).toEqual([
      ['2021-12-22T12:00:00Z', 'BREAKER_OVERRIDE_TRIGGER'],
      ['2021-12-22T16:00:00Z', 'BREAKER_EFFECTIVE'],
      ['2022-01-20T16:00:00Z', 'BREAKER_ENDED'],
    ]);
    expect(effectiveQuota({ versions: VERSIONS, state, at: at('2022-01-05T00:00:00') })).toEqual({
      version: 1,
      quota: 0,
      blockedBy: ['omicron-freeze'],
    });
    expect(effectiveQuota({ versions: VERSIONS, state, at: at('2022-01-25T00:00:00') })).toEqual({
      version: 2,
      quota: 500,
      blockedBy: [],
    });
    // Sold on 10 December, flying on 30 December: honoured during the freeze...
    const sold = {
      issuedAt: at('2021-12-10T09:00:00'),
      scheduledDeparture: at('2021-12-30T09:00:00'),
    };
    expect(grandfathered({ state, pass: sold, at: at('2021-12-30T08:00:00') })).toMatchObject({
      honoured: true,
      reasons: [
        {
          code: 'GRANDFATHER_ISSUED_BEFORE_ANNOUNCEMENT',
          params: { announced: '2021-12-22T12:00:00Z' },
        },
      ],
    });
    // ...and after it, under the capped version, untouched by the amendment.
    expect(grandfathered({ state, pass: sold, at: at('2022-01-25T08:00:00') })).toMatchObject({
      honoured: true,
      reasons: [{ code: 'GRANDFATHER_NOT_AFFECTED' }],
    });
  });

  it('does not honour a pass issued after the announcement, nor one issued during the freeze (even later)', () => {
    const state = evaluate(at('2022-02-01T00:00:00'));
    const afterAnnouncement = { issuedAt: at('2021-12-22T21:30:00') };
    expect(
      grandfathered({ state, pass: afterAnnouncement, at: at('2021-12-30T08:00:00') }).reasons.map(
        (r) => r.code,
      ),
    ).toEqual(['GRANDFATHER_ISSUED_AFTER_ANNOUNCEMENT']);
    // A node that missed the freeze issued this one; it stays invalid after the freeze ends.
    const duringFreeze = { issuedAt: at('2021-12-24T10:00:00') };
    for (const when of ['2021-12-30T08:00:00', '2022-02-01T08:00:00']) {
      const d = grandfathered({ state, pass: duringFreeze, at: at(when) });
      expect(d.honoured).toBe(false);
      expect(d.reasons[0]).toMatchObject({ code: 'GRANDFATHER_ISSUED_DURING_SUSPENSION' });
    }
  });

  it('gives no quota before the first version is in force', () => {
    const state = evaluate(at('2021-11-01T00:00:00'));
    expect(effectiveQuota({ versions: VERSIONS, state, at: at('2021-11-01T00:00:00') })).toEqual({
      quota: 0,
      blockedBy: [],
    });
  });
});
