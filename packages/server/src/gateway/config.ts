import type { CoseSigner, CoseVerificationKey } from '@corridor/core/cose';
import type { CryptoProvider } from '@corridor/core/crypto';
import type { Kysely, Transaction } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';

/** The gateway's database: every domain function reads and writes through this handle. */
export type GatewayDb = Kysely<CorridorSchema>;

/** A transaction of the gateway's database: every change runs inside one. */
export type GatewayTrx = Transaction<CorridorSchema>;

/**
 * What the gateway is: its name, its trust-anchor signer, and its clock. Domain functions take
 * it beside the database handle so that each can be called (and tested) without the facade.
 */
export interface GatewayConfig {
  id: string;
  /** The trust anchor: signs participant records, tree heads and bundles. */
  anchor: CoseSigner;
  /** The anchor's public key, to re-check participant records when read. */
  anchorKey: CoseVerificationKey;
  crypto: CryptoProvider;
  now: () => Date;
  bundleLifetimeSeconds?: number;
}
