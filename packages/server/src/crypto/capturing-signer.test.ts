import { defaultCrypto } from '@corridor/core/crypto';
import { describe, expect, it } from 'vitest';
import { capturingSigner } from './capturing-signer.js';

describe('capturingSigner', () => {
  it('reads back the signature its provider returned', async () => {
    const crypto = defaultCrypto();
    const pair = (await globalThis.crypto.subtle.generateKey(
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const signer = capturingSigner(crypto);
    const signed = await signer.crypto.sign('ES256', pair.privateKey, new Uint8Array([1, 2, 3]));
    expect(signer.signature('test')).toBe(signed);
    expect(signed.length).toBe(64);
  });

  it('throws, naming the operation, when nothing was signed', () => {
    expect(() => capturingSigner(defaultCrypto()).signature('issueHcert')).toThrow(
      'issueHcert did not sign',
    );
  });
});
