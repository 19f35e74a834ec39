/**
 * The checkpoint applies the lane's circuit breakers offline: the breakers named in the lane
 * version, the signed indicators and overrides the trust data carries, and the grandfathering
 * policy at the decision instant.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { makeAuthority, type TestAuthority } from '../../test-support/authority.js';
import { dailyFigures, signedOverride, unlinkedCasesRule } from '../../test-support/breakers.js';
import {
  DEPARTURE,
  holderPcr,
  PASS_INPUT,
  PASS_MRZ,
  WINDOW,
} from '../../test-support/entry-pass.js';
import { testIssuer } from '../../test-support/issuer.js';
import { testDocumentSigner } from '../../test-support/pass-issuer.js';
import { issueEntryPass } from '../pass/issue.js';
import type { TrustSource } from '../trust/trust-list.js';
import { OID_EKU_ENTRY_PASS } from '../x509/oids.js';
import { type LaneSignals, laneBreakerState, NO_SIGNALS } from './breaker/lane-state.js';
import type { BreakerSpec } from './breaker/spec.js';
import { decideCheckpoint } from './decide.js';
import { CN_KR_LANE_V1 } from './examples/cn-kr.js';
import type { Lane } from './types.js';
import { validateLane } from './validate.js';

const BOARDING = new Date('2021-03-10T00:00:00Z');

/** Hong Kong–Singapore's rule on Korea's unlinked cases, new passes suspended a day later. */
const UNLINKED = unlinkedCasesRule({ leadTime: { days: 1 }, scope: 'suspend-entry' });
/** A manual breaker: only a signed override trips it. */
const FREEZE: BreakerSpec = {
  id: 'freeze',
  side: 'KR',
  leadTime: { days: 0 },
  suspension: { days: 30 },
  scope: 'suspend-new-passes',
  grandfathering: { policy: 'honour-issued-before-announcement' },
};

function checked(lane: Lane): Lane {
  const r = validateLane(lane);
  if (!r.ok) throw new Error(`${r.code} ${JSON.stringify(r.params)}`);
  return r.value;
}
const LANE = checked({ ...structuredClone(CN_KR_LANE_V1), breakers: [UNLINKED, FREEZE] });

type Signer = Awaited<ReturnType<typeof testDocumentSigner>>;
const S = {} as {
  kr: Signer;
  cn: Awaited<ReturnType<typeof testIssuer>>;
  krAuthority: TestAuthority;
  before: string;
  after: string;
  spike: LaneSignals;
};

function trust(signals: LaneSignals): TrustSource {
  return {
    lookup: (kid) => [...S.kr.trust.lookup(kid), ...S.cn.trust.lookup(kid)],
    lanes: () => [LANE],
    laneSignals: () => signals,
  };
}

async function board(pass: string, signals: LaneSignals, lang: 'en' | 'zh' | 'ko' = 'en') {
  const pcr = await S.cn.issue(holderPcr('2021-03-09T00:00:00Z'), new Date('2021-03-09T00:00:00Z'));
  return decideCheckpoint({
    pass,
    credentials: [pcr],
    mrz: PASS_MRZ,
    trust: trust(signals),
    checkpoint: 'boarding',
    scheduledDeparture: DEPARTURE,
    at: BOARDING,
    journey: { origin: 'CN', destination: 'KR' },
    lang,
  });
}

const codes = (d: { reasons: { code: string }[] }) => d.reasons.map((r) => r.code);

