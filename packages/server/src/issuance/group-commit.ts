import type { Kysely } from 'kysely';
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

interface Waiting {
  item: BulkIssueItem & { actor: Actor };
  resolve: (issued: IssuedHcert) => void;
  reject: (error: unknown) => void;
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
  private readonly queue: Waiting[] = [];
  private running = 0;
  private readonly maxGroup: number;
  private readonly inFlight: number;
  /** Transactions run and requests they carried (for tests and benchmarks). */
  readonly stats = { groups: 0, requests: 0, largest: 0 };

  constructor(
    private readonly db: Kysely<CorridorSchema>,
    private readonly node: IssuanceNode,
    private readonly now: () => Date,
    options: IssueGroupOptions = {},
  ) {
    this.maxGroup = Math.max(1, Math.floor(options.maxGroup ?? 100));
    this.inFlight = Math.max(1, Math.floor(options.inFlight ?? 2));
  }

  /** Issues one certificate as part of the next group; see {@link issueCertificate}. */
  issue(
    request: IssueRequest,
    options: { actor: Actor; idempotencyKey?: string },
  ): Promise<IssuedHcert> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        item: {
          request,
          actor: options.actor,
          ...(options.idempotencyKey !== undefined
            ? { idempotencyKey: options.idempotencyKey }
            : {}),
        },
        resolve,
        reject,
      });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.inFlight && this.queue.length > 0) {
      const group = this.queue.splice(0, this.maxGroup);
      this.running++;
      this.run(group).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(group: Waiting[]): Promise<void> {
    this.stats.groups++;
    this.stats.requests += group.length;
    this.stats.largest = Math.max(this.stats.largest, group.length);
    try {
      const outcomes = await issueCertificates(
        this.db,
        group.map((w) => w.item),
        { node: this.node, actor: group[0]!.item.actor, now: this.now() },
      );
      outcomes.forEach((outcome, i) => {
        const waiting = group[i]!;
        if (outcome.ok) waiting.resolve(outcome.certificate);
        else waiting.reject(outcome.problem);
      });
    } catch (error) {
      for (const waiting of group) waiting.reject(error);
    }
  }
}
