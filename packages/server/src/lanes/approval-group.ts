import { type Kysely, type QueryCreator, sql } from 'kysely';
import { GroupCommit } from '../db/group-commit.js';
import type { CorridorSchema } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import { AWAITING, expectState } from './applications.js';
import {
  approvalTransitions,
  approveApplication,
  type IssuedPass,
  type PreparedApproval,
  preparePasses,
  quotaExhausted,
} from './approval.js';
import type { LanesNode } from './config.js';
import { lockQuotaCounters } from './quota.js';
import type { ApplicationState } from './schema.js';
import { type Actor, auditTransitions, type Transition, writeTransitions } from './transitions.js';

type Db = Kysely<CorridorSchema>;

/**
 * What became of one approval of a {@link approveApplications} group, in input order: its
 * pass, its refusal (`problem`), or, when its group failed as a whole and its own retry then
 * failed on something other than a refusal (a second colliding pass id, a deadlock with
 * another process, a lost connection), that `error`: nothing of it is stored, and the
 * approvals beside it keep their passes.
 */
export type ApprovalOutcome =
  | { ok: true; pass: IssuedPass }
  | { ok: false; problem: HttpProblem; error?: undefined }
  | { ok: false; problem?: undefined; error: unknown };

/**
 * Approves several applications as {@link approveApplication} would one after the other, but
 * stores them in one transaction: the group commit of approvals. Everything that needs no
 * lock is done first (`preparePasses`: one read for the group, the checks, every pass
 * signed). Then, between `begin` and `commit`: the applications' rows are locked in id order
 * and their states checked; every quota counter the group touches is locked once, in a global
 * order, and the units granted in input order (`lockQuotaCounters`); one statement moves the
 * granted applications to `pass-issued`, inserts their passes, takes their units and writes
 * their history and lane events; the audit chain's head is locked once for all their
 * entries, two per approval. Every pass is returned only after that commit, so a process
 * killed midway leaves nothing of the group.
 *
 * A refused approval (`APPLICATION_STATE_CONFLICT`, `LANE_QUOTA_EXHAUSTED`,
 * `LANE_BREAKER_IN_FORCE`, ...) gets its own problem and writes nothing; the others commit.
 * Should the group's transaction fail as a whole on a deadlock or a colliding pass id (nothing
 * of it is stored), its approvals are retried one by one with {@link approveApplication}; an
 * error of one retry is that approval's outcome alone.
 */
export async function approveApplications(
  db: Db,
  node: LanesNode,
  items: readonly { id: string; actor: Actor }[],
  now: Date,
): Promise<ApprovalOutcome[]> {
  const outcomes: (ApprovalOutcome | undefined)[] = new Array(items.length);
  const prepared = await preparePasses(db, node, items, now);
  const ready: { index: number; approval: PreparedApproval }[] = [];
  const claimed = new Set<string>();
  prepared.forEach((p, index) => {
    if (p instanceof HttpProblem) outcomes[index] = { ok: false, problem: p };
    else if (claimed.has(p.pass.application))
      // The same application twice in one group: the first approval takes it.
      outcomes[index] = {
        ok: false,
        problem: new HttpProblem(
          409,
          'APPLICATION_STATE_CONFLICT',
          `application ${p.pass.application} is pass-issued, not ${AWAITING.join(' or ')}`,
        ),
      };
    else {
      claimed.add(p.pass.application);
      ready.push({ index, approval: p });
    }
  });
  if (ready.length > 0) {
    try {
      const stored = await db.transaction().execute(async (trx) => {
        const ids = ready.map((r) => r.approval.pass.application).sort();
        const locked = await trx
          .selectFrom('lane_applications')
          .select(['id', 'state'])
          .where('id', 'in', ids)
          .orderBy('id')
          .forUpdate()
          .execute();
        const states = new Map(locked.map((r) => [r.id, r.state]));
        const movable: { index: number; approval: PreparedApproval; from: ApplicationState }[] = [];
        for (const r of ready) {
          const id = r.approval.pass.application;
          const state = states.get(id);
          try {
            if (!state) throw new HttpProblem(404, 'APPLICATION_NOT_FOUND', `no application ${id}`);
            movable.push({ ...r, from: expectState({ id, state }, AWAITING) });
          } catch (error) {
            if (!(error instanceof HttpProblem)) throw error;
            outcomes[r.index] = { ok: false, problem: error };
          }
        }
        const quota = await lockQuotaCounters(
          trx,
          movable.map((m) => m.approval.claim),
        );
        const granted = movable.filter((m, i) => {
          const kind = quota.exhausted[i];
          if (kind)
            outcomes[m.index] = { ok: false, problem: quotaExhausted(kind, m.approval.claim.day) };
          return !kind;
        });
        if (granted.length === 0) return granted;
        const transitions: Transition[] = granted.flatMap((g) =>
          approvalTransitions(g.approval, g.from),
        );
        await writeTransitions(trx, transitions, (qc) =>
          moveAndStore(quota.take(qc), granted, now),
        );
        await auditTransitions(trx, transitions);
        return granted;
      });
      for (const g of stored) outcomes[g.index] = { ok: true, pass: g.approval.issued };
    } catch (error) {
      if (!retryAlone(error)) throw error;
      for (const r of ready) {
        outcomes[r.index] = undefined;
        try {
          const pass = await approveApplication(db, node, r.approval.pass.application, {
            actor: r.approval.actor,
            now,
          });
          outcomes[r.index] = { ok: true, pass };
        } catch (e) {
          // Its own failure: the approvals retried before it have committed their passes.
          outcomes[r.index] =
            e instanceof HttpProblem ? { ok: false, problem: e } : { ok: false, error: e };
        }
      }
    }
  }
  return outcomes as ApprovalOutcome[];
}

