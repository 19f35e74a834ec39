import type { SigningAlg, SigningKeyPair } from '../pki/algorithms.js';

/** Public, non-secret facts stored next to a key (kind, country, certificate PEM, ...). */
export type KeyMetadata = Record<string, string | number | boolean | string[] | null>;

/** What a key store says about one key without touching the private key. */
export interface KeyRecord {
  label: string;
  alg: SigningAlg;
  createdAt: Date;
  /** DER SubjectPublicKeyInfo. */
  publicKey: Uint8Array;
  metadata: KeyMetadata;
}

/** Options of {@link KeyStore.create}. */
export interface CreateKeyOptions {
  /** `ES256`: P-256; `PS256`: RSA-PSS 3072 with SHA-256. */
  alg: SigningAlg;
  metadata?: KeyMetadata;
}

/**
 * Where a node keeps its signing keys (CSCA, DSCs, upload and authority keys).
 *
 * The private key never leaves the store in clear: `get` hands out a non-extractable
 * WebCrypto `CryptoKey`. `FileKeyStore` is the implementation for a single machine
 * (passphrase-encrypted files). An HSM or cloud KMS plugs in behind this same interface:
 * `create` generates the key inside the device and keeps the label → key-handle mapping and
 * the metadata, and `get` returns a `CryptoKey` from a WebCrypto provider backed by the
 * device (a PKCS#11 WebCrypto such as `node-webcrypto-p11`, or a KMS adapter whose `sign`
 * calls the service). Nothing outside the store depends on how keys are held.
 */
export interface KeyStore {
  /**
   * Generates a key pair under a new label and stores it. Throws `KeyStoreError`
   * `KEYSTORE_KEY_EXISTS` when the label is taken, `KEYSTORE_LABEL_INVALID` for a bad label.
   */
  create(label: string, options: CreateKeyOptions): Promise<SigningKeyPair>;
  /**
   * The key pair under `label` (private key non-extractable). Throws `KeyStoreError`
   * `KEYSTORE_KEY_NOT_FOUND`, or `KEYSTORE_WRONG_PASSPHRASE` when it cannot be unlocked.
   */
  get(label: string): Promise<SigningKeyPair>;
  /** `true` when a key has this label. */
  exists(label: string): Promise<boolean>;
  /** Every key, without unlocking any, in label order. */
  list(): Promise<KeyRecord[]>;
  /** One key's record, without unlocking it. Throws `KEYSTORE_KEY_NOT_FOUND`. */
  describe(label: string): Promise<KeyRecord>;
  /** Merges `metadata` into the key's metadata (a `null` value removes the entry). */
  updateMetadata(label: string, metadata: KeyMetadata): Promise<KeyRecord>;
}

/** Stable codes of {@link KeyStoreError}. */
export type KeyStoreErrorCode =
  | 'KEYSTORE_WRONG_PASSPHRASE'
  | 'KEYSTORE_PASSPHRASE_MISSING'
  | 'KEYSTORE_KEY_NOT_FOUND'
  | 'KEYSTORE_KEY_EXISTS'
  | 'KEYSTORE_LABEL_INVALID'
  | 'KEYSTORE_FILE_INVALID';

/** A key store failure the operator can act on; `code` is stable. */
export class KeyStoreError extends Error {
  constructor(
    readonly code: KeyStoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'KeyStoreError';
  }
}

/** Labels: 1–128 characters of letters, digits, `.`, `_`, `-`, starting with a letter or digit. */
export const LABEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Throws `KEYSTORE_LABEL_INVALID` unless `label` matches {@link LABEL_PATTERN}. */
export function assertLabel(label: string): void {
  if (!LABEL_PATTERN.test(label)) {
    throw new KeyStoreError(
      'KEYSTORE_LABEL_INVALID',
      `"${label}" is not a valid key label (letters, digits, ".", "_", "-"; at most 128)`,
    );
  }
}
