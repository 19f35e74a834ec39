import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { testIssuer } from '../../test-support/issuer.js';
import { vectorsDir } from '../../test-support/vectors.js';
import type { EuValueSet } from '../dcc/valuesets.js';
import type { Lang } from '../report/finding.js';
import { DscTrustList, type TrustSource } from '../trust/trust-list.js';
import { type VerifyContext, verify } from '../verify.js';
import { applyRules, valueSetCodes } from './apply.js';
import { CN_RULES, KR_RULES } from './examples/fast-track.js';
import type { BusinessRule } from './types.js';
import { validateRule } from './validate.js';

const person = {
  ver: '1.3.0',
  nam: { fn: '김', fnt: 'KIM', gn: '민준', gnt: 'MIN<JUN' },
  dob: '1990-04-12',
};
const testEntry = (sc: string, tt = 'LP6464-4', tr = '260415000') => ({
  ...person,
  t: [
    {
      tg: '840539006',
      tt,
      nm: 'PCR',
      sc,
      tr,
      tc: 'Seoul Test Centre',
      co: 'KR',
      is: 'KDCA',
      ci: 'URN:UVCI:01:KR:TEST0000001#1',
    },
  ],
});
const vaccination = (dt: string, dn = 2, sd = 2, mp = 'EU/1/20/1528') => ({
  ...person,
  v: [
    {
      tg: '840539006',
      vp: 'J07BX03',
      mp,
      ma: 'ORG-100030215',
      dn,
      sd,
      dt,
      co: 'KR',
      is: 'KDCA',
      ci: 'URN:UVCI:01:KR:VACC0000001#2',
    },
  ],
});

const failedIds = (report: { rules?: { identifier: string; status: string }[] }) =>
  (report.rules ?? []).filter((r) => r.status !== 'passed').map((r) => r.identifier);
const codes = (report: { findings: { code: string }[] }) => report.findings.map((f) => f.code);

const rulesRoot = vectorsDir('business-rules');
const dgc = vectorsDir('dgc-testdata');

function loadRules(root: string, countries: string[]): BusinessRule[] {
  const rules: BusinessRule[] = [];
  for (const cc of countries) {
    for (const id of readdirSync(path.join(root, cc)).sort()) {
      const file = path.join(root, cc, id, 'rule.json');
      if (!existsSync(file)) continue;
      const { rule } = validateRule(JSON.parse(readFileSync(file, 'utf8')));
      if (!rule) throw new Error(`${file} does not validate`);
      rules.push(rule);
    }
  }
  return rules;
}

