/** Signature algorithms of Corridor keys, named as in COSE. */
export type SigningAlg = 'ES256' | 'PS256';

/** A signing key pair: WebCrypto handles and the algorithm they serve. */
export interface SigningKeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  alg: SigningAlg;
}

/** RSA modulus for `PS256` keys (the DCC gateway's minimum for new keys). */
export const RSA_MODULUS_BITS = 3072;

/** The WebCrypto import/generate parameters of each algorithm. */
export const KEY_ALGORITHMS: Record<SigningAlg, EcKeyImportParams | RsaHashedImportParams> = {
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  PS256: { name: 'RSA-PSS', hash: 'SHA-256' },
};

/**
 * The signature parameters certificates are signed with: ECDSA with SHA-256, or RSASSA-PSS
 * with SHA-256 and a 32-byte salt (the same salt length COSE PS256 uses).
 */
export const SIGNATURE_ALGORITHMS: Record<SigningAlg, EcdsaParams | RsaPssParams> = {
  ES256: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams,
  PS256: { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 } as RsaPssParams,
};

/** `true` when `value` is a supported signing algorithm. */
export function isSigningAlg(value: unknown): value is SigningAlg {
  return value === 'ES256' || value === 'PS256';
}

/**
 * Generates a key pair: P-256 for `ES256`, RSA-PSS 3072 (exponent 65537, SHA-256) for `PS256`.
 * `extractable` applies to the private key (a key store needs it once, to wrap it).
 */
export async function generateSigningKeyPair(
  alg: SigningAlg,
  options: { extractable?: boolean } = {},
): Promise<SigningKeyPair> {
  const params: EcKeyGenParams | RsaHashedKeyGenParams =
    alg === 'ES256'
      ? { name: 'ECDSA', namedCurve: 'P-256' }
      : {
          name: 'RSA-PSS',
          modulusLength: RSA_MODULUS_BITS,
          publicExponent: new Uint8Array([1, 0, 1]),
          hash: 'SHA-256',
        };
  const pair = (await globalThis.crypto.subtle.generateKey(params, options.extractable ?? false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  return { privateKey: pair.privateKey, publicKey: pair.publicKey, alg };
}

/** Tells the algorithm of a WebCrypto public or private key, or `undefined`. */
export function algOfKey(key: CryptoKey): SigningAlg | undefined {
  const algorithm = key.algorithm as Partial<EcKeyAlgorithm & RsaHashedKeyAlgorithm>;
  if (algorithm.name === 'ECDSA' && algorithm.namedCurve === 'P-256') return 'ES256';
  if (algorithm.name === 'RSA-PSS') return 'PS256';
  return undefined;
}