/**
 * The granted applications' move to `pass-issued` and their pass rows, as common table
 * expressions riding on the statement that writes their history and events.
 */
function moveAndStore(
  qc: QueryCreator<CorridorSchema>,
  granted: readonly { approval: PreparedApproval }[],
  now: Date,
): QueryCreator<CorridorSchema> {
  const decided = granted.map(
    (g) => sql`(${g.approval.pass.application}::text, ${g.approval.pass.issued_by}::text)`,
  );
  const withMove = qc.with(
    'approved_moved',
    () => sql`(update lane_applications a set state = 'pass-issued', decided_at = ${now}::timestamptz,
      decided_by = v.decided_by
      from (values ${sql.join(decided)}) as v(id, decided_by)
      where a.id = v.id
      returning a.id)`,
  ) as unknown as QueryCreator<CorridorSchema>;
  return withMove.with('approved_passes', (w) =>
    w.insertInto('lane_passes').values(granted.map((g) => g.approval.pass)),
  ) as unknown as QueryCreator<CorridorSchema>;
}

/** A failure of the whole group that one approval at a time does not meet. */
function retryAlone(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  // 40P01 deadlock (an application approved by two processes' groups in crossed order),
  // 23505 a pass id drawn twice.
  return code === '40P01' || code === '23505';
}

/** Options of {@link ApprovalGroups}. */
export interface ApprovalGroupOptions {
  /** Most approvals stored by one transaction (default 64). */
  maxGroup?: number;
  /**
   * Groups in flight at once (default 2): while one group's transaction holds the quota and
   * audit locks, the next one is read and signed.
   */
  inFlight?: number;
}

/**
 * Group commit of single approvals (`Lanes.approve`, the HTTP API's approve route), as
 * `IssueGroups` does for certificates: an approval asked for while earlier ones are being
 * stored waits for them, and everything that waited is approved together by
 * {@link approveApplications}. No timer: a lone approval goes at the end of the event loop's
 * turn it was asked in, with whatever else that turn asked for. Each caller gets its
 * pass after its group committed, or its own coded problem; only a failure of the store itself
 * reaches the whole group.
 */
export class ApprovalGroups {
  private readonly groups: GroupCommit<{ id: string; actor: Actor }, IssuedPass>;
  /** Transactions run and approvals they carried (for tests and benchmarks). */
  readonly stats: GroupCommit<unknown, unknown>['stats'];

  constructor(
    private readonly db: Db,
    private readonly node: LanesNode,
    private readonly now: () => Date,
    options: ApprovalGroupOptions = {},
  ) {
    // Approvals asked for in the same turn of the event loop (a batch of requests read from
    // the sockets together, a caller's `Promise.all`) go out together.
    this.groups = new GroupCommit(
      async (items) =>
        (await approveApplications(this.db, this.node, items, this.now())).map((o) =>
          o.ok ? { ok: true, value: o.pass } : { ok: false, problem: o.problem ?? o.error },
        ),
      { maxGroup: options.maxGroup ?? 64, inFlight: options.inFlight ?? 2, atTurnEnd: true },
    );
    this.stats = this.groups.stats;
  }

  /** Approves one application as part of the next group; see {@link approveApplication}. */
  approve(id: string, actor: Actor): Promise<IssuedPass> {
    return this.groups.submit({ id, actor });
  }
}
