import { beforeAll, describe, expect, it } from 'vitest';
import {
  makeBsc,
  makeCrl,
  makeCsca,
  signSeal,
  type TestCertificate,
} from '../../test-support/icao-pki.js';
import type { Report } from '../report/report.js';
import { VdsNcTrust, VdsNcTrustError } from './trust.js';
import { verifyVdsNc } from './verify.js';

const AT = new Date('2021-06-01T00:00:00Z');

const VACC = {
  hdr: { t: 'icao.vacc', v: 1, is: 'UTO' },
  msg: {
    uvci: 'U32870',
    pid: { n: 'SMITH  BILL JOHN', dob: '1990-01-02', sex: 'M', i: 'A1234567Z' },
    ve: [
      {
        des: 'XM0GQ8',
        nam: 'Spikevax',
        dis: 'RA01.0',
        vd: [
          { dvc: '2021-03-03', seq: 1, ctr: 'UTO', adm: 'RIVM', lot: 'VC35679' },
          { dvc: '2021-03-31', seq: 2, ctr: 'NLD', adm: 'RIVM', lot: 'VC87540' },
        ],
      },
    ],
  },
};

const TEST = {
  hdr: { t: 'icao.test', v: 1, is: 'UTO' },
  msg: {
    utci: 'U01932',
    pid: { n: 'COOK  GERALD', dob: '1990-01-29', dt: 'P', dn: 'E1234567P' },
    sp: { spn: 'General Hospital', ctr: 'UTO', cd: { p: '+00068765432' } },
    dat: { sc: '2021-05-30T12:00:00+08:00', ri: '2021-05-31T14:00:00+08:00' },
    tr: { tc: 'molecular(PCR)', r: 'negative', m: 'nasopharyngeal' },
  },
};

let csca: TestCertificate;
let trust: VdsNcTrust;
beforeAll(async () => {
  csca = await makeCsca();
  trust = await VdsNcTrust.create({ cscas: [csca.der], crls: [await makeCrl(csca, [0x66])] });
});

const codes = (report: Report) => report.findings.map((f) => f.code);

