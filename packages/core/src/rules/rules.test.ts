import { describe, expect, it } from 'vitest';
import { buildExternal, evaluateRules, rulesVerdict } from './evaluate.js';
import { CN_RULES, FAST_TRACK_RULES, KR_RULES } from './examples/fast-track.js';
import { selectRules } from './select.js';
import type { BusinessRule } from './types.js';
import { validateRule } from './validate.js';

const rule = (over: Partial<BusinessRule> = {}): BusinessRule => ({
  Identifier: 'VR-KR-0009',
  Type: 'Acceptance',
  Country: 'KR',
  Version: '1.0.0',
  SchemaVersion: '1.0.0',
  Engine: 'CERTLOGIC',
  EngineVersion: '1.3.2',
  CertificateType: 'Vaccination',
  Description: [{ lang: 'en', desc: 'Complete course.' }],
  ValidFrom: '2021-06-01T00:00:00Z',
  ValidTo: '2030-06-01T00:00:00Z',
  AffectedFields: ['v.0', 'v.0.dn', 'v.0.sd'],
  Logic: {
    if: [
      { var: 'payload.v.0' },
      { '>=': [{ var: 'payload.v.0.dn' }, { var: 'payload.v.0.sd' }] },
      true,
    ],
  },
  ...over,
});
const codes = (input: unknown, uploadAt?: Date) =>
  validateRule(input, uploadAt ? { uploadAt } : {}).findings.map((f) => f.code);

describe('validateRule', () => {
  it('accepts a well-formed rule and every example rule', () => {
    expect(codes(rule())).toEqual([]);
    for (const r of FAST_TRACK_RULES) expect([r.Identifier, codes(r)]).toEqual([r.Identifier, []]);
  });

  it('reports missing and malformed fields as RULE_INVALID', () => {
    const { Version: _v, ...noVersion } = rule();
    expect(codes(noVersion)).toContain('RULE_INVALID');
    expect(codes(rule({ Identifier: 'VR-CN-0009' }))).toContain('RULE_INVALID');
    expect(codes(rule({ Identifier: 'TR-KR-0009' }))).toContain('RULE_INVALID');
    expect(codes(rule({ Description: [{ lang: 'de', desc: 'x' }] }))).toContain('RULE_INVALID');
    expect(codes(42)).toEqual(['RULE_INVALID']);
  });

  it('checks the logic and the affected fields against what the logic reads', () => {
    expect(codes(rule({ Logic: { eval: [1] } }))).toContain('RULE_LOGIC_INVALID');
    expect(codes(rule({ AffectedFields: ['v.0'] }))).toEqual(['RULE_AFFECTED_FIELDS_MISMATCH']);
    expect(codes(rule({ AffectedFields: ['v.0', 'v.0.dn', 'v.0.sd', 'v.0.mp'] }))).toEqual([
      'RULE_AFFECTED_FIELDS_MISMATCH',
    ]);
  });

  it('applies the gateway time constraints', () => {
    expect(codes(rule({ ValidTo: '2021-05-01T00:00:00Z' }))).toEqual(['RULE_VALIDITY_INVALID']);
    expect(codes(rule({ ValidTo: '2021-06-02T00:00:00Z' }))).toEqual(['RULE_VALIDITY_INVALID']);
    expect(codes(rule({ ValidFrom: '2021-06-01' }))).toEqual(['RULE_VALIDITY_INVALID']);
    const upload = new Date('2021-05-31T12:00:00Z');
    // Acceptance rules need 48 hours' notice; 12 hours is too short.
    expect(codes(rule(), upload)).toEqual(['RULE_VALIDITY_INVALID']);
    expect(codes(rule(), new Date('2021-05-29T00:00:00Z'))).toEqual([]);
    expect(codes(rule(), new Date('2021-06-02T00:00:00Z'))).toEqual(['RULE_VALIDITY_INVALID']);
  });

  it('refuses engines it does not implement', () => {
    expect(codes(rule({ Engine: 'JSONLOGIC' }))).toEqual(['RULE_ENGINE_UNSUPPORTED']);
    expect(codes(rule({ EngineVersion: '2.0.0' }))).toEqual(['RULE_ENGINE_UNSUPPORTED']);
  });
});

