import { platformCrypto } from '#platform-crypto';

/** The COSE algorithms HCERT allows (HCERT §3.3.2): ECDSA P-256/SHA-256 and RSA-PSS/SHA-256. */
export type CoseAlg = 'ES256' | 'PS256';

/**
 * Every signature algorithm a provider verifies: HCERT's two; ECDSA with SHA-384/P-384 and
 * SHA-512/P-521 (JWA `ES384`, `ES512`), which ICAO VDS-NC seals may use (raw r‖s throughout);
 * and `EdDSA` (Ed25519, COSE -8), which DIVOC's `Ed25519Signature2018` proofs use. The extra
 * ones stay out of {@link CoseAlg}, so an HC1 code announcing them is still refused.
 */
export type SignatureAlg = CoseAlg | 'ES384' | 'ES512' | 'EdDSA';

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

export { webCryptoProvider } from './web.js';

let defaultProvider: CryptoProvider | undefined;

/**
 * The shared provider, made on first use: the platform's fastest. Which one is chosen by the
 * package's `#platform-crypto` import conditions (`package.json`): Node (the `node` condition)
 * gets node:crypto's synchronous calls ({@link ./node.ts}), browsers and every other runtime
 * WebCrypto ({@link ./web.ts}), so a browser build never sees `node:*`.
 */
export function defaultCrypto(): CryptoProvider {
  defaultProvider ??= platformCrypto();
  return defaultProvider;
}
