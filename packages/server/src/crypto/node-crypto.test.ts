import { webCryptoProvider } from '@corridor/core/crypto/provider';
import { describe, expect, it } from 'vitest';
import { nodeCryptoProvider } from './node-crypto.js';

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
