import { issueHcert } from '@corridor/core/issue';
import { DscTrustList } from '@corridor/core/trust';
import { verify } from '@corridor/core/verify';
import { readDsc } from '@corridor/core/x509';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SigningAlg } from './algorithms.js';
import { certificateKid, readCertificate } from './certificate.js';
import { createCsca } from './csca.js';
import { createDsc, type IssuedDsc } from './dsc.js';
import { PkiError } from './errors.js';
import {
  CORRIDOR_OID_ARC,
  OID_EKU_AUTHORITY,
  OID_EKU_ENTRY_PASS,
  OID_EKU_GATEWAY_UPLOAD,
  OID_EKU_LANE_DOCUMENT,
} from './oids.js';
import { createAuthorityCertificate, createUploadCertificate } from './service-certificates.js';
import { x509 } from './x509.js';

const NOW = new Date('2026-03-01T00:00:00Z');
const AT = new Date('2026-04-01T09:00:00Z');

const vaccination = (country: string) => ({
  ver: '1.3.0',
  nam: { fn: 'Kim', fnt: 'KIM', gn: 'Minjun', gnt: 'MINJUN' },
  dob: '1990-04-12',
  v: [
    {
      tg: '840539006',
      vp: 'J07BX03',
      mp: 'EU/1/20/1528',
      ma: 'ORG-100030215',
      dn: 2,
      sd: 2,
      dt: '2026-02-01',
      co: country,
      is: 'Ministry of Health',
      ci: `URN:UVCI:01:${country}:VACC0000001`,
    },
  ],
});

const cases: [string, SigningAlg][] = [
  ['CN', 'ES256'],
  ['KR', 'ES256'],
  ['CN', 'PS256'],
  ['KR', 'PS256'],
];

