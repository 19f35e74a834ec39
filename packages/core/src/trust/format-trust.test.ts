import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeAuthority } from '../../test-support/authority.js';
import { bundleContent } from '../../test-support/bundle.js';
import { vectorsDir } from '../../test-support/vectors.js';
import { defaultCrypto } from '../crypto/provider.js';
import { verify } from '../verify.js';
import { loadTrustBundle, signTrustBundle, type TrustBundleContent } from './bundle.js';
import { type BundleFormatTrust, readFormatMaterial } from './format-material.js';

const crypto = defaultCrypto();
const vectors = vectorsDir();
const AT = new Date('2021-11-26T00:00:00Z');
const s = (d: Date) => d.getTime() / 1000;

async function open(extra: Partial<TrustBundleContent>) {
  const gateway = await makeAuthority('XX');
  const content = bundleContent(s(AT) - 3600, 7200, extra);
  const bytes = await signTrustBundle(content, gateway.signer, crypto);
  return loadTrustBundle(bytes, { anchors: [gateway.key], at: AT, crypto });
}

describe('format trust entries', () => {
  it('reads only well-shaped, bounded material', () => {
    expect(readFormatMaterial({ format: 'nzcp', did_document: '{}' })).toEqual({
      format: 'nzcp',
      didDocument: '{}',
    });
    expect(readFormatMaterial({ format: 'nzcp', did_document: 'x'.repeat(200_000) })).toMatch(
      /did_document/,
    );
    expect(
      readFormatMaterial({ format: 'vds-nc', csca: new Uint8Array(4), crls: new Array(17) }),
    ).toMatch(/at most 16/);
    expect(
      readFormatMaterial({
        format: 'divoc',
        verification_method: 'did:x',
        public_key_pem: 'a',
        public_key_base58: 'b',
      }),
    ).toMatch(/exactly one/);
    expect(readFormatMaterial(new Map())).toBe('not a map');
    expect(readFormatMaterial({ format: 'hc1' })).toMatch(/format must be one of/);
  });

  it('refuses a bundle whose format_trust entry is malformed (BUNDLE_MALFORMED)', async () => {
    const bad = [{ country: 'NZ', material: { format: 'nzcp' } }];
    const loaded = await open({ formatTrust: bad as unknown as BundleFormatTrust[] });
    expect(loaded.ok ? 'opened' : loaded.code).toBe('BUNDLE_MALFORMED');
  });

  describe.skipIf(!vectors)('in a bundle', () => {
    const read = (p: string) => readFileSync(path.join(vectors!, p));
    const did = read('nzcp/spec-examples/valid/did.json').toString('utf8');
    const pass = read('nzcp/spec-examples/valid/nzcp.txt').toString('utf8').trim();

    it('builds verify() trust from the checked entries and rejects the rest by name', async () => {
      const loaded = await open({
        formatTrust: [
          { country: 'NZ', material: { format: 'nzcp', didDocument: did } },
          // The same DID again from another country: the first binding holds.
          { country: 'AU', material: { format: 'nzcp', didDocument: did } },
          // A CSCA under a country that is not its own.
          {
            country: 'NZ',
            material: { format: 'vds-nc', csca: read('vds-nc/trust/AU_CSCA.der'), crls: [] },
          },
          {
            country: 'IN',
            material: { format: 'divoc', verificationMethod: 'did:x', publicKeyPem: 'nope' },
          },
        ],
      });
      if (!loaded.ok) throw new Error(loaded.code);
      const bundle = loaded.value;
      expect(bundle.rejected.map((r) => `${r.what}: ${r.reason.split(':')[0]}`)).toEqual([
        'nzcp trust of AU: did',
        'vds-nc trust of NZ: FORMAT_TRUST_COUNTRY_MISMATCH',
        'divoc trust of IN: FORMAT_TRUST_INVALID',
      ]);
      expect(Object.keys(bundle.formats ?? {})).toEqual(['nzcp']);
      const report = await verify(pass, { trust: bundle, at: AT });
      expect(report.status).toBe('valid');
      // The uploader's country is the issuer's.
      expect(report.credential?.issuer).toBe('NZ');
    });

    it('a bundle without format trust verifies no NZCP pass (trust is explicit)', async () => {
      const loaded = await open({});
      if (!loaded.ok) throw new Error(loaded.code);
      expect(loaded.value.formats).toBeUndefined();
      const empty = await open({ formatTrust: [] });
      expect(empty.ok && empty.value.formats).toBeUndefined();
      const report = await verify(pass, { trust: loaded.value, at: AT });
      expect(report.status).toBe('invalid');
    });
  });
});
