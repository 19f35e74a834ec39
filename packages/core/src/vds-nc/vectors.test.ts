import { describe, expect, it } from 'vitest';
import { runFormatManifest } from '../../test-support/format-vectors.js';
import { vectorsDir } from '../../test-support/vectors.js';
import { utf8Decode } from '../lib/bytes.js';
import { canonicalizeJson } from './jcs.js';
import { parseSealJson } from './json.js';
import { VdsNcTrust } from './trust.js';
import { verifyVdsNc } from './verify.js';

const dir = vectorsDir('vds-nc');

/** The code each invalid entry must be refused with (the manifest's `why`). */
const EXPECTED_CODES: Record<string, string> = {
  'au-reader-ios/invalid.json': 'VDS_SIGNATURE_INVALID',
  'au-reader-ios/non-vds.json': 'VDS_SEAL_INVALID',
  'au-reader-android/invalid.json': 'VDS_SIGNATURE_INVALID',
  'kurzdigital/vdsnc_sample_proof_of_test': 'VDS_SIGNER_UNTRUSTED',
  'kurzdigital/vdsnc_sample_proof_of_vaccination': 'VDS_SIGNER_UNTRUSTED',
};

/** Trust files are sorted by kind: CRLs end in `.crl`, the rest are CSCAs. */
async function trustFor(files: string[], read: (file: string) => Uint8Array) {
  return VdsNcTrust.create({
    cscas: files.filter((f) => !f.endsWith('.crl')).map(read),
    crls: files.filter((f) => f.endsWith('.crl')).map(read),
  });
}

describe.skipIf(!dir)('VDS-NC shared vectors (../shared/vectors/vds-nc)', () => {
  it('gives every manifest entry its expected outcome, for the reason its source names', async () => {
    const results = await runFormatManifest(dir!, async (entry, read, at = new Date(entry.at)) =>
      verifyVdsNc(read(entry.file), { trust: await trustFor(entry.trust, read), at }),
    );
    expect(results).toHaveLength(8);
    expect(results.filter((r) => r.uncertain)).toEqual([]);
    for (const result of results) {
      expect(result.got, `${result.file}: ${result.code}`).toBe(result.expected);
      if (result.expected === 'invalid') {
        const codes = result.report!.findings.map((f) => f.code);
        expect(codes, result.file).toContain(EXPECTED_CODES[result.file]);
      }
    }
    // The UTO samples are correctly signed; only their signer's CA is unknown.
    for (const file of Object.keys(EXPECTED_CODES).filter((f) => f.startsWith('kurz'))) {
      const report = results.find((r) => r.file === file)!.report!;
      expect(report.steps.signature, file).toBe('passed');
      expect(
        report.findings.map((f) => f.code),
        file,
      ).toEqual(['VDS_SIGNER_UNTRUSTED']);
    }
  });

  it('reads the AU seal into a vaccination credential with an EU-shaped dcc', async () => {
    const [result] = await runFormatManifest(dir!, async (entry, read, at = new Date(entry.at)) =>
      verifyVdsNc(utf8Decode(read(entry.file)), {
        trust: await trustFor(entry.trust, read),
        at,
        lang: 'ko',
      }),
    );
    const report = result!.report!;
    expect(report.status).toBe('valid');
    expect(report.findings).toEqual([]);
    expect(report.steps).toEqual({
      json: 'passed',
      schema: 'passed',
      signature: 'passed',
      trust: 'passed',
      validity: 'passed',
      'key-usage': 'passed',
      revocation: 'passed',
    });
    expect(report.signer).toMatchObject({ subject: 'C=AU, CN=DFAT', country: 'AU' });
    expect(report.credential).toMatchObject({
      format: 'vds-nc',
      type: 'vaccination',
      issuer: 'AU',
      issuerId: 'AUS',
      sealType: 'icao.vacc',
      alg: 'ES256',
      holder: {
        familyName: 'CITIZEN',
        givenName: 'JANE CATHERINE',
        familyNameTransliterated: 'CITIZEN',
        givenNameTransliterated: 'JANE<CATHERINE',
        dateOfBirth: '1977-05-16',
      },
      dcc: {
        ver: '1.3.0',
        nam: { fn: 'CITIZEN', gn: 'JANE CATHERINE', fnt: 'CITIZEN', gnt: 'JANE<CATHERINE' },
        dob: '1977-05-16',
        v: [
          {
            tg: '840539006',
            vp: 'J07BX03',
            mp: 'EU/1/20/1528',
            ma: 'ORG-100030215',
            dn: 2,
            dt: '2021-07-01',
            co: 'AU',
            is: 'AUS',
            ci: 'VB0009990038',
          },
        ],
      },
    });
  });

  it('canonicalises the AU seal exactly as the AU reader test expects (valid.jcs.txt)', async () => {
    const { readFileSync } = await import('node:fs');
    const seal = readFileSync(`${dir}/au-reader-ios/valid.json`, 'utf8');
    const expected = readFileSync(`${dir}/au-reader-ios/valid.jcs.txt`, 'utf8').trim();
    const parsed = parseSealJson(seal, 16);
    expect(parsed.ok).toBe(true);
    expect(canonicalizeJson(parsed.ok ? parsed.value : undefined)).toBe(expected);
  });

  it('refuses an AU seal once its CRL no longer covers the verification time', async () => {
    const [result] = await runFormatManifest(dir!, async (entry, read) =>
      verifyVdsNc(read(entry.file), {
        trust: await trustFor(entry.trust, read),
        at: new Date('2021-12-01T00:00:00Z'),
      }),
    );
    expect(result!.got).toBe('invalid');
    expect(result!.code).toBe('VDS_CRL_OUTDATED');
    expect(result!.report!.steps.signature).toBe('passed');
  });

  it('refuses an AU seal when no CRL is configured for its CSCA', async () => {
    const [result] = await runFormatManifest(dir!, async (entry, read, at = new Date(entry.at)) =>
      verifyVdsNc(read(entry.file), {
        trust: await VdsNcTrust.create({ cscas: [read('trust/AU_CSCA.der')] }),
        at,
      }),
    );
    expect(result!.code).toBe('VDS_CRL_MISSING');
  });
});
