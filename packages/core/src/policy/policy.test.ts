import { beforeAll, describe, expect, it } from 'vitest';
import { testIssuer } from '../../test-support/issuer.js';
import { makeFinding } from '../report/catalog.js';
import type { Holder, Report } from '../report/report.js';
import { KR_RULES } from '../rules/examples/fast-track.js';
import {
  CN_FAST_TRACK_POLICY,
  KR_FAST_TRACK_POLICY,
  VACCINATED_OR_RECOVERED_POLICY,
} from '../rules/examples/policies.js';
import { verify } from '../verify.js';
import { evaluatePolicy } from './evaluate.js';
import { parsePolicy } from './parse.js';
import type { Policy } from './types.js';

const at = new Date('2021-07-15T01:00:00Z');
const holder: Holder = {
  familyName: '김',
  givenName: '민준',
  familyNameTransliterated: 'KIM',
  givenNameTransliterated: 'MIN<JUN',
  dateOfBirth: '1990-04-12',
};

/** A synthetic valid entry-pass report (entry passes are not a verifiable format yet). */
function entryPass(
  issuer = 'KR',
  who: Holder = holder,
  status: Report['status'] = 'valid',
): Report {
  return {
    status,
    at: at.toISOString(),
    lang: 'en',
    credential: {
      format: 'entry-pass',
      issuer,
      issuedAt: '2021-07-10T00:00:00Z',
      expiresAt: '2021-08-10T00:00:00Z',
      holder: who,
    },
    findings: status === 'valid' ? [] : [makeFinding('CWT_EXPIRED', 'en', { exp: '2021-07-01' })],
    steps: {},
  };
}

/** A synthetic HC1 report of one DCC entry. */
function hcert(
  type: 'vaccination' | 'test' | 'recovery',
  entry: Record<string, unknown>,
  extra: Partial<Report> = {},
): Report {
  const key = { vaccination: 'v', test: 't', recovery: 'r' }[type];
  return {
    status: 'valid',
    at: at.toISOString(),
    lang: 'en',
    credential: {
      format: 'hcert',
      type,
      issuer: 'KR',
      holder,
      dcc: { ver: '1.3.0', dob: holder.dateOfBirth, [key]: [entry] },
    },
    findings: [],
    steps: { signature: 'passed' },
    ...extra,
  };
}

const pcr = (sc: string, tr = '260415000', tt = 'LP6464-4') => hcert('test', { tt, tr, sc });
const ENTRY_AND_PCR: Policy = {
  id: 'ENTRY-AND-PCR',
  allOf: [
    { credential: 'entry-pass' },
    { credential: 'test', maxAgeHours: 72, testType: ['LP6464-4'], result: '260415000' },
  ],
};

