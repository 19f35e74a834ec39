import { describe, expect, it } from 'vitest';
import { runFormatManifest } from '../../test-support/format-vectors.js';
import { vectorsDir } from '../../test-support/vectors.js';
import { utf8Decode } from '../lib/bytes.js';
import { NZCP_EXAMPLE_ISSUER, NzcpTrust } from './trust.js';
import { verifyNzcp } from './verify.js';

const dir = vectorsDir('nzcp');

/** The code each invalid spec example must be refused with (spec/main.md "Invalid examples"). */
const EXPECTED_CODES: Record<string, string> = {
  'spec-examples/invalid/nzcp-bad-public-key.txt': 'COSE_SIGNATURE_INVALID',
  'spec-examples/invalid/nzcp-not-associated-public-key.txt': 'NZCP_KEY_NOT_FOUND',
  'spec-examples/invalid/nzcp-modified-sig.txt': 'COSE_SIGNATURE_INVALID',
  'spec-examples/invalid/nzcp-modified-payload.txt': 'COSE_SIGNATURE_INVALID',
  'spec-examples/invalid/nzcp-expired-payload.txt': 'NZCP_EXPIRED',
  'spec-examples/invalid/nzcp-notactive-payload.txt': 'NZCP_NOT_ACTIVE',
  'derived/nzcp-revoked-public-key.txt': 'NZCP_ISSUER_UNTRUSTED',
};

describe.skipIf(!dir)('NZCP shared vectors (../shared/vectors/nzcp)', () => {
  it('gives every manifest entry its expected outcome, for the reason the spec names', async () => {
    const results = await runFormatManifest(dir!, async (entry, read) => {
      const at = new Date(entry.at);
      // The spec's examples are issued by the example DID, which "must be set to be a trusted
      // issuer for the purposes of testing"; the manifest's trust files are its DID document.
      const trust = await NzcpTrust.create({
        didDocuments: entry.trust.map((file) => read(file)),
        trustedIssuers: [NZCP_EXAMPLE_ISSUER],
      });
      return verifyNzcp(utf8Decode(read(entry.file)).trim(), { trust, at });
    });
    expect(results).toHaveLength(8);
    expect(results.filter((r) => r.uncertain)).toEqual([]);
    for (const result of results) {
      expect(result.got, `${result.file}: ${result.code}`).toBe(result.expected);
      if (result.expected === 'invalid') {
        const codes = result.report!.findings.map((f) => f.code);
        expect(codes, result.file).toContain(EXPECTED_CODES[result.file]);
      }
    }
  });

  it('reads the worked example into the report: holder, dates, jti, kid as text', async () => {
    const [result] = await runFormatManifest(dir!, async (entry, read) => {
      const at = new Date(entry.at);
      const trust = await NzcpTrust.create({
        didDocuments: entry.trust.map((file) => read(file)),
        trustedIssuers: [{ iss: NZCP_EXAMPLE_ISSUER, country: 'NZ' }],
      });
      return verifyNzcp(read(entry.file), { trust, at, lang: 'zh' });
    });
    const report = result!.report!;
    expect(report.status).toBe('valid');
    expect(report.credential).toMatchObject({
      format: 'nzcp',
      passType: 'PublicCovidPass',
      issuer: 'NZ',
      issuerId: NZCP_EXAMPLE_ISSUER,
      issuedAt: '2021-11-02T20:05:30Z',
      expiresAt: '2031-11-02T20:05:30Z',
      jti: 'urn:uuid:60a4f54d-4e30-4332-be33-ad78b1eafa4b',
      kid: 'key-1',
      alg: 'ES256',
      holder: { givenName: 'Jack', familyName: 'Sparrow', dateOfBirth: '1960-04-16' },
    });
    expect(report.credential?.type).toBeUndefined();
    expect(report.credential?.dcc).toBeUndefined();
    // The byte-string kid is accepted and said so, without making the pass invalid.
    expect(report.findings.map((f) => [f.code, f.severity])).toEqual([
      ['NZCP_KID_BYTE_STRING', 'info'],
    ]);
    expect(report.steps).toMatchObject({
      prefix: 'passed',
      base32: 'passed',
      cbor: 'passed',
      cose: 'passed',
      cwt: 'passed',
      schema: 'passed',
      trust: 'passed',
      signature: 'passed',
      validity: 'passed',
    });
  });

  it('refuses the worked example when its issuer is not configured as trusted', async () => {
    const [result] = await runFormatManifest(dir!, async (entry, read) => {
      const at = new Date(entry.at);
      const trust = await NzcpTrust.create({
        didDocuments: entry.trust.map((file) => read(file)),
        trustedIssuers: ['did:web:nzcp.identity.health.nz'],
      });
      return verifyNzcp(read(entry.file), { trust, at });
    });
    expect(result!.got).toBe('invalid');
    expect(result!.code).toBe('NZCP_ISSUER_UNTRUSTED');
    expect(result!.report!.steps.signature).toBeUndefined();
  });
});