describe('selectRules', () => {
  const at = new Date('2022-01-01T00:00:00Z');
  const rules = [
    rule(),
    rule({ Version: '1.1.0', Description: [{ lang: 'en', desc: 'newer' }] }),
    rule({ Version: '2.0.0', ValidFrom: '2023-01-01T00:00:00Z' }),
    rule({ Identifier: 'GR-KR-0001', CertificateType: 'General', AffectedFields: [], Logic: true }),
    rule({ Identifier: 'TR-KR-0001', CertificateType: 'Test', AffectedFields: [], Logic: true }),
    rule({ Identifier: 'VR-KR-0002', Region: 'JJ', AffectedFields: [], Logic: true }),
    rule({
      Identifier: 'VR-KR-0003',
      ValidTo: '2022-01-01T00:00:00Z',
      AffectedFields: [],
      Logic: true,
    }),
    rule({
      Identifier: 'IR-CN-0001',
      Type: 'Invalidation',
      Country: 'CN',
      AffectedFields: [],
      Logic: true,
    }),
    rule({ Identifier: 'VR-CN-0001', Country: 'CN' }),
  ];

  it('keeps the newest version in force, General rules and the matching type only', () => {
    const selected = selectRules(rules, { country: 'KR', at, certificateType: 'vaccination' });
    expect(selected.map((r) => `${r.Identifier}@${r.Version}`)).toEqual([
      'GR-KR-0001@1.0.0',
      'VR-KR-0009@1.1.0',
    ]);
  });

  it('adds regional rules only for their region, and the issuer invalidation rules', () => {
    const selected = selectRules(rules, {
      country: 'KR',
      region: 'JJ',
      at,
      certificateType: 'vaccination',
      issuerCountry: 'CN',
    });
    expect(selected.map((r) => r.Identifier)).toEqual([
      'GR-KR-0001',
      'IR-CN-0001',
      'VR-KR-0002',
      'VR-KR-0009',
    ]);
  });
});

describe('evaluateRules', () => {
  it('reports open with a coded error, localised descriptions and the affected fields', () => {
    const broken = rule({
      Description: [
        { lang: 'en', desc: 'Complete course.' },
        { lang: 'ko', desc: '접종 완료.' },
      ],
      Logic: { '<': [{ var: 'payload.v.0.dn' }, 'x'] },
      AffectedFields: ['v.0.dn'],
    });
    const [result] = evaluateRules(
      [broken],
      { payload: { v: [{ dn: 1 }] }, external: {} },
      { lang: 'ko' },
    );
    expect(result).toMatchObject({
      identifier: 'VR-KR-0009',
      status: 'open',
      description: { en: 'Complete course.', zh: 'Complete course.', ko: '접종 완료.' },
      affectedFields: ['v.0.dn'],
      error: { code: 'CERTLOGIC_EVALUATION_ERROR' },
      finding: { code: 'RULE_OPEN' },
    });
  });

  it('builds validationDayStart in the destination time zone', () => {
    const external = buildExternal({
      at: new Date('2021-05-03T20:00:00Z'),
      countryCode: 'KR',
      utcOffsetMinutes: 540,
    });
    expect(external.validationDayStart).toBe('2021-05-04T00:00:00+09:00');
    expect(external.validationClock).toBe('2021-05-03T20:00:00.000Z');
  });
});

const testPayload = (t: Record<string, unknown>) => ({
  ver: '1.3.0',
  dob: '1985-03-02',
  nam: { fnt: 'LI', gnt: 'WEI' },
  t: [
    {
      tg: '840539006',
      tt: 'LP6464-4',
      tr: '260415000',
      tc: 'Lab',
      co: 'KR',
      is: 'KDCA',
      ci: 'URN:UVCI:01:KR:X',
      ...t,
    },
  ],
});

const verdict = (
  rules: readonly BusinessRule[],
  country: string,
  payload: unknown,
  at: Date,
  extra = {},
) => {
  const certificateType =
    'v' in (payload as object) ? 'vaccination' : 't' in (payload as object) ? 'test' : 'recovery';
  const selected = selectRules(rules, { country, at, certificateType });
  const external = {
    ...buildExternal({ at, countryCode: country, utcOffsetMinutes: country === 'KR' ? 540 : 480 }),
    ...extra,
  };
  return rulesVerdict(evaluateRules(selected, { payload, external }));
};