describe('evaluatePolicy', () => {
  it('is satisfied by an entry pass and a PCR of at most 72 hours, and names both', () => {
    const decision = evaluatePolicy(ENTRY_AND_PCR, [pcr('2021-07-13T08:00:00Z'), entryPass()], {
      at,
    });
    expect(decision.satisfied).toBe(true);
    expect(decision.used).toEqual([0, 1]);
    // The same credential meeting two requirements is used once; in order, as given.
    const twice = evaluatePolicy(
      { allOf: [{ credential: 'test' }, { credential: 'test', maxAgeHours: 72 }] },
      [pcr('2021-07-13T08:00:00Z')],
      { at },
    );
    expect(twice.used).toEqual([0]);
    const inOrder = evaluatePolicy(
      { allOf: [{ credential: 'entry-pass' }, { credential: 'test' }] },
      [entryPass(), pcr('2021-07-13T08:00:00Z')],
      { at },
    );
    expect(inOrder.used).toEqual([0, 1]);
    expect(decision.findings.map((f) => f.code)).toEqual(['POLICY_SATISFIED']);
    expect(decision.explanation.children!.map((c) => [c.satisfied, c.satisfiedBy])).toEqual([
      [true, [1]],
      [true, [0]],
    ]);
    expect(decision.explanation.children![1]!.text).toBe(
      'a test certificate (test type LP6464-4, result 260415000, at most 72 hours old)',
    );
  });

  it('is not satisfied without the entry pass or with a 73-hour-old test, and says why in Chinese and Korean', () => {
    const old = pcr('2021-07-12T00:00:00Z');
    const zh = evaluatePolicy(ENTRY_AND_PCR, [old], { at, lang: 'zh' });
    expect(zh.satisfied).toBe(false);
    expect(zh.findings.map((f) => f.code)).toEqual([
      'POLICY_NOT_SATISFIED',
      'POLICY_REQUIREMENT_MISSING',
      'POLICY_REQUIREMENT_MISSING',
    ]);
    expect(zh.explanation.children!.map((c) => c.reasons)).toEqual([
      ['未出示入境通行证'],
      ['#1：已过 73 小时，超过 72 小时'],
    ]);
    expect(zh.findings[1]!.message).toBe('缺少：入境通行证（未出示入境通行证）。');
    expect(zh.explanation.children![1]!.text).toBe(
      '检测证明（检测类型 LP6464-4，结果 260415000，不超过 72 小时）',
    );
    const ko = evaluatePolicy(ENTRY_AND_PCR, [old, entryPass()], { at, lang: 'ko' });
    expect(ko.satisfied).toBe(false);
    expect(ko.findings[0]!.message).toBe(
      '제시한 증명서 2건이 입국 정책 ENTRY-AND-PCR을(를) 충족하지 않습니다.',
    );
    expect(ko.explanation.text).toBe('모두 충족');
    expect(ko.explanation.children![1]!.reasons).toEqual(['#1: 73시간 경과, 72시간 초과']);
  });

  it('rejects a rapid antigen test, a positive result and a test dated after the check', () => {
    const decision = evaluatePolicy(
      ENTRY_AND_PCR,
      [
        pcr('2021-07-14T00:00:00Z', '260415000', 'LP217198-3'),
        pcr('2021-07-14T00:00:00Z', '260373001'),
        pcr('2021-07-16T00:00:00Z'),
        entryPass(),
      ],
      { at },
    );
    expect(decision.satisfied).toBe(false);
    expect(decision.explanation.children![1]!.reasons).toEqual([
      '#1: test type LP217198-3, not LP6464-4',
      '#2: result 260373001, not 260415000',
      '#3: dated 2021-07-16T00:00:00Z, after the check',
    ]);
  });

  it('accepts vaccinated or recovered, and needs the rules to have been applied when asked', () => {
    const rulesPassed = { steps: { signature: 'passed', rules: 'passed' } } as const;
    const vacc = hcert('vaccination', { dn: 2, sd: 2, dt: '2021-06-01', mp: 'EU/1/20/1528' });
    const rec = hcert(
      'recovery',
      { fr: '2021-05-01', df: '2021-05-12', du: '2021-11-01' },
      rulesPassed,
    );
    const either = VACCINATED_OR_RECOVERED_POLICY;
    const v = evaluatePolicy(either, [vacc], { at });
    expect(v.satisfied).toBe(false);
    expect(v.explanation.children![0]!.reasons).toEqual([
      "#1: the destination's entry rules were not applied",
    ]);
    expect(v.explanation.children![1]!.reasons).toEqual([
      'a recovery certificate was not presented',
    ]);
    const both = evaluatePolicy(either, [vacc, rec], { at });
    expect(both.satisfied).toBe(true);
    expect(both.used).toEqual([1]);
    const vaccRules = hcert(
      'vaccination',
      { dn: 1, sd: 2, dt: '2021-06-01', mp: 'EU/1/20/1528' },
      rulesPassed,
    );
    const incomplete = evaluatePolicy(either, [vaccRules], { at, lang: 'ko' });
    expect(incomplete.explanation.children![0]!.reasons).toEqual(['#1: 1/2차 접종, 접종 미완료']);
    const plain: Policy = { anyOf: [{ credential: 'vaccination' }, { credential: 'recovery' }] };
    expect(evaluatePolicy(plain, [vacc], { at }).satisfied).toBe(true);
  });

  it('does not count invalid credentials and says so', () => {
    const decision = evaluatePolicy(
      ENTRY_AND_PCR,
      [pcr('2021-07-14T00:00:00Z'), entryPass('KR', holder, 'invalid')],
      { at },
    );
    expect(decision.satisfied).toBe(false);
    expect(decision.findings.map((f) => f.code)).toEqual([
      'POLICY_NOT_SATISFIED',
      'POLICY_CREDENTIAL_INVALID',
      'POLICY_REQUIREMENT_MISSING',
    ]);
    expect(decision.explanation.children![0]!.reasons).toEqual(['#2: not valid (CWT_EXPIRED)']);
  });

  it('refuses credentials of different people unless sameHolder is false', () => {
    const other = { ...holder, familyNameTransliterated: 'LEE', dateOfBirth: '1985-01-01' };
    const reports = [pcr('2021-07-14T00:00:00Z'), entryPass('KR', other)];
    const decision = evaluatePolicy(ENTRY_AND_PCR, reports, { at });
    expect(decision.satisfied).toBe(false);
    expect(decision.findings.map((f) => [f.code, f.params])).toEqual([
      ['POLICY_NOT_SATISFIED', { policy: 'ENTRY-AND-PCR', count: 2 }],
      ['POLICY_HOLDER_MISMATCH', { first: 1, other: 2, field: 'dateOfBirth' }],
    ]);
    expect(evaluatePolicy({ ...ENTRY_AND_PCR, sameHolder: false }, reports, { at }).satisfied).toBe(
      true,
    );
  });

  it('checks issuers and age bounds of entry passes and vaccinations', () => {
    expect(
      evaluatePolicy(CN_FAST_TRACK_POLICY, [entryPass('KR'), pcr('2021-07-14T00:00:00Z')], { at })
        .satisfied,
    ).toBe(false);
    expect(
      evaluatePolicy(CN_FAST_TRACK_POLICY, [entryPass('CN'), pcr('2021-07-14T00:00:00Z')], { at })
        .satisfied,
    ).toBe(true);
    expect(
      evaluatePolicy(CN_FAST_TRACK_POLICY, [entryPass('CN'), pcr('2021-07-12T12:00:00Z')], { at })
        .satisfied,
    ).toBe(false);
    const twoWeeks: Policy = {
      credential: 'vaccination',
      minAgeHours: 336,
      vaccines: ['EU/1/20/1528'],
    };
    const recent = hcert('vaccination', { dn: 2, sd: 2, dt: '2021-07-10', mp: 'EU/1/20/1528' });
    const d = evaluatePolicy(twoWeeks, [recent], { at });
    expect(d.explanation.reasons).toEqual(['#1: 121 hours old, less than 336']);
  });

  it('gives POLICY_INVALID for a malformed policy instead of throwing', () => {
    const decision = evaluatePolicy(
      { allOf: [{ credential: 'passport' }] } as unknown as Policy,
      [],
      {
        at,
        lang: 'ko',
      },
    );
    expect(decision.satisfied).toBe(false);
    expect(decision.findings.map((f) => f.code)).toEqual(['POLICY_INVALID']);
    expect(decision.findings[0]!.message).toContain('$.allOf[0].credential');
  });
});

