import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { toBase64 } from '../../core/src/lib/bytes.js';
import { signTrustBundle } from '../../core/src/trust/bundle.js';
import { bundleContent } from '../../core/test-support/bundle.js';
import { formatTrustOfVectors } from '../../core/test-support/format-trust.js';
import { vectorsDir } from '../../core/test-support/vectors.js';
import { createAnchor } from '../../server/src/gateway/fixtures.js';
import { runCli, tempDir, writeTemp } from './helpers.js';

// `corridor verify --bundle` with a bundle that carries format trust (as the gateway builds it
// from the participants' uploads): SHC, NZCP, VDS-NC and DIVOC codes verify offline from it.
const vectors = vectorsDir();
const S = {} as { bundle: string; anchor: string };

describe.skipIf(!vectors)('corridor verify --bundle with format trust', () => {
  beforeAll(async () => {
    const dir = tempDir();
    const anchor = await createAnchor();
    const issued = Date.parse('2021-03-01T00:00:00Z') / 1000;
    const content = bundleContent(issued, 3 * 366 * 86400, {
      formatTrust: formatTrustOfVectors(vectors!),
    });
    S.bundle = writeTemp(dir, 'bundle.cose', await signTrustBundle(content, anchor.signer));
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', anchor.key.key as CryptoKey));
    S.anchor = writeTemp(
      dir,
      'anchor.pem',
      `-----BEGIN PUBLIC KEY-----\n${toBase64(spki)}\n-----END PUBLIC KEY-----\n`,
    );
  });

  const cases = [
    ['shc/spec-examples/example-00-f-qr-code-numeric-value-0.txt', '2023-07-01T00:00:00Z', 'US'],
    ['nzcp/spec-examples/valid/nzcp.txt', '2021-11-26T00:00:00Z', 'NZ'],
    ['vds-nc/au-reader-ios/valid.json', '2021-11-01T00:00:00Z', 'AU'],
    ['divoc/ddcc-validator/DIVOCQR1.zip', '2021-03-15T00:00:00Z', 'IN'],
  ] as const;
  for (const [file, at, issuer] of cases) {
    it(`verifies ${file} from the bundle alone`, async () => {
      const r = await runCli([
        'verify',
        path.join(vectors!, file),
        '--bundle',
        S.bundle,
        '--anchor',
        S.anchor,
        '--at',
        at,
        '--json',
      ]);
      const report = JSON.parse(r.stdout) as { status: string; credential?: { issuer?: string } };
      expect({ code: r.code, status: report.status, issuer: report.credential?.issuer }).toEqual({
        code: 0,
        status: 'valid',
        issuer,
      });
    });
  }

  it('the same SHC card without a bundle or trust is refused (trust comes from the bundle)', async () => {
    const r = await runCli([
      'verify',
      path.join(vectors!, cases[0][0]),
      '--at',
      cases[0][1],
      '--json',
    ]);
    expect(JSON.parse(r.stdout).status).toBe('invalid');
  });
});
