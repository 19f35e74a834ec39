import { createHmac } from 'node:crypto';
import type { CryptoProvider } from '@corridor/core/crypto';
import { nodeCryptoProvider } from '@corridor/core/crypto/node';
import type { EuValueSet } from '@corridor/core/dcc';
import { DscSigners, type IssuanceDsc } from './signers.js';

/** How long each certificate type stays valid (CWT `exp`). */
export interface ExpiryPolicy {
  /** Vaccination: days after issuance. Default 365. */
  vaccinationDays?: number;
  /** Test: hours after sample collection (`sc`). Default 72. */
  testHours?: number;
  /**
   * Recovery: `'du'` (default) until the end of the `du` day (UTC); or a number of days after
   * issuance, never beyond `du`.
   */
  recovery?: 'du' | number;
}

/** Everything the issuance domain needs besides the database and the clock. */
export interface IssuanceConfig {
  /** The node's country (ISO 3166-1 alpha-2): CWT `iss`, UCI country, default `co`. */
  country: string;
  /** Default `is` (certificate issuer) of entries that do not name one. */
  issuerName?: string;
  /** The DSCs and their private keys (see `DscSigners` for which one signs). */
  dscs: readonly IssuanceDsc[];
  /**
   * The node secret (at least 32 bytes) keying the holder hash (HMAC-SHA256) and, derived
   * from it, the key that seals the HC1 text kept for retrieval. Keep it in the key store's
   * folder or a secret manager; changing it breaks holder statistics continuity.
   */
  nodeSecret: Uint8Array;
  /**
   * EU value sets (from configuration, e.g. the gateway's signed value-set documents). Codes of
   * `tg`, `vp`, `mp`, `ma`, `co`, `tt`, `tr` must be listed in the set of their field; a field
   * whose set is absent is not judged. Default: the EU value sets Corridor ships
   * (`euValueSets()`, every field but the test device `ma`).
   */
  valueSets?: readonly EuValueSet[];
  expiry?: ExpiryPolicy;
  /**
   * Keep the full DCC payload (names, date of birth) for this many days after issuance. Unset
   * or 0: the payload is never stored.
   */
  retainPayloadDays?: number;
  /**
   * Keep the HC1 text, encrypted (AES-256-GCM), for this many hours after issuance so that
   * idempotent retries, QR and print downloads return the same code. Default 24; 0 keeps
   * nothing (a retry then answers 410).
   */
  retainCertificateHours?: number;
  /** Signing and hashing; default node:crypto (`nodeCryptoProvider`). */
  crypto?: CryptoProvider;
}

/** A loaded issuance configuration: DSCs read, keys prepared, secrets derived. */
export interface IssuanceNode {
  readonly config: IssuanceConfig;
  readonly country: string;
  readonly signers: DscSigners;
  readonly crypto: CryptoProvider;
  /** HMAC key of the holder hash. */
  readonly holderKey: Uint8Array;
  /** AES-256-GCM key sealing retained HC1 texts. */
  readonly sealKey: Uint8Array;
}

/**
 * Prepares a node's issuance configuration: reads its DSCs (throws when one is unreadable or
 * of another country) and derives its keys from the node secret.
 */
export async function createIssuanceNode(config: IssuanceConfig): Promise<IssuanceNode> {
  if (!/^[A-Z]{2}$/.test(config.country)) throw new Error('country must be ISO 3166-1 alpha-2');
  if (config.nodeSecret.length < 32) throw new Error('the node secret needs at least 32 bytes');
  const derive = (purpose: string) =>
    new Uint8Array(createHmac('sha256', config.nodeSecret).update(purpose).digest());
  return {
    config,
    country: config.country,
    signers: await DscSigners.create(config.country, config.dscs),
    crypto: config.crypto ?? nodeCryptoProvider(),
    holderKey: derive('corridor/issuance/holder-hash'),
    sealKey: derive('corridor/issuance/seal-hc1'),
  };
}
