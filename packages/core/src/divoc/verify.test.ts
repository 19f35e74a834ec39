import { describe, expect, it } from 'vitest';
import { defaultCrypto } from '../crypto/provider.js';
import { toBase64, toBase64Url, utf8Encode } from '../lib/bytes.js';
import { readProof } from './proof.js';
import { divocSignedData } from './signed-data.js';
import { DivocTrust } from './trust.js';
import { verifyDivoc } from './verify.js';

const AT = new Date('2022-01-10T00:00:00Z');
const HEADER = toBase64Url(utf8Encode('{"alg":"EdDSA","b64":false,"crit":["b64"]}'));

/** A CoWIN-v2-shaped credential (the DIVOC repository's own test data, abridged). */
function credential(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': [
      'https://www.w3.org/2018/credentials/v1',
      'https://cowin.gov.in/credentials/vaccination/v2',
    ],
    type: ['VerifiableCredential', 'ProofOfVaccinationCredential'],
    credentialSubject: {
      type: 'Person',
      id: 'did:example:872550100V',
      name: 'John Doe',
      gender: 'Male',
      dob: '1987-04-21',
      nationality: 'Dutch',
    },
    issuer: 'https://cowin.gov.in/',
    issuanceDate: '2022-01-05T17:43:33.711Z',
    evidence: [
      {
        id: 'https://cowin.gov.in/vaccine/525128495',
        certificateId: '525128495',
        type: ['Vaccination'],
        batch: '41202025',
        vaccine: 'Covishield',
        manufacturer: 'astrazeneca',
        icd11Code: 'XM9QW8',
        prophylaxis: 'COVID-19 vaccine, non-replicating viral vector',
        date: '2021-10-17T05:30:28.187Z',
        effectiveStart: '2021-10-25',
        effectiveUntil: '2022-10-24',
        dose: 1,
        totalDoses: 2,
        facility: { name: 'MOH Gothatuwa', address: { addressCountry: 'LK' } },
      },
    ],
    nonTransferable: 'true',
    ...overrides,
  };
}

/** Signs as DIVOC's Ed25519Signature2018 signer does (the code under test builds the input). */
async function sign(
  vc: Record<string, unknown>,
  trust: DivocTrust,
  key: CryptoKey,
): Promise<Record<string, unknown>> {
  const proofOptions = {
    type: 'Ed25519Signature2018',
    created: '2022-01-05T17:43:33Z',
    verificationMethod: 'did:example:signer',
    proofPurpose: 'assertionMethod',
  };
  const proof = readProof({ ...proofOptions, jws: `${HEADER}..` });
  if (!proof.ok) throw new Error(proof.code);
  const signed = await divocSignedData(vc, proof.value, trust.contexts, defaultCrypto());
  if (!signed.ok) throw new Error(signed.code);
  const signature = await defaultCrypto().sign('EdDSA', key, signed.value.data);
  return { ...vc, proof: { ...proofOptions, jws: `${HEADER}..${toBase64Url(signature)}` } };
}

async function setup() {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  const pem = `-----BEGIN PUBLIC KEY-----\n${toBase64(spki)}\n-----END PUBLIC KEY-----\n`;
  const trust = await DivocTrust.create({
    keys: [
      {
        verificationMethod: 'did:example:signer',
        issuer: 'https://cowin.gov.in/',
        country: 'IN',
        publicKeyPem: pem,
      },
    ],
  });
  return { trust, key: pair.privateKey };
}

const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);