describe.skipIf(!rulesRoot || !dgc)('verify() with destination rules on the EU vectors', () => {
  let rules: BusinessRule[];
  let valueSets: Record<string, string[]>;
  const vector = async (n: number) => {
    const v = JSON.parse(readFileSync(path.join(dgc!, `DE/2DCode/raw/${n}.json`), 'utf8'));
    const trust = await DscTrustList.create([v.TESTCTX.CERTIFICATE]);
    return { text: v.PREFIX as string, trust, clock: new Date(v.TESTCTX.VALIDATIONCLOCK) };
  };

  beforeAll(() => {
    rules = loadRules(rulesRoot!, ['EU', 'DE', 'AT']);
    valueSets = JSON.parse(
      readFileSync(path.join(rulesRoot!, 'valuesets', 'valueSets.json'), 'utf8'),
    );
  });

  it('passes a complete DE vaccination against the EU template rules at the vector clock', async () => {
    const { text, trust, clock } = await vector(1);
    const report = await verify(text, {
      trust,
      at: clock,
      destination: { country: 'EU' },
      rules,
      valueSets,
    });
    expect(report.status).toBe('valid');
    expect(report.steps.rules).toBe('passed');
    expect(report.rules!.map((r) => r.identifier)).toEqual([
      'GR-EU-0000',
      'GR-EU-0001',
      'VR-EU-0000',
      'VR-EU-0001',
      'VR-EU-0002',
    ]);
    expect(report.findings).toEqual([]);
  });

  it('fails an incomplete DE vaccination (dose 1/2) on VR-EU-0002 and says which fields it read', async () => {
    const { text, trust, clock } = await vector(4);
    const report = await verify(text, {
      trust,
      at: clock,
      destination: { country: 'EU' },
      rules,
      valueSets,
    });
    expect(report.status).toBe('invalid');
    expect(report.steps.signature).toBe('passed');
    expect(report.steps.rules).toBe('failed');
    expect(failedIds(report)).toEqual(['VR-EU-0002']);
    const failed = report.rules!.find((r) => r.identifier === 'VR-EU-0002')!;
    expect(failed).toMatchObject({
      status: 'failed',
      type: 'Acceptance',
      country: 'EU',
      version: '1.0.0',
      affectedFields: ['v.0', 'v.0.dn', 'v.0.sd'],
    });
    expect(report.findings.map((f) => [f.code, f.params?.identifier])).toEqual([
      ['RULE_FAILED', 'VR-EU-0002'],
    ]);
  });

  it('fails a 56-hour-old DE rapid antigen test on TR-EU-0002 and TR-EU-0005', async () => {
    const { text, trust, clock } = await vector(2);
    const report = await verify(text, {
      trust,
      at: clock,
      destination: { country: 'EU' },
      rules,
      valueSets,
    });
    expect(report.status).toBe('invalid');
    expect(failedIds(report)).toEqual(['TR-EU-0002', 'TR-EU-0005']);
  });

  it('applies the DE rules from 2021-07-03 on: none apply at the vector clock (warning only), VR-DE-0001 fails later', async () => {
    const { text, trust, clock } = await vector(4);
    const before = await verify(text, {
      trust,
      at: clock,
      destination: { country: 'de' },
      rules,
      valueSets,
    });
    expect(before.status).toBe('valid');
    expect(before.steps.rules).toBe('skipped');
    expect(before.rules).toEqual([]);
    expect(codes(before)).toEqual(['RULES_NONE_APPLICABLE']);
    expect(before.findings[0]!.severity).toBe('warning');
    expect(before.findings[0]!.params).toMatchObject({ country: 'DE' });

    const later = await verify(text, {
      trust,
      at: new Date('2021-07-10T12:00:00Z'),
      destination: { country: 'DE' },
      rules,
      valueSets,
    });
    expect(later.status).toBe('invalid');
    expect(later.rules!.map((r) => r.identifier)).toEqual([
      'VR-DE-0001',
      'VR-DE-0002',
      'VR-DE-0004',
    ]);
    expect(failedIds(later)).toEqual(['VR-DE-0001']);
    expect(later.rules![0]!.description).toBe(
      'The vaccination schedule must be complete (e.g., 1/1, 2/2).',
    );
  });

  it('leaves the report exactly as before when no destination or no rules are given', async () => {
    const { text, trust, clock } = await vector(4);
    const plain = await verify(text, { trust, at: clock });
    const onlyRules = await verify(text, { trust, at: clock, rules });
    const onlyDestination = await verify(text, {
      trust,
      at: clock,
      destination: { country: 'EU' },
    });
    for (const r of [plain, onlyRules, onlyDestination]) {
      expect(r.status).toBe('valid');
      expect(r.rules).toBeUndefined();
      expect(r.steps.rules).toBeUndefined();
    }
  });

  it('accepts the value sets as EU value-set documents as well as a map', async () => {
    const dir = vectorsDir('valuesets');
    if (!dir) return;
    const sets: EuValueSet[] = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')))
      .filter((s) => typeof s.valueSetId === 'string');
    const map = valueSetCodes(sets);
    expect(map['disease-agent-targeted']).toEqual(['840539006']);
    expect(valueSetCodes(sets)).toBe(map);
    const { text, trust, clock } = await vector(1);
    const report = await verify(text, {
      trust,
      at: clock,
      destination: { country: 'EU' },
      rules,
      valueSets: sets,
    });
    expect(report.steps.rules).toBe('passed');
    const without = await verify(text, { trust, at: clock, destination: { country: 'EU' }, rules });
    expect(failedIds(without)).toEqual(['GR-EU-0001']);
  });
});

