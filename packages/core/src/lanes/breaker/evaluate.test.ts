import { beforeAll, describe, expect, it } from 'vitest';
import { makeAuthority, type TestAuthority } from '../../../test-support/authority.js';
import { dailyFigures } from '../../../test-support/breakers.js';
import type { VerifiedIndicators } from '../indicators/read.js';
import { type BreakerLane, evaluateBreakers } from './evaluate.js';
import type { BreakerSpec } from './spec.js';

const at = (local: string) => new Date(`${local}+08:00`);
const BOTH: BreakerSpec = {
  id: 'both-3d',
  indicator: 'unlinked-cases',
  derive: { fn: 'sum', window: 3 },
  side: 'both',
  trip: { comparison: '>=', threshold: 10 },
  leadTime: { hours: 0 },
  suspension: { days: 3 },
  resumption: { comparison: '<', threshold: 5 },
  scope: 'pause-applications',
  grandfathering: { policy: 'honour-issued-before-announcement' },
};
const lane = (breakers: BreakerSpec[], startsAt = at('2020-11-15T00:00:00')): BreakerLane => ({
  id: 'hk-sg-atb',
  version: 1,
  parties: ['HK', 'SG'],
  startsAt,
  breakers,
});

let hk: TestAuthority;
let sg: TestAuthority;
beforeAll(async () => {
  hk = await makeAuthority('HK');
  sg = await makeAuthority('SG');
});

async function figures(a: TestAuthority, values: number[]): Promise<VerifiedIndicators[]> {
  const zone = a.country === 'HK' ? 'Asia/Hong_Kong' : 'Asia/Singapore';
  const docs = await dailyFigures(a, {
    timeZone: zone,
    offset: '+08:00',
    from: '2020-11-15',
    values,
  });
  return docs.map((d) => d.verified);
}

describe('evaluateBreakers', () => {
  it('refuses breakers that fail validation (a programming error: the lane should have been refused)', () => {
    expect(() =>
      evaluateBreakers({
        lane: lane([{ ...BOTH, side: 'KR' }]),
        indicators: [],
        overrides: [],
        at: new Date(),
      }),
    ).toThrow(/BREAKER_SIDE_UNKNOWN/);
  });

  it('trips a "both" breaker only when every side crosses, with no lead time', async () => {
    const hkHigh = await figures(hk, [4, 4, 4, 4]);
    const sgLow = await figures(sg, [1, 1, 1, 1]);
    const sgHigh = await figures(sg, [1, 1, 5, 5]);
    const when = at('2020-11-19T12:00:00');
    expect(
      evaluateBreakers({
        lane: lane([BOTH]),
        indicators: [...hkHigh, ...sgLow],
        overrides: [],
        at: when,
      }).phase,
    ).toBe('closed');
    const both = evaluateBreakers({
      lane: lane([BOTH]),
      indicators: [...hkHigh, ...sgHigh],
      overrides: [],
      at: when,
    });
    expect(both.phase).toBe('suspended');
    expect(both.blocked).toEqual(['applications']);
    expect(both.history.map((t) => t.code)).toEqual(['BREAKER_ANNOUNCED', 'BREAKER_EFFECTIVE']);
    expect(both.history[0]!.readings!.map((r) => `${r.country} ${r.value}`)).toEqual([
      'HK 12',
      'SG 11',
    ]);
  });

  it('checks every side at the lane start, on figures published before it', async () => {
    const docs = [...(await figures(hk, [4, 4, 4, 4])), ...(await figures(sg, [4, 4, 4, 4]))];
    const state = evaluateBreakers({
      lane: lane([BOTH], at('2020-11-20T00:00:00')),
      indicators: docs,
      overrides: [],
      at: at('2020-11-20T00:00:00'),
    });
    expect(state.history[0]).toMatchObject({
      at: '2020-11-19T16:00:00Z',
      code: 'BREAKER_ANNOUNCED',
    });
  });

  it('does not know documents published after the evaluation instant', async () => {
    const docs = [...(await figures(hk, [4, 4, 4, 4])), ...(await figures(sg, [4, 4, 4, 4]))];
    // The third day of both series is published on 18 Nov at 10:00.
    expect(
      evaluateBreakers({
        lane: lane([BOTH]),
        indicators: docs,
        overrides: [],
        at: at('2020-11-18T09:59:59'),
      }).phase,
    ).toBe('closed');
    expect(
      evaluateBreakers({
        lane: lane([BOTH]),
        indicators: docs,
        overrides: [],
        at: at('2020-11-18T10:00:00'),
      }).phase,
    ).toBe('suspended');
  });

  it('answers a list evaluated again (through its remembered replay) as it did the first time', async () => {
    const docs = [
      ...(await figures(hk, [4, 4, 4, 4, 1, 1, 1, 1, 1, 6, 6, 6, 1, 1, 1, 1])),
      ...(await figures(sg, [4, 4, 4, 4, 4, 1, 1, 1, 1, 1, 6, 6, 6, 1, 1, 1])),
    ];
    const inputs = (indicators: VerifiedIndicators[], hours: number) => ({
      lane: lane([BOTH]),
      indicators,
      overrides: [],
      at: new Date(at('2020-11-15T00:00:00').getTime() + hours * 3_600_000),
    });
    const phases = new Set<string>();
    for (let hours = 0; hours < 20 * 24; hours += 7) {
      // `docs` is the same list every time; a copy is a list seen for the first time.
      const again = evaluateBreakers(inputs(docs, hours));
      expect(again).toEqual(evaluateBreakers(inputs([...docs], hours)));
      phases.add(again.phase);
    }
    expect([...phases].sort()).toEqual(['closed', 'resuming', 'suspended']);
  });
});
