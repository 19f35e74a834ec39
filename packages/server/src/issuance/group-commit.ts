import type { Kysely } from 'kysely';
import { GroupCommit } from '../db/group-commit.js';
import type { CorridorSchema } from '../db/schema.js';
import {
  type Actor,
  type BulkIssueItem,
  type IssuedHcert,
  issueCertificates,
} from './certificates.js';
import type { IssuanceNode } from './config.js';
import type { IssueRequest } from './request.js';

/** Options of {@link IssueGroups}. */
export interface IssueGroupOptions {
  /** Most requests stored by one transaction (default 100). */
  maxGroup?: number;
  /**
   * Groups in flight at once (default 2): while one group's transaction commits, the next is
   * validated and signed, so the CPU and the database work side by side.
   */
  inFlight?: number;
}

/**
 * Group commit of single issuance requests (the HTTP API's `POST /certificates`): a request
 * that arrives while earlier ones are being stored waits for them, and everything that waited
 * is then issued together by {@link issueCertificates}: one transaction, one lock of the audit
 * chain's head, one row and one `certificate.issue` audit entry per certificate, each
 * certificate signed by the actor who asked for it. No timer: a lone request goes at once,
 * so latency only grows when requests already queue, and then throughput grows with it.
 *
 * Each caller still gets exactly what {@link issueCertificate} would give: its certificate
 * after its transaction committed, or its own coded problem (`DCC_INVALID`,
 * `IDEMPOTENCY_KEY_REUSED`, ...) without failing the rest of the group. Only an error of the
 * store itself (the transaction failed, nothing of the group is stored) reaches every member.
 */
export class IssueGroups {
  private readonly groups: GroupCommit<BulkIssueItem & { actor: Actor }, IssuedHcert>;
  /** Transactions run and requests they carried (for tests and benchmarks). */
  readonly stats: GroupCommit<unknown, unknown>['stats'];

  constructor(
    private readonly db: Kysely<CorridorSchema>,
    private readonly node: IssuanceNode,
    private readonly now: () => Date,
    options: IssueGroupOptions = {},
  ) {
    this.groups = new GroupCommit(
      async (items) =>
        (
          await issueCertificates(this.db, items, {
            node: this.node,
            actor: items[0]!.actor,
            now: this.now(),
          })
        ).map((o) => (o.ok ? { ok: true, value: o.certificate } : o)),
      { maxGroup: options.maxGroup ?? 100, inFlight: options.inFlight ?? 2 },
    );
    this.stats = this.groups.stats;
  }

  /** Issues one certificate as part of the next group; see {@link issueCertificate}. */
  issue(
    request: IssueRequest,
    options: { actor: Actor; idempotencyKey?: string },
  ): Promise<IssuedHcert> {
    return this.groups.submit({
      request,
      actor: options.actor,
      ...(options.idempotencyKey !== undefined ? { idempotencyKey: options.idempotencyKey } : {}),
    });
  }
}
