import { beforeAll, describe, expect, it } from 'vitest';
import { issueHcert } from '../../core/src/issue.js';
import { countersignLane, signLane } from '../../core/src/lanes/document.js';
import { CN_KR_LANE_V1 } from '../../core/src/lanes/examples/cn-kr.js';
import { toBase64 } from '../../core/src/lib/bytes.js';
import { issueEntryPass } from '../../core/src/pass/issue.js';
import { countersignAgreement, signAgreement } from '../../core/src/trust/agreement.js';
import { signTrustBundle, type TrustBundleContent } from '../../core/src/trust/bundle.js';
import { DEPARTURE, PASS_INPUT, PASS_MRZ, WINDOW } from '../../core/test-support/entry-pass.js';
import { createAnchor, createCountryKeys } from '../../server/src/gateway/fixtures.js';
import { createDsc } from '../../server/src/pki/dsc.js';
import { runCli, tempDir, writeTemp } from './helpers.js';

const NOW = new Date('2021-03-01T00:00:00Z');
const s = (d: Date) => Math.floor(d.getTime() / 1000);
const S = {} as {
  bundle: string;
  noAgreement: string;
  anchor: string;
  pass: string;
  test: string;
};

// The same traveller as check.test.ts, through a signed trust bundle as a scanner holds it:
// certificates chained to the countries' CSCAs, the lane countersigned by their authorities.
beforeAll(async () => {
  const dir = tempDir();
  const anchor = await createAnchor();
  const cn = await createCountryKeys('CN', NOW);
  const kr = await createCountryKeys('KR', NOW);
  const passDsc = await createDsc({
    csca: { certificate: kr.csca.der, privateKey: kr.csca.keys.privateKey },
    country: 'KR',
    commonName: 'Corridor entry passes KR',
    usages: ['entry-pass'],
    now: NOW,
  });
  const signed = await signLane(CN_KR_LANE_V1, cn.authoritySigner);
  if (!signed.ok) throw new Error(signed.code);
  const lane = await countersignLane(signed.value, kr.authoritySigner);
  if (!lane.ok) throw new Error(lane.code);
  const agreement = await countersignAgreement(
    await signAgreement(
      {
        id: 'CN-KR-2021',
        parties: ['CN', 'KR'],
        recognitions: [
          { verifier: 'KR', issuer: 'CN', types: ['test'] },
          { verifier: 'CN', issuer: 'KR', types: ['test'] },
        ],
        validFrom: s(NOW),
        validTo: s(new Date('2022-01-01T00:00:00Z')),
      },
      cn.authoritySigner,
    ),
    kr.authoritySigner,
  );
  const content: TrustBundleContent = {
    version: 1,
    issuedAt: s(NOW),
    expiresAt: s(new Date('2021-04-01T00:00:00Z')),
    gateway: 'test',
    countries: [
      {
        country: 'CN',
        cscas: [cn.csca.der],
        dscs: [{ der: cn.dsc.der, kid: cn.dsc.kid }],
        authorities: [cn.authority.der],
      },
      {
        country: 'KR',
        cscas: [kr.csca.der],
        dscs: [{ der: passDsc.der, kid: passDsc.kid }],
        authorities: [kr.authority.der],
      },
    ],
    revokedKids: [],
    revocations: [],
    ruleSets: [],
    valueSets: [],
    agreements: [{ document: agreement, status: 'active' }],
    lanes: [lane.value],
  };
  S.bundle = writeTemp(dir, 'bundle.cose', await signTrustBundle(content, anchor.signer));
  S.noAgreement = writeTemp(
    dir,
    'no-agreement.cose',
    await signTrustBundle({ ...content, agreements: [] }, anchor.signer),
  );
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', anchor.key.key as CryptoKey));
  S.anchor = writeTemp(
    dir,
    'anchor.pem',
    `-----BEGIN PUBLIC KEY-----\n${toBase64(spki)}\n-----END PUBLIC KEY-----\n`,
  );
  S.pass = await issueEntryPass(PASS_INPUT, {
    signer: {
      alg: passDsc.keys.alg,
      privateKey: passDsc.keys.privateKey,
      kid: passDsc.kid,
      country: 'KR',
    },
    ...WINDOW,
  });
  const sc = new Date(DEPARTURE.getTime() - 30 * 3_600_000);
  S.test = await issueHcert(
    {
      ver: '1.3.0',
      nam: { fn: '王', gn: '小明', fnt: 'WANG', gnt: 'XIAO<MING' },
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
          ci: 'URN:UVCI:01:CN:PCR0000043#5',
        },
      ],
    },
    {
      signer: {
        alg: cn.dsc.keys.alg,
        privateKey: cn.dsc.keys.privateKey,
        kid: cn.dsc.kid,
        country: 'CN',
      },
      at: sc,
      expiresAt: new Date(sc.getTime() + 30 * 86_400_000),
    },
  );
});

describe('corridor check with a signed trust bundle', () => {
  const args = (bundle = S.bundle) => [
    'check',
    '--boarding',
    '--pass',
    S.pass,
    '--mrz',
    PASS_MRZ,
    '--bundle',
    bundle,
    '--departure',
    DEPARTURE.toISOString(),
    '--at',
    '2021-03-10T00:00:00Z',
    S.test,
  ];

  it('admits with the lane and keys of the bundle (exit 0)', async () => {
    const r = await runCli([...args(), '--anchor', S.anchor]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/^✔ ADMIT · boarding/);
    expect(r.stdout).toContain('CN-KR-FAST-TRACK version 1');
  });

  it('applies the recognition agreements of the bundle: without one the test is refused', async () => {
    const r = await runCli([...args(S.noAgreement), '--anchor', S.anchor]);
    expect(r.code, r.stderr + r.stdout).toBe(1);
    expect(r.stdout).toMatch(/^✘ REFUSE · boarding/);
    expect(r.stdout).toContain('NO_RECOGNITION_AGREEMENT');
  });

  it('refuses a bundle not signed by the anchor, and needs --anchor (exit 2)', async () => {
    const other = tempDir();
    const wrong = await createAnchor();
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', wrong.key.key as CryptoKey));
    const file = writeTemp(
      other,
      'other.pem',
      `-----BEGIN PUBLIC KEY-----\n${toBase64(spki)}\n-----END PUBLIC KEY-----\n`,
    );
    const refused = await runCli([...args(), '--anchor', file]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/\[BUNDLE_/);
    const none = await runCli(args());
    expect(none.code).toBe(2);
  });
});
