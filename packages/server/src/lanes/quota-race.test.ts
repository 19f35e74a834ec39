import { describe, expect, it } from 'vitest';
import { postgresAvailability } from '../db/test-engines.js';
import { laneInvariants, openRaceStore, raceAndKill, raceOnce } from './quota-race.js';

// The lane acceptance: node processes on one PostgreSQL approving many applications for a
// small quota issue exactly the quota; a SIGKILL during approval leaves no pass without a
// record and no reserved quota without a pass. Real child processes (the compiled worker,
// built by `npm install` / `npm run build`), one connection pool each. Scaled down by default;
// CORRIDOR_QUOTA_RACE_FULL=1 runs the acceptance's 4 processes × 1,000 applications × 10.
const postgres = postgresAvailability();
const FULL = process.env.CORRIDOR_QUOTA_RACE_FULL === '1';
const SCALE = FULL
  ? { processes: 4, applications: 1000, quota: 100, rounds: 10 }
  : { processes: 4, applications: 120, quota: 12, rounds: 2 };

describe.skipIf(!postgres.ok)('lane quota across node processes [postgres]', () => {
  const url = postgres.ok ? postgres.url : '';

  it(`${SCALE.processes} processes approving ${SCALE.applications} applications for a quota of ${SCALE.quota} issue exactly ${SCALE.quota} passes, ${SCALE.rounds} times`, async () => {
    for (let round = 0; round < SCALE.rounds; round++) {
      const store = await openRaceStore(url, SCALE.quota);
      try {
        const ids = await store.submit(SCALE.applications);
        const { handedOut, outcomes } = await raceOnce(store, ids, {
          processes: SCALE.processes,
        });
        expect(outcomes).toEqual({
          pass: SCALE.quota,
          LANE_QUOTA_EXHAUSTED: SCALE.applications - SCALE.quota,
        });
        expect(new Set(handedOut).size).toBe(SCALE.quota);
        expect(await laneInvariants(store.database)).toEqual({
          passes: SCALE.quota,
          reserved: SCALE.quota,
          passesWithoutRecord: 0,
          recordsWithoutPass: 0,
          auditedPasses: SCALE.quota,
          chainOk: true,
        });
      } finally {
        await store.close();
      }
    }
  }, 600_000);

  it('a SIGKILL during approval leaves no pass without a record and no reserved quota without a pass (repeatedly)', async () => {
    const store = await openRaceStore(url, 10_000);
    try {
      // Kill points vary per repetition and per process (a fixed list, not the clock).
      const kills = [
        [3, 11],
        [7, 2],
        [15, 5],
      ];
      const handedOut: string[] = [];
      for (const killAfter of kills) {
        const ids = await store.submit(60);
        const run = await raceAndKill(store, ids, killAfter);
        expect(run.killed).toBe(killAfter.length);
        handedOut.push(...run.handedOut);
        const state = await laneInvariants(store.database);
        expect(state.passesWithoutRecord).toBe(0);
        expect(state.recordsWithoutPass).toBe(0);
        expect(state.reserved).toBe(state.passes);
        expect(state.auditedPasses).toBe(state.passes);
        expect(state.chainOk).toBe(true);
      }
      // Every pass a process handed out before it died is stored.
      const stored = await store.database.db.selectFrom('lane_passes').select('id').execute();
      const ids = new Set(stored.map((r) => r.id));
      expect(handedOut.filter((id) => !ids.has(id))).toEqual([]);
      expect(handedOut.length).toBeGreaterThanOrEqual(kills.flat().reduce((a, b) => a + b, 0));
    } finally {
      await store.close();
    }
  }, 600_000);
});
