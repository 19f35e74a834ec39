import type { CoseSigner } from '../src/cose/sign.js';
import type { CoseVerificationKey } from '../src/cose/verify.js';

/** A country's authority key pair for tests: the signer and the key a verifier holds. */
export interface TestAuthority {
  country: string;
  signer: CoseSigner;
  key: CoseVerificationKey;
}

/**
 * Generates an ES256 authority key for `country` (kid = 8 bytes derived from the country and
 * a counter, so tests stay readable). A real node takes authority keys from the trust bundle.
 */
export async function makeAuthority(country: string, n = 0): Promise<TestAuthority> {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const kid = new Uint8Array([country.charCodeAt(0), country.charCodeAt(1), 0, 0, 0, 0, 0, n]);
  return {
    country,
    signer: { alg: 'ES256', privateKey: pair.privateKey, kid },
    key: { kid, alg: 'ES256', key: pair.publicKey },
  };
}

/** `authorityKeys(country)` over a list of test authorities. */
export function authorityKeys(
  ...authorities: TestAuthority[]
): (country: string) => readonly CoseVerificationKey[] {
  return (country) => authorities.filter((a) => a.country === country).map((a) => a.key);
}