describe.each(cases)('a %s country PKI with %s keys', (country, alg) => {
  let dsc: IssuedDsc;
  let cscaDer: Uint8Array;

  beforeAll(async () => {
    const csca = await createCsca({
      country,
      commonName: `Corridor CSCA ${country}`,
      alg,
      now: NOW,
    });
    cscaDer = csca.der;
    dsc = await createDsc({
      csca: { certificate: csca.der, privateKey: csca.keys.privateKey },
      country,
      commonName: `Corridor DSC ${country} 1`,
      usages: ['vaccination', 'test', 'recovery'],
      alg,
      now: NOW,
    });
  });

  it('makes a CSCA that is a self-signed CA for the country with a 4-year validity', async () => {
    const info = await readCertificate(cscaDer);
    expect(info.ca).toBe(true);
    expect(info.country).toBe(country);
    expect(info.keyAlg).toBe(alg);
    expect(info.ski).toMatch(/^[0-9a-f]{40}$/);
    expect(info.aki).toBe(info.ski);
    expect(info.keyUsage).toBe(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
    expect(info.notAfter.toISOString()).toBe('2030-03-01T00:00:00.000Z');
    expect(info.privateKeyUsage?.notAfter?.toISOString()).toBe('2027-03-01T00:00:00.000Z');
    expect(await info.certificate.isSelfSigned()).toBe(true);
  });

  it('makes a DSC that core reads with its country, key usages and algorithm', async () => {
    const read = readDsc(dsc.der);
    expect(read.country).toBe(country);
    expect(read.keyAlg).toBe(alg);
    if (alg === 'ES256') expect(read.curve).toBe('P-256');
    expect(read.keyUsage?.sort()).toEqual(['recovery', 'test', 'vaccination']);
    expect(read.notBefore.toISOString()).toBe(NOW.toISOString());
    expect(read.notAfter.toISOString()).toBe('2028-03-01T00:00:00.000Z');
    const pem = readDsc(dsc.pem);
    expect(pem.subject).toBe(read.subject);
  });

  it('gives the DSC an AKI equal to the CSCA SKI, digitalSignature only, 6 months of signing', async () => {
    const info = await readCertificate(dsc.der);
    const csca = await readCertificate(cscaDer);
    expect(info.aki).toBe(csca.ski);
    expect(info.ca).toBe(false);
    expect(info.keyUsage).toBe(x509.KeyUsageFlags.digitalSignature);
    expect(info.privateKeyUsage?.notAfter?.toISOString()).toBe('2026-09-01T00:00:00.000Z');
    expect(
      await info.certificate.verify({ publicKey: csca.certificate.publicKey, signatureOnly: true }),
    ).toBe(true);
  });

  it('computes the kid as the first 8 bytes of SHA-256 of the DER', async () => {
    const hash = new Uint8Array(
      await crypto.subtle.digest('SHA-256', dsc.der as Uint8Array<ArrayBuffer>),
    );
    expect(dsc.kid).toEqual(hash.slice(0, 8));
    expect(await certificateKid(dsc.der)).toEqual(dsc.kid);
  });

  it('signs health certificates that core verify() accepts with the DSC as the trust list', async () => {
    const hc1 = await issueHcert(vaccination(country), {
      signer: { alg, privateKey: dsc.keys.privateKey, kid: dsc.kid, country },
      at: AT,
      expiresAt: new Date('2026-10-01T00:00:00Z'),
    });
    const trust = await DscTrustList.create([dsc.der]);
    const report = await verify(hc1, { trust, at: AT });
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(report.status).toBe('valid');
  });
});

describe('RSA DSC keys', () => {
  it('are RSA-PSS 3072', async () => {
    const csca = await createCsca({ country: 'KR', commonName: 'CSCA', alg: 'PS256', now: NOW });
    const algorithm = csca.keys.privateKey.algorithm as RsaHashedKeyAlgorithm;
    expect(algorithm.name).toBe('RSA-PSS');
    expect(algorithm.modulusLength).toBe(3072);
    expect(csca.certificate.signatureAlgorithm).toMatchObject({ name: 'RSA-PSS', saltLength: 32 });
  });
});

describe('createDsc', () => {
  it('writes Corridor usages for entry passes and lane documents under the Corridor arc', async () => {
    const csca = await createCsca({ country: 'KR', commonName: 'CSCA KR', now: NOW });
    const dsc = await createDsc({
      csca: { certificate: csca.pem, privateKey: csca.keys.privateKey },
      country: 'KR',
      commonName: 'KR lane signer',
      usages: ['entry-pass', 'lane-document'],
      now: NOW,
    });
    const info = await readCertificate(dsc.der);
    expect(info.extendedKeyUsage).toEqual([OID_EKU_ENTRY_PASS, OID_EKU_LANE_DOCUMENT]);
    expect(info.usages).toEqual(['entry-pass', 'lane-document']);
    expect(OID_EKU_ENTRY_PASS.startsWith(`${CORRIDOR_OID_ARC}.`)).toBe(true);
    // Core reads the exact OIDs and lets this DSC sign no health certificate at all.
    const read = readDsc(dsc.der);
    expect(read.extendedKeyUsage).toEqual([OID_EKU_ENTRY_PASS, OID_EKU_LANE_DOCUMENT]);
    expect(read.keyUsage).toEqual([]);
  });

  it('refuses a CSCA of another country, and a CSCA whose key may no longer sign', async () => {
    const cn = await createCsca({ country: 'CN', commonName: 'CSCA CN', now: NOW });
    const signer = { certificate: cn.der, privateKey: cn.keys.privateKey };
    const base = { csca: signer, commonName: 'x', usages: ['test' as const] };
    await expect(createDsc({ ...base, country: 'KR', now: NOW })).rejects.toMatchObject({
      code: 'PKI_COUNTRY_MISMATCH',
    });
    await expect(
      createDsc({ ...base, country: 'CN', now: new Date('2027-06-01T00:00:00Z') }),
    ).rejects.toMatchObject({ code: 'PKI_CSCA_KEY_USAGE_ENDED' });
    await expect(createDsc({ ...base, country: 'CN', now: NOW })).resolves.toBeDefined();
  });

  it('cuts a default DSC validity to the CSCA end', async () => {
    const csca = await createCsca({
      country: 'CN',
      commonName: 'CSCA CN',
      now: NOW,
      validity: { notAfter: new Date('2027-01-01T00:00:00Z') },
    });
    const dsc = await createDsc({
      csca: { certificate: csca.der, privateKey: csca.keys.privateKey },
      country: 'CN',
      commonName: 'DSC',
      usages: ['test'],
      now: NOW,
    });
    expect(dsc.certificate.notAfter.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('refuses lowercase or unknown country codes and empty usages', async () => {
    await expect(createCsca({ country: 'kr', commonName: 'x', now: NOW })).rejects.toBeInstanceOf(
      PkiError,
    );
    const csca = await createCsca({ country: 'KR', commonName: 'x', now: NOW });
    await expect(
      createDsc({
        csca: { certificate: csca.der, privateKey: csca.keys.privateKey },
        country: 'KR',
        commonName: 'x',
        usages: [],
        now: NOW,
      }),
    ).rejects.toMatchObject({ code: 'PKI_USAGE_MISSING' });
  });
});

describe('service certificates', () => {
  it('gives upload certificates the gateway-upload EKU and a 1-year validity', async () => {
    const upload = await createUploadCertificate({
      country: 'KR',
      commonName: 'KR upload',
      now: NOW,
    });
    const info = await readCertificate(upload.der);
    expect(info.extendedKeyUsage).toEqual([OID_EKU_GATEWAY_UPLOAD]);
    expect(info.ca).toBe(false);
    expect(info.notAfter.toISOString()).toBe('2027-03-01T00:00:00.000Z');
    expect(await info.certificate.isSelfSigned()).toBe(true);
  });

  it('gives authority certificates the authority EKU and signs them with the CSCA when given', async () => {
    const csca = await createCsca({ country: 'CN', commonName: 'CSCA CN', alg: 'PS256', now: NOW });
    const authority = await createAuthorityCertificate({
      country: 'CN',
      commonName: 'CN health authority',
      now: NOW,
      csca: { certificate: csca.der, privateKey: csca.keys.privateKey },
    });
    const info = await readCertificate(authority.der);
    const cscaInfo = await readCertificate(csca.der);
    expect(info.extendedKeyUsage).toEqual([OID_EKU_AUTHORITY]);
    expect(info.keyUsage).toBe(
      x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
    );
    expect(info.aki).toBe(cscaInfo.ski);
    expect(info.notAfter.toISOString()).toBe('2028-03-01T00:00:00.000Z');
  });
});
