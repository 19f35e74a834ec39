import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueHcert } from '../../core/src/issue.js';
import { countersignLane, signLane } from '../../core/src/lanes/document.js';
import { CN_KR_LANE_V1 } from '../../core/src/lanes/examples/cn-kr.js';
import { issueEntryPass } from '../../core/src/pass/issue.js';
import { OID_EKU_AUTHORITY, OID_EKU_ENTRY_PASS } from '../../core/src/x509/oids.js';
import { DEPARTURE, PASS_INPUT, PASS_MRZ, WINDOW } from '../../core/test-support/entry-pass.js';
import { testDocumentSigner } from '../../core/test-support/pass-issuer.js';
import { runCli, tempDir, writeTemp } from './helpers.js';

/** Boarding in Beijing one hour before the 10:00 (Seoul time) departure on 10 March 2021. */
const BOARDING = '2021-03-10T00:00:00Z';
const ARRIVAL = '2021-03-10T03:30:00Z';
const hoursBefore = (h: number) => new Date(DEPARTURE.getTime() - h * 3_600_000);

type Signer = Awaited<ReturnType<typeof testDocumentSigner>>;
const S = {} as {
  dir: string;
  cn: Signer;
  trust: string[];
  lane: string;
  pass: string;
  mrz: string;
  pcr: (sampledHoursBefore: number, gnt?: string) => Promise<string>;
};

beforeAll(async () => {
  S.dir = tempDir();
  const kr = await testDocumentSigner('KR', [OID_EKU_ENTRY_PASS]);
  S.cn = await testDocumentSigner('CN', []);
  const cnAuthority = await testDocumentSigner('CN', [OID_EKU_AUTHORITY]);
  const krAuthority = await testDocumentSigner('KR', [OID_EKU_AUTHORITY]);
  S.trust = [
    writeTemp(S.dir, 'kr-pass-signer.der', kr.der),
    writeTemp(S.dir, 'cn-dsc.der', S.cn.der),
    writeTemp(S.dir, 'cn-authority.der', cnAuthority.der),
    writeTemp(S.dir, 'kr-authority.der', krAuthority.der),
  ].flatMap((f) => ['--trust', f]);
  const signed = await signLane(CN_KR_LANE_V1, cnAuthority.signer);
  if (!signed.ok) throw new Error(signed.code);
  const countersigned = await countersignLane(signed.value, krAuthority.signer);
  if (!countersigned.ok) throw new Error(countersigned.code);
  S.lane = writeTemp(S.dir, 'lane.cose', countersigned.value);
  S.pass = await issueEntryPass(PASS_INPUT, { signer: kr.signer, ...WINDOW });
  S.mrz = writeTemp(S.dir, 'passport.mrz', `${PASS_MRZ}\n`);
  S.pcr = (h, gnt = 'XIAO<MING') => {
    const sc = hoursBefore(h);
    return issueHcert(
      {
        ver: '1.3.0',
        nam: { fn: '王', gn: '小明', fnt: 'WANG', gnt },
        dob: '1985-07-21',
        t: [
          {
            tg: '840539006',
            tt: 'LP6464-4',
            nm: 'PCR',
            sc: sc.toISOString(),
            tr: '260415000',
            tc: 'Beijing Designated Laboratory 3',
            co: 'CN',
            is: 'National Health Commission',
            ci: 'URN:UVCI:01:CN:PCR0000042#7',
          },
        ],
      },
      { signer: S.cn.signer, at: sc, expiresAt: new Date(sc.getTime() + 30 * 86_400_000) },
    );
  };
});

const base = () => [
  'check',
  '--pass',
  S.pass,
  ...S.trust,
  '--lane',
  S.lane,
  '--departure',
  DEPARTURE.toISOString(),
];

