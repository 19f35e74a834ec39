import { beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeyPair } from './algorithms.js';
import { type IssuedCertificate, signCertificate, subjectName } from './certificate.js';
import { verifyDscChain } from './chain.js';
import { createCsca } from './csca.js';
import { createDsc, type IssuedDsc } from './dsc.js';
import { PKI_FINDINGS } from './findings.js';
import { createUploadCertificate } from './service-certificates.js';
import { x509 } from './x509.js';

const NOW = new Date('2026-03-01T00:00:00Z');
const AT = new Date('2026-05-01T00:00:00Z');

const codes = (result: { findings: { code: string }[] }) => result.findings.map((f) => f.code);
const dscExtensions = () => [
  new x509.BasicConstraintsExtension(false, undefined, true),
  new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
];

let cnCsca: IssuedCertificate;
let krCsca: IssuedCertificate;
let krCscaRsa: IssuedCertificate;
let krDsc: IssuedDsc;
let krRsaDsc: IssuedDsc;

beforeAll(async () => {
  cnCsca = await createCsca({ country: 'CN', commonName: 'Corridor CSCA CN', now: NOW });
  krCsca = await createCsca({ country: 'KR', commonName: 'Corridor CSCA KR', now: NOW });
  krCscaRsa = await createCsca({
    country: 'KR',
    commonName: 'Corridor CSCA KR RSA',
    alg: 'PS256',
    now: NOW,
  });
  krDsc = await createDsc({
    csca: { certificate: krCsca.der, privateKey: krCsca.keys.privateKey },
    country: 'KR',
    commonName: 'KR DSC',
    usages: ['vaccination'],
    now: NOW,
  });
  krRsaDsc = await createDsc({
    csca: { certificate: krCscaRsa.der, privateKey: krCscaRsa.keys.privateKey },
    country: 'KR',
    commonName: 'KR DSC RSA',
    usages: ['test', 'recovery'],
    alg: 'PS256',
    now: NOW,
  });
});