describe('verify() with the CN/KR example rules on certificates issued during the test', () => {
  const at = new Date('2021-07-15T01:00:00Z'); // 10:00 in Seoul
  let kr: Awaited<ReturnType<typeof testIssuer>>;
  const context = (trust: TrustSource, country: string, lang?: Lang): VerifyContext => ({
    trust,
    at,
    destination: { country },
    rules: [...CN_RULES, ...KR_RULES],
    ...(lang ? { lang } : {}),
  });

  beforeAll(async () => {
    kr = await testIssuer('KR');
  });

  it('accepts a negative PCR sampled three calendar days earlier in Korea (TR-KR-0003)', async () => {
    // Sampled 2021-07-12 00:30 KST: 72.5 hours before the check, but on day D-3.
    const text = await kr.issue(
      testEntry('2021-07-11T15:30:00Z'),
      new Date('2021-07-12T00:00:00Z'),
    );
    const report = await verify(text, context(kr.trust, 'KR'));
    expect(report.status).toBe('valid');
    expect(report.rules!.map((r) => [r.identifier, r.status])).toEqual([
      ['TR-KR-0001', 'passed'],
      ['TR-KR-0002', 'passed'],
      ['TR-KR-0003', 'passed'],
    ]);
  });

  it('refuses a rapid antigen test and a positive result for Korea, naming each failed rule', async () => {
    const text = await kr.issue(
      testEntry('2021-07-14T01:00:00Z', 'LP217198-3', '260373001'),
      new Date('2021-07-14T02:00:00Z'),
    );
    const report = await verify(text, context(kr.trust, 'KR'));
    expect(report.status).toBe('invalid');
    expect(failedIds(report)).toEqual(['TR-KR-0001', 'TR-KR-0002']);
    expect(report.findings.filter((f) => f.code === 'RULE_FAILED').map((f) => f.params)).toEqual([
      {
        identifier: 'TR-KR-0001',
        description:
          'The test must be a nucleic acid amplification test (PCR); rapid antigen tests are not accepted.',
      },
      { identifier: 'TR-KR-0002', description: 'The test result must be negative (not detected).' },
    ]);
  });

  it('gives rule descriptions and findings in Chinese and Korean', async () => {
    const text = await kr.issue(vaccination('2021-07-10', 1, 2), new Date('2021-07-10T09:00:00Z'));
    const zh = await verify(text, context(kr.trust, 'CN', 'zh'));
    expect(failedIds(zh)).toEqual(['VR-CN-0001', 'VR-CN-0002']);
    expect(zh.rules!.find((r) => r.identifier === 'VR-CN-0001')!.description).toBe(
      '疫苗接种程序必须已完成（剂次不少于全程剂数）。',
    );
    expect(zh.findings[0]!.message).toBe(
      '不符合规则 VR-CN-0001：疫苗接种程序必须已完成（剂次不少于全程剂数）。',
    );
    const ko = await verify(text, context(kr.trust, 'KR', 'ko'));
    expect(failedIds(ko)).toEqual(['VR-KR-0001', 'VR-KR-0002']);
    expect(ko.findings[1]!.message).toBe(
      '규칙 VR-KR-0002을(를) 충족하지 않습니다: 접종 완료 후 14일이 지나야 하며 365일을 넘지 않아야 합니다.',
    );
  });

  it('falls back to the English description when a rule has none in the report language', async () => {
    const englishOnly: BusinessRule = {
      ...KR_RULES[3]!,
      Identifier: 'VR-KR-0099',
      Description: [
        { lang: 'de', desc: 'Die Impfserie muss vollständig sein.' },
        { lang: 'en', desc: 'The vaccination series must be complete.' },
      ],
    };
    const text = await kr.issue(vaccination('2021-06-01', 1, 2), new Date('2021-07-02T00:00:00Z'));
    const report = await verify(text, {
      trust: kr.trust,
      at,
      lang: 'zh',
      destination: { country: 'KR' },
      rules: [englishOnly],
    });
    expect(report.rules).toEqual([
      {
        identifier: 'VR-KR-0099',
        type: 'Acceptance',
        country: 'KR',
        version: '1.0.0',
        status: 'failed',
        description: 'The vaccination series must be complete.',
        affectedFields: ['v.0', 'v.0.dn', 'v.0.sd'],
      },
    ]);
    expect(report.findings[0]!.message).toBe(
      '不符合规则 VR-KR-0099：The vaccination series must be complete.',
    );
  });

  it('reports a rule that cannot be decided as open (RULE_OPEN), which also makes the report invalid', async () => {
    const text = await kr.issue(
      testEntry('2021-07-14T01:00:00Z'),
      new Date('2021-07-14T02:00:00Z'),
    );
    // China's IgM rule reads external.supplementary, which verify() does not fill: it fails.
    const cn = await verify(text, context(kr.trust, 'CN'));
    expect(failedIds(cn)).toEqual(['TR-CN-0004']);
    // A destination without a known UTC offset has no validationDayStart: TR-KR-0003 is open.
    const open = applyRules(
      { format: 'hcert', type: 'test', issuer: 'KR', dcc: testEntry('2021-07-14T01:00:00Z') },
      {
        destination: { country: 'XX' },
        rules: KR_RULES.filter((r) => r.Identifier === 'TR-KR-0003').map((r) => ({
          ...r,
          Country: 'XX',
        })),
        at,
        lang: 'en',
      },
    );
    expect(open.step).toBe('failed');
    expect(open.results[0]!.status).toBe('open');
    expect(open.findings.map((f) => [f.code, f.severity])).toEqual([['RULE_OPEN', 'error']]);
  });

  it('skips the rules when the code does not decode, and still applies them when the signature is unknown', async () => {
    const broken = await verify('HC1:not base45!', context(kr.trust, 'KR'));
    expect(broken.rules).toBeUndefined();
    const text = await kr.issue(testEntry('2021-07-14T01:00:00Z', 'LP217198-3'), at);
    const stranger = await verify(text, { ...context({ lookup: () => [] }, 'KR') });
    expect(codes(stranger)).toEqual(['DSC_UNKNOWN_KID', 'RULE_FAILED']);
  });
});
