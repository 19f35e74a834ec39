import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { vectorsDir } from '../../core/test-support/vectors.js';
import { type DgcVector, readVector, runCli, tempDir, writeTemp } from './helpers.js';

const dgc = vectorsDir('dgc-testdata');
const rulesDir = vectorsDir('business-rules');

describe.skipIf(!dgc || !rulesDir)('corridor verify --destination --rules / --policy', () => {
  const v: Record<number, DgcVector> = {};
  let dir: string;
  let dscFile: string;
  let clock: string;

  beforeAll(async () => {
    for (const n of [1, 2, 3, 4]) v[n] = await readVector(dgc!, `DE/2DCode/raw/${n}.json`);
    clock = v[1]!.TESTCTX.VALIDATIONCLOCK;
    dir = tempDir();
    dscFile = writeTemp(dir, 'dsc.b64', v[1]!.TESTCTX.CERTIFICATE);
  });

  const verifyArgs = (...rest: string[]) => ['verify', '--trust', dscFile, '--at', clock, ...rest];

  it('lists the failed rule with its description and the fields it read (exit 1)', async () => {
    const r = await runCli(verifyArgs('--destination', 'EU', '--rules', rulesDir!, v[4]!.PREFIX));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✘ INVALID');
    expect(r.stdout).toMatch(/Entry rules\s+5 applied: 4 passed, 1 failed, 0 undecided/);
    expect(r.stdout).toContain(
      '✘ VR-EU-0002 (1.0.0): Vaccination doses must be equal or greater than expected doses.',
    );
    expect(r.stdout).toContain('fields read: v.0, v.0.dn, v.0.sd');
  });

  it('prints every rule result as JSON and passes a complete vaccination (exit 0)', async () => {
    const r = await runCli(
      verifyArgs('--json', '--destination', 'EU', '--rules', rulesDir!, v[1]!.PREFIX),
    );
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.steps.rules).toBe('passed');
    expect(report.rules.map((x: { identifier: string }) => x.identifier)).toEqual([
      'GR-EU-0000',
      'GR-EU-0001',
      'VR-EU-0000',
      'VR-EU-0001',
      'VR-EU-0002',
    ]);
    const fails = await runCli(
      verifyArgs('--json', '--destination', 'EU', '--rules', rulesDir!, v[2]!.PREFIX),
    );
    expect(fails.code).toBe(1);
    expect(
      JSON.parse(fails.stdout)
        .rules.filter((x: { status: string }) => x.status === 'failed')
        .map((x: { identifier: string }) => x.identifier),
    ).toEqual(['TR-EU-0002', 'TR-EU-0005']);
  });

  it('reads a rule file (array), speaks --lang and falls back to English descriptions', async () => {
    const rule = JSON.parse(readFileSync(path.join(rulesDir!, 'EU/VR-EU-0002/rule.json'), 'utf8'));
    const zhRule = {
      ...rule,
      Country: 'KR',
      Identifier: 'VR-KR-0002',
      Description: [...rule.Description, { lang: 'zh', desc: '疫苗接种程序必须已完成。' }],
    };
    const enRule = { ...rule, Country: 'KR', Identifier: 'VR-KR-0009' };
    const file = writeTemp(dir, 'kr-rules.json', JSON.stringify([zhRule, enRule]));
    const r = await runCli(
      verifyArgs('--lang', 'zh', '--destination', 'KR', '--rules', file, v[4]!.PREFIX),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✘ 无效');
    expect(r.stdout).toContain('✘ VR-KR-0002 (1.0.0): 疫苗接种程序必须已完成。');
    const english = rule.Description.find((d: { lang: string }) => d.lang === 'en').desc;
    expect(r.stdout).toContain(`✘ VR-KR-0009 (1.0.0): ${english}`);
    expect(r.stdout).toContain('读取字段: v.0, v.0.dn, v.0.sd');
  });

  it('warns when no rule of the destination applies, and stays valid (exit 0)', async () => {
    const r = await runCli(verifyArgs('--destination', 'DE', '--rules', rulesDir!, v[1]!.PREFIX));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✔ VALID');
    expect(r.stdout).toMatch(/Entry rules\s+none applied/);
    expect(r.stdout).toContain('[RULES_NONE_APPLICABLE]');
  });

  it('decides a policy over several inputs: vaccinated or recovered', async () => {
    const policy = writeTemp(
      dir,
      'policy.json',
      JSON.stringify({
        id: 'VACC-OR-REC',
        anyOf: [
          { credential: 'vaccination', completeCourse: true, rules: true },
          { credential: 'recovery', rules: true },
        ],
      }),
    );
    const rules = ['--destination', 'EU', '--rules', rulesDir!];
    const ok = await runCli(verifyArgs('--policy', policy, ...rules, v[4]!.PREFIX, v[3]!.PREFIX));
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('✔ POLICY SATISFIED: VACC-OR-REC');
    expect(ok.stdout).toMatch(
      /✔ a recovery certificate \(meeting the destination's entry rules\) ← met by #2/,
    );
    expect(ok.stdout).toContain('fields read (VR-EU-0002): v.0, v.0.dn, v.0.sd');

    const ko = await runCli(verifyArgs('--lang', 'ko', '--policy', policy, ...rules, v[4]!.PREFIX));
    expect(ko.code).toBe(1);
    expect(ko.stdout).toContain('✘ 입국 정책 미충족: VACC-OR-REC');
    expect(ko.stdout).toContain('#1: 유효하지 않음(RULE_FAILED)');
    expect(ko.stdout).toContain('[POLICY_REQUIREMENT_MISSING]');

    const json = await runCli(verifyArgs('--json', '--policy', policy, v[1]!.PREFIX));
    expect(json.code).toBe(1); // rules: true, but no rules were applied
    const out = JSON.parse(json.stdout);
    expect(out.decision.satisfied).toBe(false);
    expect(out.reports).toHaveLength(1);
  });

  it('refuses bad combinations and malformed files with exit 2', async () => {
    expect((await runCli(verifyArgs('--destination', 'EU', v[1]!.PREFIX))).code).toBe(2);
    expect(
      (await runCli(verifyArgs('--destination', 'E', '--rules', rulesDir!, v[1]!.PREFIX))).code,
    ).toBe(2);
    const bad = writeTemp(dir, 'bad-policy.json', '{"allOf":[{"credential":"passport"}]}');
    const r = await runCli(verifyArgs('--policy', bad, v[1]!.PREFIX));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('$.allOf[0].credential');
    expect((await runCli(verifyArgs(v[1]!.PREFIX, v[2]!.PREFIX))).code).toBe(2);
    const badRule = writeTemp(dir, 'bad-rule.json', '{"Identifier":"VR-XX-0001"}');
    const rr = await runCli(verifyArgs('--destination', 'XX', '--rules', badRule, v[1]!.PREFIX));
    expect(rr.code).toBe(2);
    expect(rr.stderr).toContain('VR-XX-0001');
  });
});
