import type { Blocked, Lane } from '@corridor/core/lanes';
import { laneBreakerState, NO_SIGNALS } from '@corridor/core/lanes';
import type { Kysely } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import type { LanesNode } from './config.js';

/**
 * Refuses what a circuit breaker of the lane blocks at `now` (409 `LANE_BREAKER_IN_FORCE`):
 * new applications (`applications`) or new passes (`new-passes`). The state is core's
 * `laneBreakerState` over the recorded lane versions and the signed indicators and overrides
 * of the node's trust bundle (`LanesConfig.breakerSignals`), the same state verifiers compute
 * offline. Passes already issued are never touched here: the checkpoint decides them by the
 * breaker's grandfathering policy.
 */
export async function refuseWhileBlocked(
  db: Kysely<CorridorSchema>,
  node: LanesNode,
  lane: Lane,
  what: Blocked,
  now: Date,
): Promise<void> {
  if (!lane.breakers || lane.breakers.length === 0) return;
  const rows = await db
    .selectFrom('lane_versions')
    .select('lane')
    .where('lane_id', '=', lane.id)
    .execute();
  const signals = (await node.config.breakerSignals?.()) ?? NO_SIGNALS;
  const evaluated = laneBreakerState(
    rows.map((r) => r.lane as Lane),
    signals,
    now,
  );
  const blocking = evaluated?.state.breakers.find((b) => b.blocked.includes(what));
  if (blocking)
    throw new HttpProblem(
      409,
      'LANE_BREAKER_IN_FORCE',
      `circuit breaker ${blocking.breaker} of lane ${lane.id} blocks ${what} (${blocking.phase} since ${blocking.since}, planned end ${blocking.plannedEnd ?? 'unknown'})`,
    );
}
