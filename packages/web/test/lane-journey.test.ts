import { type CheckpointDecision, CN_KR_LANE_V1 } from '@corridor/core/lanes';
import type { TrustBundle } from '@corridor/core/trust';
import { describe, expect, it } from 'vitest';
import {
  clockSuspicion,
  defaultJourney,
  journeyChoices,
  shownDecision,
  withPort,
} from '../src/roles/border/lane-journey.js';

// The lane scanner's journey (from the lanes in force and the station's setup) and the clock
// rule (an admission while the clock is suspect is shown as a referral), without a browser.

/** The part of a bundle the journey reads: the CN-KR example lane, in force from 2021. */
const bundle = {
  lanes: () => [CN_KR_LANE_V1],
  laneAt: (id: string) => (id === CN_KR_LANE_V1.id ? CN_KR_LANE_V1 : undefined),
} as unknown as TrustBundle;
const AT = new Date('2021-03-10T00:00:00Z');

describe('the journey of a lane checkpoint', () => {
  const choices = journeyChoices(bundle, AT);

  it('offers each direction of the lanes in force with its ports', () => {
    expect(choices.map((c) => c.key)).toEqual(['CN-KR', 'KR-CN']);
    expect(choices.find((c) => c.key === 'CN-KR')?.ports).toEqual(['ICN', 'GMP', 'PUS']);
    expect(journeyChoices(undefined, AT)).toEqual([]);
  });

  it('starts from the station: into its country at arrival (its port), out of it at boarding', () => {
    expect(defaultJourney(choices, { country: 'KR', port: 'GMP' }, 'arrival')).toEqual({
      origin: 'CN',
      destination: 'KR',
      port: 'GMP',
    });
    // A configured port the direction does not serve: its first port.
    expect(defaultJourney(choices, { country: 'KR', port: 'PVG' }, 'arrival')?.port).toBe('ICN');
    expect(defaultJourney(choices, { country: 'KR' }, 'boarding')).toEqual({
      origin: 'KR',
      destination: 'CN',
    });
    expect(defaultJourney(choices, { country: 'CN' }, 'boarding')).toEqual({
      origin: 'CN',
      destination: 'KR',
    });
    expect(defaultJourney([], { country: 'KR' }, 'arrival')).toBeUndefined();
    expect(withPort(choices[0]!, 'boarding', 'ICN')).toEqual({ origin: 'CN', destination: 'KR' });
  });
});

describe('the clock rule', () => {
  const decision = (d: CheckpointDecision['decision']) =>
    ({ decision: d }) as unknown as CheckpointDecision;
  const clock = clockSuspicion([{ kind: 'offline' }, { kind: 'clock-differs', seconds: -259_200 }]);

  it('finds the clock warnings the plain check also trusts no date under', () => {
    expect(clock).toEqual({ kind: 'clock-differs', seconds: -259_200 });
    expect(clockSuspicion([{ kind: 'bundle', code: 'BUNDLE_CLOCK_BEFORE_ISSUE' }])).toMatchObject({
      code: 'BUNDLE_CLOCK_BEFORE_ISSUE',
    });
    expect(clockSuspicion([{ kind: 'offline' }, { kind: 'no-bundle' }])).toBeUndefined();
  });

  it('shows an admission as a referral while the clock is suspect; refusals and referrals stand', () => {
    expect(shownDecision(decision('admit'), clock)).toEqual({
      decision: 'refer',
      clockReferred: true,
    });
    expect(shownDecision(decision('refuse'), clock)).toEqual({
      decision: 'refuse',
      clockReferred: false,
    });
    expect(shownDecision(decision('refer'), clock).clockReferred).toBe(false);
    expect(shownDecision(decision('admit'), undefined)).toEqual({
      decision: 'admit',
      clockReferred: false,
    });
  });
});