describe('verifyVdsNc on seals of a test PKI', () => {
  it('accepts a vaccination seal and normalises its latest dose into dcc.v[0]', async () => {
    const seal = await signSeal(VACC, await makeBsc(csca));
    const report = await verifyVdsNc(seal, { trust, at: AT });
    expect(codes(report)).toEqual([]);
    expect(report.status).toBe('valid');
    expect(report.credential).toMatchObject({
      type: 'vaccination',
      issuer: 'UT',
      holder: { familyName: 'SMITH', givenName: 'BILL JOHN', dateOfBirth: '1990-01-02' },
      dcc: {
        v: [
          {
            tg: '840539006',
            vp: '1119349007',
            mp: 'EU/1/20/1507',
            ma: 'ORG-100031184',
            dn: 2,
            dt: '2021-03-31',
            co: 'NL',
            is: 'UTO',
            ci: 'U32870',
          },
        ],
      },
    });
    // The series length is not stated by a seal, so it is not invented.
    const dcc = report.credential?.dcc as { v: Record<string, unknown>[] } | undefined;
    expect(dcc?.v[0]).not.toHaveProperty('sd');
  });

  it('accepts a test seal: sample time as a UTC instant, EU test type and result', async () => {
    const seal = await signSeal(TEST, await makeBsc(csca, { documentTypes: ['NT'] }));
    const report = await verifyVdsNc(seal, { trust, at: AT });
    expect(report.status).toBe('valid');
    expect(report.credential).toMatchObject({
      type: 'test',
      issuedAt: '2021-05-31T06:00:00Z',
      dcc: {
        nam: { fn: 'COOK', gn: 'GERALD', fnt: 'COOK', gnt: 'GERALD' },
        t: [
          {
            tg: '840539006',
            tt: 'LP6464-4',
            sc: '2021-05-30T04:00:00Z',
            tr: '260415000',
            tc: 'General Hospital',
            co: 'UT',
            ci: 'U01932',
          },
        ],
      },
    });
  });

  it('verifies ES384 (P-384) and ES512 (P-521) seals as ICAO allows', async () => {
    for (const [alg, curve] of [
      ['ES384', 'P-384'],
      ['ES512', 'P-521'],
    ] as const) {
      const seal = await signSeal(VACC, await makeBsc(csca, { curve }), alg);
      const report = await verifyVdsNc(seal, { trust, at: AT });
      expect(codes(report), alg).toEqual([]);
      expect(report.credential?.alg).toBe(alg);
    }
  });

  it('refuses an algorithm that does not match the signer key, or is not ECDSA', async () => {
    const p384 = await makeBsc(csca, { curve: 'P-384' });
    const seal = JSON.parse(await signSeal(VACC, p384, 'ES384'));
    seal.sig.alg = 'ES256';
    expect(codes(await verifyVdsNc(JSON.stringify(seal), { trust, at: AT }))).toEqual([
      'VDS_ALG_UNSUPPORTED',
    ]);
    seal.sig.alg = 'RS256';
    expect(codes(await verifyVdsNc(JSON.stringify(seal), { trust, at: AT }))).toEqual([
      'VDS_ALG_UNSUPPORTED',
    ]);
  });

  it('refuses a signer whose document type list does not allow the seal type', async () => {
    const seal = await signSeal(VACC, await makeBsc(csca, { documentTypes: ['NT'] }));
    const report = await verifyVdsNc(seal, { trust, at: AT });
    expect(codes(report)).toEqual(['VDS_DOCUMENT_TYPE_MISMATCH']);
    expect(report.findings[0]?.params).toMatchObject({ allowed: 'NT', expected: 'NV' });
    expect(report.steps.signature).toBe('passed');
    const none = await signSeal(TEST, await makeBsc(csca, { documentTypes: null }));
    expect(codes(await verifyVdsNc(none, { trust, at: AT }))).toEqual([
      'VDS_DOCUMENT_TYPE_MISMATCH',
    ]);
  });

  it('refuses a signer without the VDS-NC extended key usage', async () => {
    const seal = await signSeal(VACC, await makeBsc(csca, { eku: false }));
    expect(codes(await verifyVdsNc(seal, { trust, at: AT }))).toEqual(['VDS_SIGNER_USAGE']);
  });

  it('refuses a signer the CSCA revoked', async () => {
    const seal = await signSeal(VACC, await makeBsc(csca, { serial: 0x66 }));
    const report = await verifyVdsNc(seal, { trust, at: AT });
    expect(codes(report)).toEqual(['VDS_SIGNER_REVOKED']);
    expect(report.findings[0]?.params).toEqual({ serial: '66' });
  });

  it('refuses a signer from another state than the seal names', async () => {
    const seal = await signSeal(VACC, await makeBsc(csca, { country: 'DE' }));
    expect(codes(await verifyVdsNc(seal, { trust, at: AT }))).toEqual([
      'VDS_SIGNER_COUNTRY_MISMATCH',
    ]);
  });

  it('refuses a signer outside its validity, and one another CA issued', async () => {
    const expired = await makeBsc(csca, { notAfter: new Date('2021-05-01T00:00:00Z') });
    const report = await verifyVdsNc(await signSeal(VACC, expired), { trust, at: AT });
    expect(codes(report)).toEqual(['VDS_SIGNER_NOT_VALID']);
    expect(report.findings[0]?.params).toMatchObject({ role: 'barcode signer' });
    // Same subject name as the trusted CSCA, different key: the name alone is not trust.
    const impostor = await makeCsca();
    const forged = await signSeal(VACC, await makeBsc(impostor));
    expect(codes(await verifyVdsNc(forged, { trust, at: AT }))).toEqual(['VDS_SIGNER_UNTRUSTED']);
  });

  it('refuses trust material whose CRL no supplied CSCA signed', async () => {
    const other = await makeCsca('UT', 'Other CSCA');
    await expect(
      VdsNcTrust.create({ cscas: [csca.der], crls: [await makeCrl(other)] }),
    ).rejects.toBeInstanceOf(VdsNcTrustError);
    await expect(VdsNcTrust.create({ cscas: [new Uint8Array(10)] })).rejects.toBeInstanceOf(
      VdsNcTrustError,
    );
  });

  it('reports in Chinese and Korean as well', async () => {
    const seal = await signSeal(VACC, await makeBsc(csca, { eku: false }));
    for (const lang of ['zh', 'ko'] as const) {
      const report = await verifyVdsNc(seal, { trust, at: AT, lang });
      expect(report.lang).toBe(lang);
      expect(report.findings[0]?.message).toMatch(
        lang === 'zh' ? /\p{Script=Han}/u : /\p{Script=Hangul}/u,
      );
    }
  });
});
