import { describe, expect, it } from 'vitest';
import { nodeCryptoProvider } from './node.js';
import { webCryptoProvider } from './provider.js';

const subtle = globalThis.crypto.subtle;

describe('nodeCryptoProvider', () => {
  it('verifies ES256, ES384 and ES512 (raw r‖s) exactly as the WebCrypto provider does', async () => {
    const node = nodeCryptoProvider();
    const web = webCryptoProvider();
    const data = new TextEncoder().encode('{"data":"VDS-NC"}');
    for (const [alg, curve, hash] of [
      ['ES256', 'P-256', 'SHA-256'],
      ['ES384', 'P-384', 'SHA-384'],
      ['ES512', 'P-521', 'SHA-512'],
    ] as const) {
      const pair = (await subtle.generateKey({ name: 'ECDSA', namedCurve: curve }, true, [
        'sign',
        'verify',
      ])) as CryptoKeyPair;
      const spki = new Uint8Array(await subtle.exportKey('spki', pair.publicKey));
      const signature = new Uint8Array(
        await subtle.sign({ name: 'ECDSA', hash }, pair.privateKey, data),
      );
      const tampered = signature.slice();
      tampered[5]! ^= 1;
      for (const provider of [node, web]) {
        const key = await provider.importPublicKey(spki, alg, curve);
        expect(key, `${alg} import`).toBeDefined();
        expect(await provider.verify(alg, key, data, signature), alg).toBe(true);
        expect(await provider.verify(alg, key, data, tampered), `${alg} tampered`).toBe(false);
      }
      // The hash follows the algorithm: an ES384 signature does not verify as ES512.
      if (alg === 'ES384') {
        const key = await node.importPublicKey(spki, 'ES512', curve);
        expect(key === undefined || !node.verify('ES512', key, data, signature)).toBe(true);
      }
    }
  });
});

describe('nodeCryptoProvider EdDSA (Ed25519, for DIVOC proofs)', () => {
  it('verifies what WebCrypto signs, synchronously, and refuses a changed message', async () => {
    const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
    const data = new TextEncoder().encode('signing input');
    const signature = await webCryptoProvider().sign('EdDSA', pair.privateKey, data);
    const node = nodeCryptoProvider();
    const key = await node.importPublicKey(spki, 'EdDSA');
    expect(key).toBeDefined();
    expect(node.verify('EdDSA', key, data, signature)).toBe(true);
    expect(node.verify('EdDSA', key, data.slice(1), signature)).toBe(false);
    const web = webCryptoProvider();
    expect(
      await web.verify('EdDSA', await web.importPublicKey(spki, 'EdDSA'), data, signature),
    ).toBe(true);
  });

  it('refuses to import an Ed25519 key for PS256 and an RSA key for EdDSA', async () => {
    const ed = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const rsa = (await crypto.subtle.generateKey(
      {
        name: 'RSA-PSS',
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const spki = async (k: CryptoKey) => new Uint8Array(await crypto.subtle.exportKey('spki', k));
    const node = nodeCryptoProvider();
    expect(await node.importPublicKey(await spki(ed.publicKey), 'PS256')).toBeUndefined();
    expect(await node.importPublicKey(await spki(rsa.publicKey), 'EdDSA')).toBeUndefined();
  });
});

describe('nodeCryptoProvider with WebCrypto key handles', () => {
  it('verifies with a CryptoKey made by subtle.importKey (not by the provider) as WebCrypto does', async () => {
    const node = nodeCryptoProvider();
    const data = new TextEncoder().encode('indicator');
    const pair = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const signature = new Uint8Array(
      await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, data),
    );
    expect(await node.verify('ES256', pair.publicKey, data, signature)).toBe(true);
    const tampered = signature.slice();
    tampered[3]! ^= 1;
    expect(await node.verify('ES256', pair.publicKey, data, tampered)).toBe(false);
  });
});