describe('corridor check (a lane checkpoint, offline)', () => {
  it('admits at boarding (exit 0) with the reason, the lane and each document', async () => {
    const r = await runCli([
      ...base(),
      '--boarding',
      '--mrz',
      S.mrz,
      '--at',
      BOARDING,
      '--journey',
      'CN-KR',
      await S.pcr(30),
    ]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/^✔ ADMIT · boarding/);
    expect(r.stdout).toContain('Lane           CN-KR-FAST-TRACK version 1');
    expect(r.stdout).toContain('[LANE_ADMIT]');
    expect(r.stdout).toMatch(/Entry pass\s+✔ valid/);
    expect(r.stdout).toMatch(/Certificate #1\s+✔ valid \(hcert\)/);
    expect(r.stdout).not.toContain('Arrival protocol');
  });

  it('at arrival prints the arrival protocol, in Chinese and Korean; --json is the decision', async () => {
    const args = [...base(), '--arrival', '--mrz', PASS_MRZ, '--at', ARRIVAL, await S.pcr(30)];
    const zh = await runCli([...args, '--lang', 'zh']);
    expect(zh.code, zh.stderr + zh.stdout).toBe(0);
    expect(zh.stdout).toMatch(/^✔ 准予通行 · 入境/);
    expect(zh.stdout).toMatch(
      /入境防疫措施\s+入境检测（LP6464-4） · 等待结果期间留观 \d+ 小时 · 健康监测 14 天/,
    );
    const ko = await runCli([...args, '--lang', 'ko']);
    expect(ko.stdout).toContain('통과 허용');
    expect(ko.stdout).toContain('입국 방역 절차');
    const json = await runCli([...args, '--json']);
    const d = JSON.parse(json.stdout) as {
      decision: string;
      checkpoint: string;
      arrivalProtocol: { test: boolean; monitoringDays: number };
    };
    expect(d).toMatchObject({ decision: 'admit', checkpoint: 'arrival' });
    expect(d.arrivalProtocol).toMatchObject({ test: true, monitoringDays: 14 });
  });

  it('refuses a test sampled too long before departure (exit 1), with the policy reason', async () => {
    const r = await runCli([
      ...base(),
      '--boarding',
      '--mrz',
      S.mrz,
      '--at',
      BOARDING,
      await S.pcr(24 * 6),
    ]);
    expect(r.code, r.stderr + r.stdout).toBe(1);
    expect(r.stdout).toMatch(/^✘ REFUSE · boarding/);
    expect(r.stdout).toMatch(/Health policy\s+.*: not satisfied/);
  });

  it('refers (exit 3) without a readable passport, or a name differing in transliteration', async () => {
    const noMrz = await runCli([...base(), '--boarding', '--at', BOARDING, await S.pcr(30)]);
    expect(noMrz.code, noMrz.stderr + noMrz.stdout).toBe(3);
    expect(noMrz.stdout).toMatch(/^\? REFER · boarding/);
    expect(noMrz.stdout).toContain('[LANE_MRZ_REQUIRED]');
    const near = await runCli([
      ...base(),
      '--boarding',
      '--mrz',
      S.mrz,
      '--at',
      BOARDING,
      await S.pcr(30, 'XIAO<MIN'),
    ]);
    expect(near.code).toBe(3);
    expect(near.stdout).toContain('[LANE_HOLDER_NAME_UNCERTAIN]');
  });

  it('exits 2 on usage errors: no checkpoint, no pass, a lane no authority signed', async () => {
    const none = await runCli(['check', '--pass', S.pass, '--lane', S.lane]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--boarding');
    const noPass = await runCli(['check', '--boarding', '--lane', S.lane]);
    expect(noPass.code).toBe(2);
    const unsigned = await runCli([
      'check',
      '--boarding',
      '--pass',
      S.pass,
      '--trust',
      path.join(S.dir, 'cn-dsc.der'),
      '--lane',
      S.lane,
    ]);
    expect(unsigned.code).toBe(2);
    expect(unsigned.stderr).toContain('LANE_SIGNATURE_INVALID');
  });
});