describe('verifyDivoc', () => {
  it('verifies a CoWIN v2 credential and maps its ICD-11 code, date of birth and country', async () => {
    const { trust, key } = await setup();
    const vc = await sign(credential(), trust, key);
    const report = await verifyDivoc(JSON.stringify(vc), { trust, at: AT });
    expect(codes(report)).toEqual([]);
    expect(report.status).toBe('valid');
    expect(report.credential).toMatchObject({
      issuer: 'IN',
      holder: { familyName: 'John Doe', dateOfBirth: '1987-04-21' },
      dcc: {
        dob: '1987-04-21',
        v: [{ vp: '29061000087103', mp: 'Covishield', co: 'LK', dn: 1, sd: 2, dt: '2021-10-17' }],
      },
    });
  });

  it('detects a changed vaccination field and an added dose', async () => {
    const { trust, key } = await setup();
    const vc = await sign(credential(), trust, key);
    const changed = structuredClone(vc) as { evidence: Record<string, unknown>[] };
    changed.evidence[0]!.vaccine = 'Comirnaty';
    const report = await verifyDivoc(JSON.stringify(changed), { trust, at: AT });
    expect(codes(report)).toEqual(['DIVOC_SIGNATURE_INVALID']);
  });

  it('warns that dose and totalDoses share one meaning when the dose exceeds the total', async () => {
    const { trust, key } = await setup();
    const vc = await sign(credential(), trust, key);
    // The swap keeps the signature valid: that is the trap the warning names.
    const swapped = structuredClone(vc) as { evidence: Record<string, unknown>[] };
    swapped.evidence[0]!.dose = 2;
    swapped.evidence[0]!.totalDoses = 1;
    const report = await verifyDivoc(JSON.stringify(swapped), { trust, at: AT });
    expect(report.steps.signature).toBe('passed');
    expect(codes(report)).toEqual(['DIVOC_DOSES_AMBIGUOUS']);
    expect(report.findings[0]).toMatchObject({
      severity: 'warning',
      params: { dose: 2, totalDoses: 1 },
    });
  });

  it('reports data the signature does not cover, and does not read it', async () => {
    const { trust, key } = await setup();
    const vc = await sign(credential(), trust, key);
    const extra = { ...vc, boosterDue: '2030-01-01' };
    const report = await verifyDivoc(JSON.stringify(extra), { trust, at: AT });
    expect(report.status).toBe('valid');
    expect(report.findings).toEqual([
      expect.objectContaining({ code: 'DIVOC_DATA_UNSIGNED', severity: 'warning' }),
    ]);
  });

  it('checks issuanceDate and expirationDate against the verification time', async () => {
    const { trust, key } = await setup();
    const early = await verifyDivoc(JSON.stringify(await sign(credential(), trust, key)), {
      trust,
      at: new Date('2022-01-01T00:00:00Z'),
    });
    expect(codes(early)).toEqual(['DIVOC_NOT_YET_VALID']);
    const expiring = await sign(credential({ expirationDate: '2022-01-06T00:00:00Z' }), trust, key);
    expect(codes(await verifyDivoc(JSON.stringify(expiring), { trust, at: AT }))).toEqual([
      'DIVOC_EXPIRED',
    ]);
    const badDate = await sign(credential({ issuanceDate: 'yesterday' }), trust, key);
    expect(codes(await verifyDivoc(JSON.stringify(badDate), { trust, at: AT }))).toContain(
      'DIVOC_DATE_INVALID',
    );
  });

  it('refuses contexts embedded in the credential or its proof', async () => {
    const { trust, key } = await setup();
    const vc = await sign(credential(), trust, key);
    const nested = structuredClone(vc) as { credentialSubject: Record<string, unknown> };
    nested.credentialSubject['@context'] = { name: 'https://example.org/otherName' };
    const report = await verifyDivoc(JSON.stringify(nested), { trust, at: AT });
    expect(codes(report)).toEqual(['DIVOC_CONTEXT_EMBEDDED']);
    expect(report.findings[0]?.params).toEqual({ path: '/credentialSubject/@context' });
    const inProof = structuredClone(vc) as { proof: Record<string, unknown> };
    inProof.proof['@context'] = 'https://w3id.org/security/v1';
    expect(codes(await verifyDivoc(JSON.stringify(inProof), { trust, at: AT }))).toEqual([
      'DIVOC_CONTEXT_EMBEDDED',
    ]);
  });

  it('names what is wrong with a proof', async () => {
    const { trust, key } = await setup();
    const vc = (await sign(credential(), trust, key)) as { proof: Record<string, unknown> };
    const cases: [Record<string, unknown> | undefined, string][] = [
      [undefined, 'DIVOC_PROOF_MALFORMED'],
      [{ ...vc.proof, type: 'BbsBlsSignature2020' }, 'DIVOC_PROOF_UNSUPPORTED'],
      [{ ...vc.proof, type: 'RsaSignature2018' }, 'DIVOC_PROOF_MALFORMED'],
      [{ ...vc.proof, proofPurpose: 'authentication' }, 'DIVOC_PROOF_MALFORMED'],
      [{ ...vc.proof, jws: String(vc.proof.jws).replace('..', '.e30.') }, 'DIVOC_PROOF_MALFORMED'],
      [
        {
          ...vc.proof,
          jws: `${toBase64Url(utf8Encode('{"alg":"EdDSA"}'))}..${String(vc.proof.jws).split('..')[1]}`,
        },
        'DIVOC_PROOF_MALFORMED',
      ],
      [{ ...vc.proof, verificationMethod: 'did:example:other' }, 'DIVOC_KEY_UNKNOWN'],
    ];
    for (const [proof, code] of cases) {
      const report = await verifyDivoc(JSON.stringify({ ...vc, proof }), { trust, at: AT });
      expect(codes(report), JSON.stringify(proof)).toEqual([code]);
      expect(report.status).toBe('invalid');
    }
  });

  it('reads a credential that is not a vaccination without inventing a DCC view', async () => {
    const { trust, key } = await setup();
    const vc = credential();
    (vc.evidence as Record<string, unknown>[])[0]!.type = ['TestCertificate'];
    const report = await verifyDivoc(JSON.stringify(await sign(vc, trust, key)), { trust, at: AT });
    // Outside a Vaccination, the vaccination terms have no meaning: they are not signed.
    expect(codes(report)).toEqual(['DIVOC_DATA_UNSIGNED', 'DIVOC_EVIDENCE_UNSUPPORTED']);
    expect(report.findings[0]?.params?.detail).toMatch(/^invalid property: .*; \+\d+ more$/);
    expect(report.status).toBe('valid');
    expect(report.credential?.dcc).toBeUndefined();
    expect(report.credential?.type).toBeUndefined();
  });

  it('answers in Chinese and Korean', async () => {
    const { trust } = await setup();
    for (const lang of ['zh', 'ko'] as const) {
      const report = await verifyDivoc('{"a":1}', { trust, at: AT, lang });
      expect(report.lang).toBe(lang);
      expect(report.findings[0]?.code).toBe('DIVOC_CREDENTIAL_MALFORMED');
      expect(report.findings[0]?.message).toMatch(
        lang === 'zh' ? /\p{Script=Han}/u : /\p{Script=Hangul}/u,
      );
    }
  });

  it('throws on programming errors only: a missing clock or a non-text input', async () => {
    const { trust } = await setup();
    await expect(verifyDivoc('{}', { trust, at: new Date(Number.NaN) })).rejects.toThrow(TypeError);
    await expect(verifyDivoc(42 as unknown as string, { trust, at: AT })).rejects.toThrow(
      TypeError,
    );
  });
});