describe('verifyDscChain', () => {
  it('accepts a DSC issued by its country CSCA, among other CSCAs, in both algorithms', async () => {
    const ec = await verifyDscChain(krDsc.der, [cnCsca.der, krCscaRsa.der, krCsca.der], { at: AT });
    expect(ec.findings).toEqual([]);
    expect(ec.ok).toBe(true);
    expect(ec.csca?.subject).toBe(krCsca.certificate.subject);
    const rsa = await verifyDscChain(krRsaDsc.pem, [krCsca.pem, krCscaRsa.pem], {
      at: AT,
      usage: 'test',
    });
    expect(rsa.ok).toBe(true);
  });

  it('refuses a DSC when only another country CSCA is trusted', async () => {
    const result = await verifyDscChain(krDsc.der, [cnCsca.der], { at: AT });
    expect(result.ok).toBe(false);
    expect(codes(result)).toEqual(['PKI_CSCA_NOT_FOUND']);
  });

  it('refuses a DSC whose country differs from its CSCA country', async () => {
    const keys = await generateSigningKeyPair('ES256');
    const crossBorder = await signCertificate({
      subject: subjectName('KR', 'KR DSC from a CN CSCA'),
      subjectKeys: keys,
      issuer: cnCsca.certificate,
      signingKey: cnCsca.keys.privateKey,
      notBefore: NOW,
      notAfter: new Date('2027-03-01T00:00:00Z'),
      extensions: dscExtensions(),
    });
    const result = await verifyDscChain(crossBorder.der, [cnCsca.der, krCsca.der], { at: AT });
    expect(codes(result)).toEqual(['PKI_COUNTRY_MISMATCH']);
    expect(result.findings[0]!.message).toContain('KR');
  });

  it('refuses an expired DSC and one not yet valid', async () => {
    const later = await verifyDscChain(krDsc.der, [krCsca.der], {
      at: new Date('2028-03-02T00:00:00Z'),
    });
    expect(codes(later)).toEqual(['PKI_DSC_EXPIRED']);
    const earlier = await verifyDscChain(krDsc.der, [krCsca.der], {
      at: new Date('2026-01-01T00:00:00Z'),
    });
    expect(codes(earlier)).toEqual(['PKI_DSC_NOT_YET_VALID', 'PKI_CSCA_NOT_YET_VALID']);
  });

  it('refuses a self-signed DSC, even when it is also offered as a CSCA', async () => {
    const keys = await generateSigningKeyPair('ES256');
    const selfSigned = await signCertificate({
      subject: subjectName('KR', 'Self-made DSC'),
      subjectKeys: keys,
      signingKey: keys.privateKey,
      notBefore: NOW,
      notAfter: new Date('2027-03-01T00:00:00Z'),
      extensions: dscExtensions(),
    });
    for (const cscas of [[krCsca.der], [krCsca.der, selfSigned.der]]) {
      const result = await verifyDscChain(selfSigned.der, cscas, { at: AT });
      expect(result.ok).toBe(false);
      expect(codes(result)).toEqual(['PKI_DSC_SELF_SIGNED']);
    }
  });

  it('matches the CSCA by key identifier when a country re-keys under the same name', async () => {
    const rekeyed = await createCsca({ country: 'KR', commonName: 'Corridor CSCA KR', now: NOW });
    const wrong = await verifyDscChain(krDsc.der, [rekeyed.der], { at: AT });
    expect(codes(wrong)).toEqual(['PKI_AKI_MISMATCH']);
    const right = await verifyDscChain(krDsc.der, [rekeyed.der, krCsca.der], { at: AT });
    expect(right.ok).toBe(true);
  });

  it('refuses a DSC that names the CSCA but was signed by another key', async () => {
    const keys = await generateSigningKeyPair('ES256');
    const impostor = await generateSigningKeyPair('ES256');
    const forged = await signCertificate({
      subject: subjectName('KR', 'Forged DSC'),
      subjectKeys: keys,
      issuer: krCsca.certificate,
      signingKey: impostor.privateKey,
      notBefore: NOW,
      notAfter: new Date('2027-03-01T00:00:00Z'),
      extensions: dscExtensions(),
    });
    expect(codes(await verifyDscChain(forged.der, [krCsca.der], { at: AT }))).toEqual([
      'PKI_SIGNATURE_INVALID',
    ]);
  });

  it('refuses a chain whose issuer is not a CA', async () => {
    const upload = await createUploadCertificate({
      country: 'KR',
      commonName: 'KR upload',
      now: NOW,
    });
    const keys = await generateSigningKeyPair('ES256');
    const dsc = await signCertificate({
      subject: subjectName('KR', 'DSC under an upload certificate'),
      subjectKeys: keys,
      issuer: upload.certificate,
      signingKey: upload.keys.privateKey,
      notBefore: NOW,
      notAfter: new Date('2027-01-01T00:00:00Z'),
      extensions: dscExtensions(),
    });
    expect(codes(await verifyDscChain(dsc.der, [upload.der], { at: AT }))).toEqual([
      'PKI_CSCA_NOT_CA',
    ]);
  });

  it('checks the DSC may sign the asked usage and carries no foreign EKU', async () => {
    const vaccinationOnly = await verifyDscChain(krDsc.der, [krCsca.der], {
      at: AT,
      usage: 'test',
    });
    expect(codes(vaccinationOnly)).toEqual(['PKI_DSC_USAGE_NOT_PERMITTED']);
    expect(vaccinationOnly.findings[0]!.params).toMatchObject({
      usage: 'test',
      allowed: 'vaccination',
    });
    expect(
      (await verifyDscChain(krDsc.der, [krCsca.der], { at: AT, usage: 'vaccination' })).ok,
    ).toBe(true);
    const upload = await createUploadCertificate({
      country: 'KR',
      commonName: 'KR upload',
      now: NOW,
      csca: { certificate: krCsca.der, privateKey: krCsca.keys.privateKey },
    });
    expect(codes(await verifyDscChain(upload.der, [krCsca.der], { at: AT }))).toEqual([
      'PKI_DSC_EKU_NOT_PERMITTED',
    ]);
  });

  it('reports an unreadable DSC as a finding, in the asked language', async () => {
    const result = await verifyDscChain(new Uint8Array([1, 2, 3]), [krCsca.der], {
      at: AT,
      lang: 'zh',
    });
    expect(result.ok).toBe(false);
    expect(codes(result)).toEqual(['PKI_CERTIFICATE_UNREADABLE']);
    expect(result.findings[0]!.message).toContain('无法读取');
  });
});

describe('PKI_FINDINGS', () => {
  it('has an English, Chinese and Korean message for every code, with the same placeholders', () => {
    for (const [code, def] of Object.entries(PKI_FINDINGS)) {
      expect(code).toMatch(/^PKI_[A-Z_]+$/);
      const placeholders = (text: string) =>
        [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(placeholders(def.messages.zh), code).toEqual(placeholders(def.messages.en));
      expect(placeholders(def.messages.ko), code).toEqual(placeholders(def.messages.en));
    }
  });
});

describe('verifyDscChain usage of a Corridor-only DSC', () => {
  it('does not let a lane-document DSC sign health certificates', async () => {
    const laneDsc = await createDsc({
      csca: { certificate: krCsca.der, privateKey: krCsca.keys.privateKey },
      country: 'KR',
      commonName: 'KR lane',
      usages: ['lane-document'],
      now: NOW,
    });
    const result = await verifyDscChain(laneDsc.der, [krCsca.der], {
      at: AT,
      usage: 'vaccination',
    });
    expect(codes(result)).toEqual(['PKI_DSC_USAGE_NOT_PERMITTED']);
    expect(
      (await verifyDscChain(laneDsc.der, [krCsca.der], { at: AT, usage: 'lane-document' })).ok,
    ).toBe(true);
  });
});
