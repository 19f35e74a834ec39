/**
 * Every entry of the shared SMART Health Card vectors (`../shared/vectors/shc/manifest.json`)
 * gives its expected outcome, for the reason the source names (the finding code pinned per
 * entry below). Entries marked `uncertain` are held to Corridor's documented choice
 * (docs/formats/shc.md, "Uncertain vectors"): each is listed in UNCERTAIN_CHOICES, and an
 * uncertain entry missing from that list fails the suite rather than pass silently.
 */

import { describe, expect, it } from 'vitest';
import { readFormatManifest, runFormatManifest } from '../../test-support/format-vectors.js';
import { vectorsDir } from '../../test-support/vectors.js';
import { verifyShcManifestEntry } from './manifest-entry.js';

const dir = vectorsDir('shc');

/** An entry's key: its parts in scan order, or its file. */
function key(entry: { file: string; parts?: string[] }): string {
  return (entry.parts ?? [entry.file]).map((p) => p.split('/').pop()).join(' + ');
}

/**
 * The finding each entry must produce: for invalid entries an error code, for valid ones a
 * warning or info code where the source names one (so the test fails when the reason drifts).
 */
const EXPECTED_CODE: Record<string, string | undefined> = {
  'example-00-f-qr-code-numeric-value-0.txt': undefined,
  'example-03-f-qr-code-numeric-value-0.txt': 'SHC_REVOKED',
  'test-example-00-d-jws-der-signature.txt': 'SHC_SIGNATURE_DER',
  'test-example-00-d-jws-der-signature-r-neg.txt': 'SHC_SIGNATURE_DER',
  'test-example-00-d-jws-der-signature-s-neg.txt': 'SHC_SIGNATURE_DER',
  'test-example-00-d-jws-der-signature-rs-neg.txt': 'SHC_SIGNATURE_DER',
  'test-example-00-d-jws-invalid-signature.txt': 'SHC_SIGNATURE_INVALID',
  'test-example-00-d-jws-no_jws_header_alg.txt': 'SHC_JWS_ALG_UNSUPPORTED',
  'test-example-00-d-jws-no_jws_header_kid.txt': 'SHC_JWS_KID_MISSING',
  'test-example-00-d-jws-no_jws_header_zip.txt': 'SHC_JWS_ZIP_MISSING',
  'test-example-00-d-jws-wrong_jws_header_kid.txt': 'SHC_KID_UNKNOWN',
  'test-example-00-d-jws-no_deflate.txt': 'SHC_JWS_ZIP_MISSING',
  'test-example-00-d-jws-issuer-kid-mismatch.txt': 'SHC_KID_UNKNOWN',
  'test-example-00-d-jws-issuer-not-valid-with-smart-key.txt': 'SHC_ISSUER_UNKNOWN',
  'test-example-00-d-jws-bad-fhir-metadata.txt': 'SHC_FHIR_QUESTIONABLE',
  'test-example-00-e-file-invalid_deflate.txt': 'SHC_PAYLOAD_ZLIB_WRAPPED',
  'test-example-00-e-file-invalid_issuer_url.txt': 'SHC_ISSUER_UNKNOWN',
  'test-example-00-e-file-invalid_issuer_url_http.txt': 'SHC_ISS_INVALID',
  'test-example-00-e-file-issuer_url_with_trailing_slash.txt': 'SHC_ISS_INVALID',
  'test-example-00-e-file-bad_jwks.txt': 'SHC_JWKS_INVALID',
  'test-example-00-f-qr-code-numeric-value-0-wrong_qr_header.txt': 'SHC_QR_HEADER_INVALID',
  'test-example-00-f-qr-code-numeric-value-0-odd-count.txt': 'SHC_NUMERIC_INVALID',
  'test-example-00-f-qr-code-numeric-value-0-number-too-big.txt': 'SHC_NUMERIC_INVALID',
  'test-example-1195-byte-qrnumeric.txt': undefined,
  'test-example-00-f-qr-code-numeric-value-0-index-out-of-range.txt + example-02-f-qr-code-numeric-value-1.txt':
    'SHC_CHUNK_INCONSISTENT',
  'example-02-f-qr-code-numeric-value-0.txt + example-02-f-qr-code-numeric-value-2.txt':
    'SHC_CHUNK_MISSING',
  'example-02-f-qr-code-numeric-value-0.txt + example-02-f-qr-code-numeric-value-2.txt + example-02-f-qr-code-numeric-value-0.txt':
    'SHC_CHUNK_DUPLICATE',
  'test-example-02-f-qr-code-numeric-value-0-qr_chunk_too_big.txt + test-example-02-f-qr-code-numeric-value-1-qr_chunk_too_big.txt':
    'SHC_QR_TOO_LONG',
};