describe('parsePolicy', () => {
  it('accepts the documented examples and JSON text', () => {
    expect(parsePolicy(ENTRY_AND_PCR).ok).toBe(true);
    expect(
      parsePolicy(
        '{ "anyOf": [ { "credential": "vaccination", "rules": true }, { "credential": "recovery" } ] }',
      ).ok,
    ).toBe(true);
    for (const p of [CN_FAST_TRACK_POLICY, KR_FAST_TRACK_POLICY, VACCINATED_OR_RECOVERED_POLICY])
      expect(parsePolicy(p).ok).toBe(true);
  });

  it('refuses unknown keys, wrong kinds, bad conditions and deep nesting with a path', () => {
    const reason = (p: unknown) => {
      const r = parsePolicy(p);
      return r.ok ? 'ok' : r.params?.reason;
    };
    expect(reason('{')).toBe('not JSON');
    expect(reason({ allOf: [] })).toBe('$.allOf is not a non-empty array');
    expect(reason({ credential: 'test', maxAge: 3 })).toBe('$ has unknown key "maxAge"');
    expect(reason({ credential: 'vaccination', testType: ['LP6464-4'] })).toBe(
      '$: testType and result apply to tests only',
    );
    expect(reason({ anyOf: [{ credential: 'test', maxAgeHours: -1 }] })).toBe(
      '$.anyOf[0].maxAgeHours is not a non-negative number',
    );
    expect(reason({ anyOf: [{ credential: 'test', id: 'x' }] })).toBe(
      '$.anyOf[0] has unknown key "id"',
    );
    let deep: unknown = { credential: 'test' };
    for (let i = 0; i < 10; i++) deep = { allOf: [deep] };
    expect(reason(deep)).toMatch(/nests deeper than 8/);
  });
});

describe('fast-track policies over credentials verified with the KR rules', () => {
  let kr: Awaited<ReturnType<typeof testIssuer>>;
  beforeAll(async () => {
    kr = await testIssuer('KR');
  });

  it('needs an entry pass and a negative PCR that passes the KR rules (calendar-day 72 hours)', async () => {
    const dcc = (sc: string) => ({
      ver: '1.3.0',
      nam: { fn: '김', fnt: 'KIM', gn: '민준', gnt: 'MIN<JUN' },
      dob: '1990-04-12',
      t: [
        {
          tg: '840539006',
          tt: 'LP6464-4',
          nm: 'PCR',
          sc,
          tr: '260415000',
          tc: 'Seoul Test Centre',
          co: 'KR',
          is: 'KDCA',
          ci: 'URN:UVCI:01:KR:TEST0000001#1',
        },
      ],
    });
    const context = { trust: kr.trust, at, destination: { country: 'KR' }, rules: KR_RULES };
    // Day D-3 in Korea (73 hours before the check) is still accepted by TR-KR-0003.
    const inTime = await verify(await kr.issue(dcc('2021-07-12T00:00:00Z'), at), context);
    const tooOld = await verify(await kr.issue(dcc('2021-07-11T12:00:00Z'), at), context);
    expect(inTime.status).toBe('valid');
    expect(tooOld.status).toBe('invalid');
    const ok = evaluatePolicy(KR_FAST_TRACK_POLICY, [inTime, entryPass('KR')], { at, lang: 'ko' });
    expect(ok.satisfied).toBe(true);
    const late = evaluatePolicy(KR_FAST_TRACK_POLICY, [tooOld, entryPass('KR')], {
      at,
      lang: 'ko',
    });
    expect(late.satisfied).toBe(false);
    expect(late.explanation.children![1]!.reasons).toEqual(['#1: 유효하지 않음(RULE_FAILED)']);
    const noRules = await verify(await kr.issue(dcc('2021-07-14T00:00:00Z'), at), {
      trust: kr.trust,
      at,
    });
    expect(evaluatePolicy(KR_FAST_TRACK_POLICY, [noRules, entryPass('KR')], { at }).satisfied).toBe(
      false,
    );
  });
});
