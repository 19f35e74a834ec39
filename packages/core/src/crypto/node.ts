/// <reference types="node" />
// The one Node-only file of core: reached through the `node` condition of `#platform-crypto`
// (see provider.ts) or imported directly as `@corridor/core/crypto/node`.
import {
  constants,
  createPublicKey,
  KeyObject,
  hash as oneShotHash,
  sign,
  verify,
} from 'node:crypto';
import type { CryptoProvider, SignatureAlg } from './provider.js';
import { webCryptoProvider } from './web.js';

const ES256_VERIFY = { dsaEncoding: 'ieee-p1363' } as const;
const PS256_PARAMS = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } as const;

type VerifyKey = {
  key: KeyObject;
  dsaEncoding?: 'ieee-p1363';
  padding?: number;
  saltLength?: number;
};

/**
 * A {@link CryptoProvider} on node:crypto's synchronous one-shot calls: the same checks as
 * the WebCrypto provider (ES256 with raw r‖s, PS256 with salt length 32, EdDSA over Ed25519,
 * which hashes internally and so takes no digest name) without WebCrypto's
 * promise and thread-pool round trip, which costs more than the signature check itself.
 * Signing keys may be WebCrypto `CryptoKey`s or `KeyObject`s.
 */
export function nodeCryptoProvider(): CryptoProvider {
  const web = webCryptoProvider(globalThis.crypto.subtle);
  return {
    sync: true,
    async importPublicKey(spki, alg) {
      let key: KeyObject;
      try {
        key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
      } catch {
        return undefined;
      }
      // The handle is the complete options object, built once, so verification allocates nothing.
      const type = key.asymmetricKeyType;
      if (alg === 'EdDSA') return type === 'ed25519' ? { key } : undefined;
      if (alg !== 'PS256') {
        const curve = key.asymmetricKeyDetails?.namedCurve;
        const ec =
          type === 'ec' &&
          (curve === 'prime256v1' || curve === 'secp384r1' || curve === 'secp521r1');
        return ec ? { key, ...ES256_VERIFY } : undefined;
      }
      return type === 'rsa' || type === 'rsa-pss' ? { key, ...PS256_PARAMS } : undefined;
    },
    verify(alg: SignatureAlg, handle, data, signature) {
      try {
        // A WebCrypto key made without this provider (a caller's own `subtle.importKey`, or
        // keys from before Node picked this provider by default) works too.
        if (handle instanceof CryptoKey) handle = fromCryptoKey(alg, handle);
        // Ed25519 hashes inside the algorithm (no digest named); ECDSA by the curve's size.
        const hash =
          alg === 'EdDSA'
            ? null
            : alg === 'ES384'
              ? 'sha384'
              : alg === 'ES512'
                ? 'sha512'
                : 'sha256';
        return verify(hash, data, handle as VerifyKey, signature);
      } catch {
        return false;
      }
    },
    async sign(alg, privateKey, data) {
      if (privateKey && typeof privateKey === 'object' && 'asymmetricKeyType' in privateKey) {
        const key = privateKey as KeyObject;
        if (alg === 'EdDSA') return new Uint8Array(sign(null, data, key));
        const params =
          alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' as const } : { key, ...PS256_PARAMS };
        return new Uint8Array(sign('sha256', data, params));
      }
      return web.sign(alg, privateKey, data);
    },
    async sha256(data) {
      // The one-shot `hash` (Node 20.12+) skips making a Hash object per digest.
      return new Uint8Array(oneShotHash('sha256', data, 'buffer'));
    },
  };
}

const converted = new WeakMap<CryptoKey, VerifyKey>();

/** The node:crypto verification options for a WebCrypto public key, made once per key. */
function fromCryptoKey(alg: SignatureAlg, key: CryptoKey): VerifyKey {
  let options = converted.get(key);
  if (!options) {
    const object = KeyObject.from(key);
    options =
      alg === 'EdDSA'
        ? { key: object }
        : alg === 'PS256'
          ? { key: object, ...PS256_PARAMS }
          : { key: object, ...ES256_VERIFY };
    converted.set(key, options);
  }
  return options;
}