describe('Korea example rule set (2021, NAAT within 72 hours by calendar day)', () => {
  // Departure check on 2021-05-04 at 10:00 KST.
  const at = new Date('2021-05-04T01:00:00Z');

  it('accepts a negative NAAT sampled on day D-3 at any hour', () => {
    expect(verdict(KR_RULES, 'KR', testPayload({ sc: '2021-05-01T00:10:00+09:00' }), at)).toBe(
      'passed',
    );
    // 81 hours before the check, still accepted by calendar-day counting.
    expect(verdict(KR_RULES, 'KR', testPayload({ sc: '2021-05-01T01:00:00+09:00' }), at)).toBe(
      'passed',
    );
  });

  it('refuses a NAAT sampled on day D-4, even less than 96 hours before', () => {
    expect(verdict(KR_RULES, 'KR', testPayload({ sc: '2021-04-30T23:50:00+09:00' }), at)).toBe(
      'failed',
    );
  });

  it('refuses rapid antigen tests and positive results', () => {
    const sc = '2021-05-03T09:00:00+09:00';
    expect(verdict(KR_RULES, 'KR', testPayload({ sc, tt: 'LP217198-3' }), at)).toBe('failed');
    expect(verdict(KR_RULES, 'KR', testPayload({ sc, tr: '260373001' }), at)).toBe('failed');
  });

  it('accepts a completed vaccination after 14 days and refuses it before', () => {
    const payload = {
      v: [{ tg: '840539006', mp: 'EU/1/20/1528', dn: 2, sd: 2, dt: '2021-06-20' }],
    };
    expect(verdict(KR_RULES, 'KR', payload, new Date('2021-07-04T03:00:00Z'))).toBe('passed');
    expect(verdict(KR_RULES, 'KR', payload, new Date('2021-07-03T03:00:00Z'))).toBe('failed');
    const partial = { v: [{ ...payload.v[0], dn: 1 }] };
    expect(verdict(KR_RULES, 'KR', partial, new Date('2021-07-10T03:00:00Z'))).toBe('failed');
  });

  it('accepts a recovery certificate only within its validity', () => {
    const payload = {
      r: [{ tg: '840539006', fr: '2021-06-01', df: '2021-06-12', du: '2021-11-28' }],
    };
    expect(verdict(KR_RULES, 'KR', payload, new Date('2021-08-01T00:00:00Z'))).toBe('passed');
    expect(verdict(KR_RULES, 'KR', payload, new Date('2021-12-01T00:00:00Z'))).toBe('failed');
  });
});

describe('China example rule set (Nov 2020 boarding rule: NAAT and IgM within 48 hours)', () => {
  const at = new Date('2020-12-01T06:00:00Z');
  const sc = '2020-11-30T10:00:00+08:00';
  const igm = { supplementary: { igm: { result: 'negative', sc: '2020-11-30T10:05:00+08:00' } } };

  it('accepts a negative NAAT within 48 hours together with an attested negative IgM test', () => {
    expect(verdict(CN_RULES, 'CN', testPayload({ sc }), at, igm)).toBe('passed');
  });

  it('refuses a DCC alone, because IgM cannot be carried in an EU DCC', () => {
    expect(verdict(CN_RULES, 'CN', testPayload({ sc }), at)).toBe('failed');
  });

  it('refuses a NAAT sampled more than 48 hours before boarding', () => {
    const old = testPayload({ sc: '2020-11-29T05:00:00+08:00' });
    expect(verdict(CN_RULES, 'CN', old, at, igm)).toBe('failed');
  });

  it('refuses a positive IgM attestation', () => {
    const positive = { supplementary: { igm: { ...igm.supplementary.igm, result: 'positive' } } };
    expect(verdict(CN_RULES, 'CN', testPayload({ sc }), at, positive)).toBe('failed');
  });

  it('accepts a completed inactivated-vaccine course and refuses an unlisted vaccine', () => {
    const at2 = new Date('2021-08-01T00:00:00Z');
    const v = { tg: '840539006', mp: 'BBIBP-CorV', dn: 2, sd: 2, dt: '2021-06-01' };
    expect(verdict(CN_RULES, 'CN', { v: [v] }, at2)).toBe('passed');
    expect(verdict(CN_RULES, 'CN', { v: [{ ...v, mp: 'Sputnik-V' }] }, at2)).toBe('failed');
  });
});
