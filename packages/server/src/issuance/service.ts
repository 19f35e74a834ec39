import type { Kysely } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import {
  type Actor,
  type CertificateRecord,
  certificateText,
  getCertificate,
  type IssuedHcert,
  purgeExpiredPayloads,
} from './certificates.js';
import type { IssuanceNode } from './config.js';
import { IssueGroups } from './group-commit.js';
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
  /** Concurrent `issue` calls commit together (see {@link IssueGroups}). */
  readonly groups: IssueGroups;

  constructor(
    readonly db: Kysely<CorridorSchema>,
    readonly node: IssuanceNode,
    readonly now: () => Date = () => new Date(),
  ) {
    this.groups = new IssueGroups(db, node, now);
  }

  /**
   * See {@link issueCertificate}: the same answer, but requests that arrive while others are
   * being stored are stored with them in one transaction (group commit).
   */
  issue(
    request: IssueRequest,
    options: { actor: Actor; idempotencyKey?: string },
  ): Promise<IssuedHcert> {
    return this.groups.issue(request, options);
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
