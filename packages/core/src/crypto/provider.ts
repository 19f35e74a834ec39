/** The COSE algorithms HCERT allows (HCERT §3.3.2): ECDSA P-256/SHA-256 and RSA-PSS/SHA-256. */
export type CoseAlg = 'ES256' | 'PS256';

/**
 * Every signature algorithm a provider verifies: HCERT's two; ECDSA with SHA-384/P-384 and
 * SHA-512/P-521 (JWA `ES384`, `ES512`), which ICAO VDS-NC seals may use (raw r‖s throughout);
 * and `EdDSA` (Ed25519, COSE -8), which DIVOC's `Ed25519Signature2018` proofs use. The extra
 * ones stay out of {@link CoseAlg}, so an HC1 code announcing them is still refused.
 */
export type SignatureAlg = CoseAlg | 'ES384' | 'ES512' | 'EdDSA';

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

/** COSE algorithm identifiers (RFC 9053). */
export const COSE_ALG_IDS: Record<CoseAlg, number> = { ES256: -7, PS256: -37 };

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
   * does not fit the algorithm (e.g. an RSA key offered for ES256).
   */
  importPublicKey(
    spki: Uint8Array,
    alg: SignatureAlg,
    curve?: 'P-256' | 'P-384' | 'P-521',
  ): Promise<unknown | undefined>;
  /** Verifies a signature (ES256/384/512: raw r‖s; PS256: salt length 32; EdDSA: Ed25519). */
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

let defaultProvider: CryptoProvider | undefined;

/** The shared WebCrypto provider, made on first use. */
export function defaultCrypto(): CryptoProvider {
  defaultProvider ??= webCryptoProvider();
  return defaultProvider;
}