beforeAll(async () => {
  S.kr = await testDocumentSigner('KR', [OID_EKU_ENTRY_PASS]);
  S.cn = await testIssuer('CN');
  S.krAuthority = await makeAuthority('KR');
  // Issued 5 March 02:00 UTC, before the announcement; and 6 March 03:00, after it.
  S.before = await issueEntryPass(PASS_INPUT, { signer: S.kr.signer, ...WINDOW });
  S.after = await issueEntryPass(
    { ...PASS_INPUT, id: 'KR-2021-000043' },
    { signer: S.kr.signer, ...WINDOW, at: new Date('2021-03-06T03:00:00Z') },
  );
  // Two quiet weeks, then 40 unlinked cases on 5 March: the 7-day mean is 52/7 > 5, published
  // 6 March 10:00 KST (01:00 UTC), effective a day later.
  const figures = await dailyFigures(S.krAuthority, {
    timeZone: 'Asia/Seoul',
    offset: '+09:00',
    from: '2021-02-20',
    values: [...Array(13).fill(2), 40],
  });
  S.spike = { indicators: figures.map((f) => f.verified), overrides: [] };
});

describe('the lane version names its breakers', () => {
  it('refuses a lane whose breakers are invalid, with every problem coded', () => {
    const bad = validateLane({
      ...structuredClone(CN_KR_LANE_V1),
      breakers: [
        { ...UNLINKED, side: 'JP' },
        { ...FREEZE, scope: 'pause-applications', grandfathering: { policy: 'cancel' } },
      ],
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.code).toBe('LANE_BREAKERS_INVALID');
    expect(String(bad.params?.problems)).toContain('BREAKER_SIDE_UNKNOWN');
    expect(String(bad.params?.problems)).toContain('BREAKER_GRANDFATHERING_CONFLICT');
  });

  it('keeps the breakers of a valid lane, normalised', () => {
    expect(LANE.breakers?.map((b) => b.id)).toEqual(['unlinked-7d', 'freeze']);
  });
});

describe('decideCheckpoint with circuit breakers', () => {
  it('admits both passes while the lane is closed', async () => {
    for (const pass of [S.before, S.after]) {
      const d = await board(pass, NO_SIGNALS);
      expect(codes(d)).toEqual(['LANE_ADMIT']);
      expect(d.breakers).toEqual({ phase: 'closed', blocked: [] });
    }
  });

  it('after the effective time, refuses a pass issued after the announcement and honours one issued before', async () => {
    const state = laneBreakerState([LANE], S.spike, BOARDING)!.state;
    expect(state.breakers[0]!.announcedAt).toBe('2021-03-06T01:00:00Z');
    expect(state.breakers[0]!.effectiveAt).toBe('2021-03-07T01:00:00Z');

    const before = await board(S.before, S.spike);
    expect(before.decision).toBe('admit');
    expect(codes(before)).toEqual(['GRANDFATHER_ISSUED_BEFORE_ANNOUNCEMENT', 'LANE_ADMIT']);
    expect(before.breakers).toEqual({
      phase: 'suspended',
      blocked: ['applications', 'new-passes', 'entry'],
    });

    const after = await board(S.after, S.spike, 'zh');
    expect(after.decision).toBe('refuse');
    expect(codes(after)).toEqual(['GRANDFATHER_ISSUED_AFTER_ANNOUNCEMENT']);
    expect(after.reasons[0]!.message).toMatch(/unlinked-7d/);
    const ko = await board(S.after, S.spike, 'ko');
    expect(ko.reasons[0]!.message).not.toBe(after.reasons[0]!.message);
  });

  it("applies an administrator's signed trigger of a manual breaker", async () => {
    const trigger = await signedOverride(S.krAuthority, {
      id: 'kr-freeze-1',
      lane: LANE.id,
      breaker: 'freeze',
      at: Date.parse('2021-03-06T00:00:00Z') / 1000,
      action: 'trigger',
      reason: { en: 'Variant of concern', zh: '出现需关注的变异株', ko: '우려 변이 발생' },
    });
    const signals = { indicators: [], overrides: [trigger.verified] };
    const refused = await board(S.after, signals);
    expect(codes(refused)).toEqual(['GRANDFATHER_ISSUED_DURING_SUSPENSION']);
    const honoured = await board(S.before, signals);
    expect(honoured.decision).toBe('admit');
    expect(honoured.breakers?.blocked).toEqual(['applications', 'new-passes']);
  });
});
