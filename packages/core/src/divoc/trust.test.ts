import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { vectorsDir } from '../../test-support/vectors.js';
import { BUNDLED_CONTEXTS } from './contexts/index.js';
import { DivocTrust, DivocTrustError } from './trust.js';

const dir = vectorsDir('divoc');

describe.skipIf(!dir)('bundled JSON-LD contexts', () => {
  it('equal the copies the shared DIVOC vectors were checked with, URL for URL', () => {
    const index = JSON.parse(readFileSync(path.join(dir!, 'contexts/index.json'), 'utf8'));
    let compared = 0;
    for (const [url, file] of Object.entries(index as Record<string, string>)) {
      const bundled = BUNDLED_CONTEXTS.get(url);
      if (!bundled) continue; // pedulilindungi: an alias WHO uses, configured per deployment
      expect(bundled, url).toEqual(JSON.parse(readFileSync(path.join(dir!, file), 'utf8')));
      compared++;
    }
    expect(compared).toBe(6);
  });

  it('accepts a configured copy of a bundled context only when it is the same document', async () => {
    const url = 'https://w3id.org/security/v2';
    await expect(
      DivocTrust.create({
        keys: [],
        contexts: { [url]: JSON.stringify(BUNDLED_CONTEXTS.get(url)) },
      }),
    ).resolves.toBeInstanceOf(DivocTrust);
    await expect(
      DivocTrust.create({ keys: [], contexts: { [url]: { '@context': { name: 'urn:x' } } } }),
    ).rejects.toBeInstanceOf(DivocTrustError);
  });

  it('serves a configured deployment context under its own URL', async () => {
    const url = 'https://www.pedulilindungi.id/credentials/vaccination/v2';
    const doc = readFileSync(path.join(dir!, 'contexts/DIVOCVaccinationContextV2.json'));
    const trust = await DivocTrust.create({ keys: [], contexts: { [url]: new Uint8Array(doc) } });
    expect(trust.contexts.documents.has(url)).toBe(true);
  });
});

describe.skipIf(!dir)('DivocTrust keys', () => {
  it('reads a published key document: id is the method, controller the issuer', async () => {
    const pem = readFileSync(path.join(dir!, 'egov-divoc/keys/test-rsa-public.pem'), 'utf8');
    const document = JSON.stringify({
      '@context': 'https://w3id.org/security/v1',
      id: 'did:india',
      type: 'RsaVerificationKey2018',
      controller: 'https://divoc.dev/',
      publicKeyPem: pem,
    });
    const trust = await DivocTrust.create({ keys: [document] });
    expect(trust.candidates('did:india', 'https://divoc.dev/')).toHaveLength(1);
    expect(trust.candidates('did:india', 'https://cowin.gov.in/')).toHaveLength(0);
    expect(trust.keys[0]?.alg).toBe('PS256');
  });

  it('refuses unreadable trust material when it is loaded', async () => {
    const bad: unknown[] = [
      { verificationMethod: '', publicKeyPem: 'x' },
      { verificationMethod: 'did:x', publicKeyPem: 'no pem here' },
      { verificationMethod: 'did:x', publicKeyBase58: '0OIl' },
      { verificationMethod: 'did:x', publicKeyBase58: '1111' },
      { verificationMethod: 'did:x' },
      'not json',
    ];
    for (const key of bad) {
      await expect(
        DivocTrust.create({ keys: [key as never] }),
        JSON.stringify(key),
      ).rejects.toBeInstanceOf(DivocTrustError);
    }
  });
});
