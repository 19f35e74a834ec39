import type { Lane } from '@corridor/core/lanes';
import { laneBreakerState, NO_SIGNALS } from '@corridor/core/lanes';
import type { Kysely } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import type { LanesNode } from './config.js';
import { emitLaneEvent, type LaneEventType } from './events/outbox.js';

/** The lane event of a breaker transition into each phase (`resuming` announces nothing). */
const EVENT_OF_PHASE: Partial<Record<string, LaneEventType>> = {
  announced: 'breaker.announced',
  suspended: 'breaker.applied',
  closed: 'breaker.ended',
};

/**
 * Writes the lane events of the circuit breakers' transitions up to `now`
 * (`breaker.announced`, `breaker.applied`, `breaker.ended`; `docs/events.md`) to the outbox:
 * the same state core's `laneBreakerState` gives every node and checkpoint, from the lane
 * versions the node recorded and the signed indicators and overrides of its trust bundle. Each
 * transition is written once, whichever node process sees it first and however often this runs
 * (its event id is derived from lane, breaker, phase and instant). Returns how many were new.
 */
export async function announceBreakerTransitions(
  db: Kysely<CorridorSchema>,
  node: LanesNode,
  now: Date,
): Promise<{ breakerEvents: number }> {
  const rows = await db.selectFrom('lane_versions').select(['lane_id', 'lane']).execute();
  const byLane = new Map<string, Lane[]>();
  for (const r of rows) byLane.set(r.lane_id, [...(byLane.get(r.lane_id) ?? []), r.lane as Lane]);
  const signals = (await node.config.breakerSignals?.()) ?? NO_SIGNALS;
  let written = 0;
  for (const [laneId, versions] of byLane) {
    const evaluated = laneBreakerState(versions, signals, now);
    if (!evaluated) continue;
    const events = evaluated.state.history.flatMap((t) => {
      const type = EVENT_OF_PHASE[t.to];
      if (!type || t.from === t.to || Date.parse(t.at) > now.getTime()) return [];
      return [{ type, t }];
    });
    if (events.length === 0) continue;
    await db.transaction().execute(async (trx) => {
      for (const { type, t } of events) {
        const stored = await emitLaneEvent(trx, {
          type,
          subject: `${laneId}/${t.breaker}`,
          at: new Date(t.at),
          lane: laneId,
          data: {
            lane: laneId,
            breaker: t.breaker,
            from: t.from,
            to: t.to,
            code: t.code,
            ...(t.override ? { override: true } : {}),
          },
          dedupeKey: `breaker/${laneId}/${t.breaker}/${t.to}/${t.at}`,
        });
        if (stored) written++;
      }
    });
  }
  return { breakerEvents: written };
}
