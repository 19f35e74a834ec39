import { type CryptoProvider, defaultCrypto } from '@corridor/core/crypto';
import { describe, expect, it } from 'vitest';
import { capturingSigner } from './capturing-signer.js';

describe('capturingSigner', () => {
  it('signs through its provider and reads back the signature it returned', async () => {
    const calls: unknown[][] = [];
    const made = new Uint8Array([7, 7, 7]);
    const provider: CryptoProvider = {
      ...defaultCrypto(),
      sign: async (...args) => {
        calls.push(args);
        return made;
      },
    };
    const signer = capturingSigner(provider);
    const data = new Uint8Array([1, 2, 3]);
    expect(await signer.crypto.sign('ES256', 'key', data)).toBe(made);
    expect(calls).toEqual([['ES256', 'key', data]]);
    expect(signer.signature('test')).toBe(made);
    // Everything but `sign` is the provider's own.
    expect(signer.crypto.sha256).toBe(provider.sha256);
  });

  it('throws, naming the operation, when nothing was signed', () => {
    expect(() => capturingSigner(defaultCrypto()).signature('issueHcert')).toThrow(
      'issueHcert did not sign',
    );
  });
});
