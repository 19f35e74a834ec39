/** The COSE algorithms HCERT allows (HCERT §3.3.2): ECDSA P-256/SHA-256 and RSA-PSS/SHA-256. */
export type CoseAlg = 'ES256' | 'PS256';

/** COSE algorithm identifiers (RFC 9053). */
export const COSE_ALG_IDS: Record<CoseAlg, number> = { ES256: -7, PS256: -37 };

/**
 * Every signature algorithm a provider verifies: the HCERT ones, plus `EdDSA` (Ed25519, COSE
 * -8), which HCERT does not allow but DIVOC's `Ed25519Signature2018` proofs use. Kept out of
 * {@link CoseAlg} so an HC1 code announcing -8 is still refused as unsupported.
 */
export type SignatureAlg = CoseAlg | 'EdDSA';

export function coseAlgFromId(id: unknown): CoseAlg | undefined {
  if (id === -7) return 'ES256';
  if (id === -37) return 'PS256';
  return undefined;
}

/**
 * The cryptography verification and signing need. Core ships a WebCrypto implementation that
 * runs everywhere; servers and the CLI may pass a faster one (node:crypto) with the same
 * behaviour. Keys are opaque handles made by `importPublicKey` once and reused.
 */
export interface CryptoProvider {
  /**
   * `true` when `verify` answers synchronously (a boolean, never a promise). Verification then
   * hands it views of reused buffers instead of fresh copies.
   */
  readonly sync?: boolean;
  /**
   * Imports a SubjectPublicKeyInfo (DER) for use with `alg`; returns `undefined` when the key
   * does not fit the algorithm (e.g. an RSA key offered for ES256) or the platform lacks it.
   */
  importPublicKey(
    spki: Uint8Array,
    alg: SignatureAlg,
    curve?: 'P-256' | 'P-384' | 'P-521',
  ): Promise<unknown | undefined>;
  /** Verifies a signature (ES256: raw r‖s; PS256: salt length 32; EdDSA: Ed25519, 64 bytes). */
  verify(
    alg: SignatureAlg,
    key: unknown,
    data: Uint8Array,
    signature: Uint8Array,
  ): boolean | Promise<boolean>;
  /** Signs `data`; ES256 signatures are returned as raw r‖s. */
  sign(alg: SignatureAlg, privateKey: unknown, data: Uint8Array): Promise<Uint8Array>;
  sha256(data: Uint8Array): Promise<Uint8Array>;
}

const ECDSA_IMPORT = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ECDSA_SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const PSS_IMPORT = { name: 'RSA-PSS', hash: 'SHA-256' } as const;
const PSS_SIGN = { name: 'RSA-PSS', saltLength: 32 } as const;
const ED25519 = { name: 'Ed25519' } as const;

/** WebCrypto parameters for signing and verifying with `alg`. */
function signParams(alg: SignatureAlg) {
  return alg === 'ES256' ? ECDSA_SIGN : alg === 'PS256' ? PSS_SIGN : ED25519;
}

/** A {@link CryptoProvider} over WebCrypto (`globalThis.crypto.subtle`): browsers, Node, Deno. */
export function webCryptoProvider(subtle: SubtleCrypto = globalThis.crypto.subtle): CryptoProvider {
  return {
    async importPublicKey(spki, alg, curve = 'P-256') {
      try {
        const params =
          alg === 'ES256'
            ? { ...ECDSA_IMPORT, namedCurve: curve }
            : alg === 'PS256'
              ? PSS_IMPORT
              : ED25519;
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

let defaultProvider: CryptoProvider | undefined;

/** The shared WebCrypto provider, made on first use. */
export function defaultCrypto(): CryptoProvider {
  defaultProvider ??= webCryptoProvider();
  return defaultProvider;
}
