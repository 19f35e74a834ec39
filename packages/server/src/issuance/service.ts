import type { Kysely } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import {
  type Actor,
  type CertificateRecord,
  certificateText,
  getCertificate,
  type IssuedHcert,
  issueCertificate,
  purgeExpiredPayloads,
} from './certificates.js';
import type { IssuanceNode } from './config.js';
import type { IssueRequest } from './request.js';
import {
  type PushOptions,
  type PushOutcome,
  pushRevocations,
  type RevocationOutcome,
  revokeCertificate,
} from './revocation.js';

/**
 * The national node's issuance domain bound to a database, a loaded configuration and a
 * clock: the object `issuanceApp` serves. Each method is one domain function.
 */
export class Issuance {
  constructor(
    readonly db: Kysely<CorridorSchema>,
    readonly node: IssuanceNode,
    readonly now: () => Date = () => new Date(),
  ) {}

  /** See {@link issueCertificate}. */
  issue(
    request: IssueRequest,
    options: { actor: Actor; idempotencyKey?: string },
  ): Promise<IssuedHcert> {
    return issueCertificate(this.db, request, { ...options, node: this.node, now: this.now() });
  }

  /** See {@link revokeCertificate}. */
  revoke(uci: string, reason: string, actor: Actor): Promise<RevocationOutcome> {
    return revokeCertificate(this.db, { uci, reason }, { actor, now: this.now() });
  }

  /** See {@link getCertificate}. */
  get(uci: string): Promise<CertificateRecord> {
    return getCertificate(this.db, uci);
  }

  /** See {@link certificateText}. */
  text(uci: string): Promise<string> {
    return certificateText(this.db, this.node, uci, this.now());
  }

  /** See {@link purgeExpiredPayloads}. */
  purge(): Promise<{ payloads: number; texts: number }> {
    return purgeExpiredPayloads(this.db, this.now());
  }

  /** See {@link pushRevocations}. */
  push(options: Omit<PushOptions, 'now' | 'country'>): Promise<PushOutcome> {
    return pushRevocations(this.db, { ...options, country: this.node.country, now: this.now() });
  }

  /**
   * Runs `purge` every `intervalMs` (default hourly) until the returned function is called;
   * failures go to `onError` (default `console.error`) and the schedule goes on.
   */
  schedulePurge(
    intervalMs = 3_600_000,
    onError: (error: unknown) => void = console.error,
  ): () => void {
    const timer = setInterval(() => {
      this.purge().catch(onError);
    }, intervalMs);
    timer.unref?.();
    return () => clearInterval(timer);
  }
}
