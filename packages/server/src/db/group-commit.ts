/** One member's outcome of a group's store: its result, or its own coded problem. */
export type GroupOutcome<R> = { ok: true; value: R } | { ok: false; problem: unknown };

/** Options of {@link GroupCommit}. */
export interface GroupCommitOptions {
  /** Most members stored by one transaction. */
  maxGroup: number;
  /**
   * Groups in flight at once: while one group's transaction holds its locks and commits, the
   * next one is read, validated and signed, so the CPU and the database work side by side.
   */
  inFlight: number;
  /**
   * `true`: a lone member waits for the end of the event loop's turn it was asked in, so that
   * members asked for in the same turn (requests read from the sockets together, a caller's
   * `Promise.all`) go out together. `false`: it goes at once. Never a timer.
   */
  atTurnEnd?: boolean;
}

interface Waiting<I, R> {
  item: I;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: a member asked for while earlier groups are being stored waits for them, and
 * everything that waited is stored together by `store` (one transaction, one lock of the audit
 * chain's head). Each caller gets its own result after its group committed, or its own problem
 * without failing the rest; only an error of the store itself (nothing of the group stored)
 * reaches every member. Used by `IssueGroups` (certificates) and `ApprovalGroups` (lane passes).
 */
export class GroupCommit<I, R> {
  private readonly queue: Waiting<I, R>[] = [];
  private running = 0;
  private scheduled = false;
  private readonly maxGroup: number;
  private readonly inFlight: number;
  /** Transactions run, members they carried and the largest group (tests, benchmarks). */
  readonly stats = { groups: 0, members: 0, largest: 0 };

  constructor(
    private readonly store: (items: I[]) => Promise<GroupOutcome<R>[]>,
    private readonly options: GroupCommitOptions,
  ) {
    this.maxGroup = Math.max(1, Math.floor(options.maxGroup));
    this.inFlight = Math.max(1, Math.floor(options.inFlight));
  }

  /** Stores `item` as part of the next group. */
  submit(item: I): Promise<R> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.options.atTurnEnd) this.pump();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
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

  private async run(group: Waiting<I, R>[]): Promise<void> {
    this.stats.groups++;
    this.stats.members += group.length;
    this.stats.largest = Math.max(this.stats.largest, group.length);
    try {
      const outcomes = await this.store(group.map((w) => w.item));
      outcomes.forEach((outcome, i) => {
        const waiting = group[i]!;
        if (outcome.ok) waiting.resolve(outcome.value);
        else waiting.reject(outcome.problem);
      });
    } catch (error) {
      for (const waiting of group) waiting.reject(error);
    }
  }
}