/**
 * Corridor's choice for each `uncertain` entry (docs/formats/shc.md explains each): the
 * outcome, and the finding that carries the reason.
 */
const UNCERTAIN_CHOICES: Record<string, { status: 'valid' | 'invalid'; code: string }> = {
  // x5c is informational without configured X.509 anchors: the expired leaf is a warning.
  'example-01-f-qr-code-numeric-value-0.txt': { status: 'valid', code: 'SHC_X5C_PROBLEM' },
  // Chunking is deprecated but still specified: reassembled, with a warning.
  'example-02-f-qr-code-numeric-value-0.txt + example-02-f-qr-code-numeric-value-1.txt + example-02-f-qr-code-numeric-value-2.txt':
    { status: 'valid', code: 'SHC_CHUNKING_DEPRECATED' },
  // A revocation list that cannot be applied exactly fails closed for its key.
  'jws-crl-duplicate-rid.txt': { status: 'invalid', code: 'SHC_CRL_INVALID' },
  'jws-crl-invalid-method.txt': { status: 'invalid', code: 'SHC_CRL_INVALID' },
  'jws-crl-non-base64url-rid.txt': { status: 'invalid', code: 'SHC_CRL_INVALID' },
  'jws-crl-too-long-rid.txt': { status: 'invalid', code: 'SHC_CRL_INVALID' },
  'jws-crl-version-mismatch.txt': { status: 'invalid', code: 'SHC_CRL_INVALID' },
  // A QR code holds no white space; text around it is not what the issuer encoded.
  'test-example-00-f-qr-code-numeric-value-0-trailing_chars.txt': {
    status: 'invalid',
    code: 'SHC_QR_WHITESPACE',
  },
  // "shc:/1/1/" on a single QR is a needless chunk header: a warning, as in the dev-tools.
  'test-example-00-f-qr-code-numeric-value-0-wrong-multi-chunk.txt': {
    status: 'valid',
    code: 'SHC_SINGLE_CHUNK_HEADER',
  },
  // Seventeen needless chunks: reassembled like any chunked card, with warnings.
  [Array.from(
    { length: 17 },
    (_, i) => `test-example-00-f-qr-code-numeric-value-${i}-qr_chunk_too_small.txt`,
  ).join(' + ')]: { status: 'valid', code: 'SHC_CHUNKS_UNNECESSARY' },
};

describe.skipIf(!dir)('SMART Health Card conformance vectors', async () => {
  const entries = dir ? readFormatManifest(dir) : [];
  const results = dir ? await runFormatManifest(dir, verifyShcManifestEntry) : [];

  it('reads all 38 entries, 10 of them uncertain, and has a choice for every uncertain one', () => {
    expect(entries).toHaveLength(38);
    const uncertain = entries.filter((e) => e.uncertain).map(key);
    expect(uncertain).toHaveLength(10);
    expect(uncertain.filter((k) => !(k in UNCERTAIN_CHOICES))).toEqual([]);
    expect(Object.keys(UNCERTAIN_CHOICES).filter((k) => !uncertain.includes(k))).toEqual([]);
  });

  it.each(results.map((r) => [key(r), r] as const))('%s', (name, result) => {
    const codes = result.report?.findings.map((f) => f.code) ?? [];
    if (result.uncertain) {
      const choice = UNCERTAIN_CHOICES[name]!;
      expect(result.got, result.why).toBe(choice.status);
      expect(codes, result.why).toContain(choice.code);
      return;
    }
    expect(result.got, result.why).toBe(result.expected);
    expect(name in EXPECTED_CODE, `no expected code pinned for ${name}`).toBe(true);
    const code = EXPECTED_CODE[name];
    if (code) expect(codes, result.why).toContain(code);
    if (result.expected === 'valid') {
      expect(result.report?.steps.signature).toBe('passed');
    }
  });
});
