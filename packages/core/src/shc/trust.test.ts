/**
 * Trust material: the published layout, revocation lists, and the optional X.509 side
 * (`x5c`), the latter on the spec's example issuer key whose chain the vectors carry.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTestSigner } from '../../test-support/hostile.js';
import { vectorsDir } from '../../test-support/vectors.js';
import { nodeCryptoProvider } from '../crypto/node.js';
import { type CryptoProvider, webCryptoProvider } from '../crypto/provider.js';
import { isRevokedRid, readShcCrl } from './crl.js';
import { ShcTrust } from './trust.js';
import { shcIssuersFromLayout } from './trust-layout.js';
import { verifyShc } from './verify.js';
import { x5cAnchorProblem, x5cProblemAt } from './x5c.js';

describe('revocation lists', () => {
  it('reads rids with and without timestamps', () => {
    const crl = readShcCrl({ kid: 'k', method: 'rid', ctr: 2, rids: ['abc', 'def.1636977600'] });
    expect(crl.ok).toBe(true);
    if (!crl.ok) return;
    expect(isRevokedRid(crl.value, 'abc', 4e9)).toBe(true);
    expect(isRevokedRid(crl.value, 'def', 1636977599.9)).toBe(true);
    expect(isRevokedRid(crl.value, 'def', 1636977600)).toBe(false);
    expect(isRevokedRid(crl.value, 'xyz', 0)).toBe(false);
  });

  it.each([
    [{ kid: 'k', method: 'rid', ctr: 1, rids: ['a', 'a.5'] }, 'listed more than once'],
    [{ kid: 'k', method: 'invalid-method', ctr: 1, rids: [] }, 'not supported'],
    [{ kid: 'k', method: 'hmac-patient', ctr: 1, rids: [] }, 'not supported'],
    [{ kid: 'k', method: 'rid', ctr: 1, rids: ['base64=='] }, 'is not a rid'],
    [{ kid: 'k', method: 'rid', ctr: 1, rids: ['x'.repeat(25)] }, 'is not a rid'],
    [{ kid: 'k', method: 'rid', ctr: 0, rids: [] }, 'ctr'],
    [{ kid: 'k', method: 'rid', ctr: 1 }, 'rids is not an array'],
    [{ method: 'rid', ctr: 1, rids: [] }, 'no kid'],
    [[], 'not a JSON object'],
  ])('refuses %j (%s)', (value, reason) => {
    const crl = readShcCrl(value);
    expect(crl.ok).toBe(false);
    if (!crl.ok) expect(String(crl.params?.reason)).toContain(reason);
  });
});

describe('the published layout', () => {
  it('binds jwks.json and crl/<kid>.json to the iss of their path, and nothing else', () => {
    const { issuers, unbound } = shcIssuersFromLayout([
      {
        path: 'issuers/spec.smarthealth.cards/examples/issuer/.well-known/jwks.json',
        content: 'J',
      },
      {
        path: 'issuers/spec.smarthealth.cards/examples/issuer/.well-known/crl/k1.json',
        content: 'C',
      },
      { path: 'keysets/issuer.jwks.public.not.smart.json', content: 'K' },
      { path: 'issuers/only.crl.example/.well-known/crl/k2.json', content: 'D' },
    ]);
    expect(issuers).toEqual([
      { iss: 'https://spec.smarthealth.cards/examples/issuer', jwks: 'J', crls: ['C'] },
    ]);
    expect(unbound).toEqual([
      'keysets/issuer.jwks.public.not.smart.json',
      'issuers/only.crl.example/.well-known/crl/*',
    ]);
  });
});

const dir = vectorsDir('shc');
const ISS = 'https://spec.smarthealth.cards/examples/issuer';
const X5C_KID = 'EBKOr72QQDcTBUuVzAzkfBTGew0ZA16GuWty64nS-sw';

describe.skipIf(!dir)('x5c on the spec example issuer key', () => {
  const read = (p: string) => readFileSync(path.join(dir!, p), 'utf8');
  const jwksText = () =>
    read('issuers/spec.smarthealth.cards/examples/issuer/.well-known/jwks.json');
  const jwks = () => JSON.parse(jwksText()) as { keys: Record<string, unknown>[] };
  const x5cKey = () => jwks().keys.find((k) => k.kid === X5C_KID)!;
  const root = () => (x5cKey().x5c as string[]).at(-1)!;
  const example01 = () => read('spec-examples/example-01-f-qr-code-numeric-value-0.txt');
  const example00 = () => read('spec-examples/example-00-f-qr-code-numeric-value-0.txt');
  const crl = () =>
    read(
      'issuers/spec.smarthealth.cards/examples/issuer/.well-known/crl/3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s.json',
    );

  it('reads the chain: it reaches its own root, names the issuer, and the leaf expired 2022-06-01', async () => {
    const trust = await ShcTrust.create({
      issuers: [{ iss: ISS, jwks: jwksText() }],
      x509Anchors: [root()],
    });
    const key = trust.issuer(ISS)!.keys(X5C_KID)[0]!;
    expect(key.problem).toBeUndefined();
    expect(key.anchorProblem).toBeUndefined();
    expect(await x5cAnchorProblem(key.x5c!, [])).toBe(
      'the chain does not lead to a trusted anchor',
    );
    expect(key.x5c!.uris).toEqual([ISS]);
    expect(x5cProblemAt(key.x5c!, ISS, new Date('2022-05-31T00:00:00Z'))).toBeUndefined();
    expect(x5cProblemAt(key.x5c!, ISS, new Date('2023-07-01T00:00:00Z'))).toBe(
      'the leaf certificate expired on 2022-06-01T15:50:09Z',
    );
    expect(
      x5cProblemAt(key.x5c!, 'https://other.example', new Date('2022-05-31T00:00:00Z')),
    ).toContain('subject alternative name');
  });

  it('with X.509 anchors required, refuses the expired chain and a key without x5c', async () => {
    const at = new Date('2023-07-01T00:00:00Z');
    const trust = await ShcTrust.create({
      issuers: [{ iss: ISS, jwks: jwksText(), crls: [crl()] }],
      x509Anchors: [root()],
    });
    const r1 = await verifyShc(example01(), { trust, at });
    expect(r1.status).toBe('invalid');
    expect(r1.findings.map((f) => f.code)).toEqual(['SHC_X5C_UNTRUSTED']);
    const r0 = await verifyShc(example00(), { trust, at });
    expect(r0.findings).toMatchObject([
      { code: 'SHC_X5C_UNTRUSTED', params: { reason: 'the key has no x5c chain' } },
    ]);
  });

  it('with an unrelated anchor, the chain does not reach it', async () => {
    const other = await makeTestSigner();
    const trust = await ShcTrust.create({
      issuers: [{ iss: ISS, jwks: jwksText() }],
      x509Anchors: [other.der],
    });
    expect(trust.issuer(ISS)!.keys(X5C_KID)[0]!.anchorProblem).toBe(
      'the chain does not lead to a trusted anchor',
    );
  });

  it("refuses a key whose x5c leaf holds another key than the JWK's", async () => {
    const set = jwks();
    const plain = set.keys.find((k) => k.kid !== X5C_KID)!;
    plain.x5c = x5cKey().x5c;
    const trust = await ShcTrust.create({ issuers: [{ iss: ISS, jwks: set, crls: [crl()] }] });
    expect(trust.problems.map((p) => p.code)).toEqual(['SHC_X5C_KEY_MISMATCH']);
    const report = await verifyShc(example00(), { trust, at: new Date('2023-07-01T00:00:00Z') });
    expect(report.findings.map((f) => f.code)).toEqual(['SHC_X5C_KEY_MISMATCH']);
  });

  it('verifies the spec examples given as a bare JWS and as a .smart-health-card entry', async () => {
    const trust = await ShcTrust.create({
      issuers: [{ iss: ISS, jwks: jwksText(), crls: [crl()] }],
    });
    const at = new Date('2023-07-01T00:00:00Z');
    for (const n of ['00', '03']) {
      const file = JSON.parse(read(`spec-examples/example-${n}-e-file.smart-health-card`)) as {
        verifiableCredential: string[];
      };
      const jws = read(`spec-examples/example-${n}-d-jws.txt`);
      expect(file.verifiableCredential[0]).toBe(jws);
      const fromQr = await verifyShc(
        read(`spec-examples/example-${n}-f-qr-code-numeric-value-0.txt`),
        { trust, at },
      );
      const fromJws = await verifyShc(jws, { trust, at });
      expect(fromJws.status).toBe(n === '00' ? 'valid' : 'invalid');
      expect(fromJws.findings).toEqual(fromQr.findings);
      expect(fromJws.credential).toEqual(fromQr.credential);
      expect(fromJws.steps.prefix).toBe('skipped');
    }
  });

  it('names the x5c leaf as the report signer', async () => {
    const trust = await ShcTrust.create({ issuers: [{ iss: ISS, jwks: jwksText() }] });
    const report = await verifyShc(example01(), { trust, at: new Date('2023-07-01T00:00:00Z') });
    expect(report.signer).toEqual({
      kid: X5C_KID,
      subject: 'CN=SMART Health Card Example Issuer',
      notBefore: '2021-06-01T15:50:09.000Z',
      notAfter: '2022-06-01T15:50:09.000Z',
    });
  });
});

describe('ShcTrust.create', () => {
  it('throws only for a configuration that is not one', async () => {
    await expect(ShcTrust.create({} as never)).rejects.toThrow(TypeError);
    await expect(ShcTrust.create({ issuers: [{ jwks: '{}' } as never] })).rejects.toThrow(
      TypeError,
    );
    await expect(
      ShcTrust.create({ issuers: [{ iss: 'https://x.example', jwks: '{}', country: 'KOR' }] }),
    ).rejects.toThrow('alpha-2');
    const twice = await ShcTrust.create({
      issuers: [
        { iss: 'https://x.example', jwks: '{"keys":[]}' },
        { iss: 'https://x.example', jwks: '{"keys":[]}' },
      ],
    });
    expect(twice.problems.map((p) => p.code)).toEqual(['SHC_JWKS_INVALID']);
    expect(twice.issuers).toEqual(['https://x.example']);
  });
});

describe.skipIf(!dir)('imported key handles', () => {
  const jwksText = () =>
    readFileSync(
      path.join(dir!, 'issuers/spec.smarthealth.cards/examples/issuer/.well-known/jwks.json'),
      'utf8',
    );
  const card = () =>
    readFileSync(path.join(dir!, 'spec-examples/example-00-f-qr-code-numeric-value-0.txt'), 'utf8');
  const KID = '3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s';
  const crls = () => [
    readFileSync(
      path.join(dir!, `issuers/spec.smarthealth.cards/examples/issuer/.well-known/crl/${KID}.json`),
      'utf8',
    ),
  ];

  it('are kept per provider once imported, from the key itself, and a provider that refuses the key gets none', async () => {
    const node = nodeCryptoProvider();
    const trust = await ShcTrust.create({
      issuers: [{ iss: ISS, jwks: jwksText(), crls: crls() }],
      crypto: node,
    });
    const key = trust.issuer(ISS)!.keys(KID)[0]!;
    // Imported while the trust was built (the key check), for that provider only.
    expect(key.importedKey?.(node)).toBe(await key.importKey(node));
    const web = webCryptoProvider();
    expect(key.importedKey?.(web)).toBeUndefined();
    const handle = await key.importKey(web);
    expect(handle).toBeDefined();
    expect(key.importedKey?.(web)).toBe(handle);
    expect(key.importedKey?.(web)).not.toBe(key.importedKey?.(node));
    const refusing: CryptoProvider = { ...node, importPublicKey: async () => undefined };
    expect(await key.importKey(refusing)).toBeUndefined();
    expect(key.importedKey?.(refusing)).toBeUndefined();
    // The card verifies on the handle path, on the import path, and fails closed without one.
    const at = new Date('2023-07-01T00:00:00Z');
    expect((await verifyShc(card(), { trust, at, crypto: node })).status).toBe('valid');
    const fresh = webCryptoProvider();
    expect((await verifyShc(card(), { trust, at, crypto: fresh })).status).toBe('valid');
    const refused = await verifyShc(card(), { trust, at, crypto: refusing });
    expect(refused.status).toBe('invalid');
    expect(refused.findings.map((f) => f.code)).toContain('SHC_JWK_INVALID');
  });

  it('never verify with a key whose signature check fails: a tampered signature is refused on the handle path', async () => {
    const node = nodeCryptoProvider();
    const trust = await ShcTrust.create({
      issuers: [{ iss: ISS, jwks: jwksText(), crls: crls() }],
      crypto: node,
    });
    const at = new Date('2023-07-01T00:00:00Z');
    expect((await verifyShc(card(), { trust, at, crypto: node })).status).toBe('valid');
    const lying: CryptoProvider = { ...node, verify: () => false };
    await trust
      .issuer(ISS)!
      .keys('3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s')[0]!
      .importKey(lying);
    const report = await verifyShc(card(), { trust, at, crypto: lying });
    expect(report.status).toBe('invalid');
    expect(report.steps.signature).toBe('failed');
    expect(report.findings.map((f) => f.code)).toContain('SHC_SIGNATURE_INVALID');
  });
});
