import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFormatManifest, runFormatManifest } from '../../test-support/format-vectors.js';
import { vectorsDir } from '../../test-support/vectors.js';
import { verifyDivocEntry } from './manifest-entry.js';
import { DivocTrust } from './trust.js';
import { verifyDivoc } from './verify.js';

const dir = vectorsDir('divoc');

describe.skipIf(!dir)('DIVOC shared vectors (../shared/vectors/divoc/manifest.json)', () => {
  it('gives every manifest entry its expected outcome (none is marked uncertain)', async () => {
    const entries = readFormatManifest(dir!);
    expect(entries.length).toBeGreaterThanOrEqual(5);
    expect(entries.filter((e) => e.uncertain)).toEqual([]);
    const outcomes = await runFormatManifest(dir!, verifyDivocEntry);
    expect(
      outcomes.map(({ file, got }) => ({ file, got })),
      'one row per entry',
    ).toEqual(outcomes.map(({ file, expected }) => ({ file, got: expected })));
  });

  it('fails the altered and the zero-signature credentials on the signature, not earlier', async () => {
    const outcomes = await runFormatManifest(dir!, verifyDivocEntry);
    const invalid = outcomes.filter((o) => o.expected === 'invalid');
    expect(invalid.map((o) => o.code)).toEqual([
      'DIVOC_SIGNATURE_INVALID',
      'DIVOC_SIGNATURE_INVALID',
    ]);
    for (const o of invalid) expect(o.report?.steps).toMatchObject({ trust: 'passed' });
  });

  it("reads India's production certificate into the EU-DCC-shaped view", async () => {
    const trust = await DivocTrust.create({
      keys: [
        {
          verificationMethod: 'did:india',
          issuer: 'https://cowin.gov.in/',
          country: 'IN',
          publicKeyPem: readFileSync(path.join(dir!, 'kde/did-india.pem'), 'utf8'),
        },
      ],
    });
    const zip = new Uint8Array(readFileSync(path.join(dir!, 'ddcc-validator/DIVOCQR1.zip')));
    const report = await verifyDivoc(zip, { trust, at: new Date('2021-03-15T00:00:00Z') });
    expect(report.status).toBe('valid');
    expect(report.steps).toEqual({
      compression: 'passed',
      schema: 'passed',
      trust: 'passed',
      signature: 'passed',
      validity: 'passed',
    });
    expect(report.credential).toMatchObject({
      format: 'divoc',
      type: 'vaccination',
      issuer: 'IN',
      issuerId: 'https://cowin.gov.in/',
      issuedAt: '2021-03-03T04:28:46.012Z',
      kid: 'did:india',
      alg: 'PS256',
      holder: { familyName: 'Third March User One' },
      dcc: {
        ver: '1.3.0',
        nam: { fn: 'Third March User One' },
        dob: '',
        v: [
          {
            tg: '840539006',
            vp: '29061000087103',
            mp: 'Covishield',
            ma: 'ORG-100001981',
            dn: 1,
            sd: 2,
            dt: '2021-03-03',
            co: 'IN',
            is: 'https://cowin.gov.in/',
            ci: '92047670169',
          },
        ],
      },
    });
  });

  it('verifies the Ed25519 credential with the key given as Base58 as well as PEM', async () => {
    const base58 = readFileSync(
      path.join(dir!, 'egov-divoc/keys/test-ed25519-public.base58.txt'),
      'utf8',
    );
    const trust = await DivocTrust.create({
      keys: [{ verificationMethod: 'did:india', publicKeyBase58: base58 }],
    });
    const json = readFileSync(path.join(dir!, 'egov-divoc/ed25519-signed.json'), 'utf8');
    const report = await verifyDivoc(json, { trust, at: new Date('2021-09-01T00:00:00Z') });
    expect(report.status).toBe('valid');
    expect(report.credential).toMatchObject({ alg: 'EdDSA', issuer: 'https://divoc.dev/' });
  });

  it('binds keys to the issuer: a did:india key for CoWIN does not verify a divoc.dev credential', async () => {
    const trust = await DivocTrust.create({
      keys: [
        {
          verificationMethod: 'did:india',
          issuer: 'https://cowin.gov.in/',
          publicKeyPem: readFileSync(
            path.join(dir!, 'egov-divoc/keys/test-rsa-public.pem'),
            'utf8',
          ),
        },
      ],
    });
    const json = readFileSync(path.join(dir!, 'egov-divoc/rsa-signed.json'), 'utf8');
    const report = await verifyDivoc(json, { trust, at: new Date('2021-09-01T00:00:00Z') });
    expect(report.status).toBe('invalid');
    expect(report.findings.map((f) => f.code)).toEqual(['DIVOC_KEY_UNKNOWN']);
    expect(report.steps.trust).toBe('failed');
    expect(report.steps.signature).toBeUndefined();
  });

  it('refuses a context the trust does not hold, without fetching it', async () => {
    const trust = await DivocTrust.create({ keys: [] });
    const vc = JSON.parse(readFileSync(path.join(dir!, 'egov-divoc/rsa-signed.json'), 'utf8'));
    vc['@context'][1] = 'https://example.org/credentials/vaccination/v9';
    const report = await verifyDivoc(JSON.stringify(vc), {
      trust,
      at: new Date('2021-09-01T00:00:00Z'),
    });
    expect(report.findings.map((f) => f.code)).toContain('DIVOC_CONTEXT_UNKNOWN');
    expect(report.findings.find((f) => f.code === 'DIVOC_CONTEXT_UNKNOWN')?.params).toEqual({
      url: 'https://example.org/credentials/vaccination/v9',
    });
  });
});
