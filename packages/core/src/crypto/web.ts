import type { CryptoProvider, SignatureAlg } from './provider.js';

/** The ECDSA algorithms. */
type EcAlg = Exclude<SignatureAlg, 'PS256' | 'EdDSA'>;

const EC_HASH: Record<EcAlg, string> = {
  ES256: 'SHA-256',
  ES384: 'SHA-384',
  ES512: 'SHA-512',
};
const EC_DEFAULT_CURVE: Record<EcAlg, 'P-256' | 'P-384' | 'P-521'> = {
  ES256: 'P-256',
  ES384: 'P-384',
  ES512: 'P-521',
};

const ECDSA_SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const PSS_IMPORT = { name: 'RSA-PSS', hash: 'SHA-256' } as const;
const PSS_SIGN = { name: 'RSA-PSS', saltLength: 32 } as const;
const ED25519 = { name: 'Ed25519' } as const;

/** WebCrypto parameters for signing and verifying with `alg`. */
function signParams(alg: SignatureAlg) {
  if (alg === 'PS256') return PSS_SIGN;
  if (alg === 'EdDSA') return ED25519;
  if (alg === 'ES256') return ECDSA_SIGN;
  return { name: 'ECDSA', hash: EC_HASH[alg] };
}

/** A {@link CryptoProvider} over WebCrypto (`globalThis.crypto.subtle`): browsers, Node, Deno. */
export function webCryptoProvider(subtle: SubtleCrypto = globalThis.crypto.subtle): CryptoProvider {
  return {
    async importPublicKey(spki, alg, curve) {
      try {
        const params =
          alg === 'PS256'
            ? PSS_IMPORT
            : alg === 'EdDSA'
              ? ED25519
              : { name: 'ECDSA', namedCurve: curve ?? EC_DEFAULT_CURVE[alg] };
        return await subtle.importKey('spki', spki as BufferSource, params, false, ['verify']);
      } catch {
        return undefined;
      }
    },
    async verify(alg, key, data, signature) {
      try {
        return await subtle.verify(
          signParams(alg),
          key as CryptoKey,
          signature as BufferSource,
          data as BufferSource,
        );
      } catch {
        return false;
      }
    },
    async sign(alg, privateKey, data) {
      const sig = await subtle.sign(signParams(alg), privateKey as CryptoKey, data as BufferSource);
      return new Uint8Array(sig);
    },
    async sha256(data) {
      return new Uint8Array(await subtle.digest('SHA-256', data as BufferSource));
    },
  };
}
