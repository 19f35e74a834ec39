import { beforeAll, expect, it } from 'vitest';
import { PASS_MRZ } from '../../../core/test-support/entry-pass.js';
import { forEachEngine } from '../db/test-engines.js';
import { HttpProblem } from '../http/problem.js';
import {
  A,
  arrivalNode,
  laneKeysOf,
  makeArrivalFixtures,
  testCertificate,
} from './arrival-fixtures.js';
import { Lanes } from './service.js';
import { ADMIN, APPLICATION, makeFixtures, NOW, SPONSOR } from './test-fixtures.js';

beforeAll(async () => {
  await makeFixtures();
  await makeArrivalFixtures();
}, 180_000);

const DEPARTURE = new Date('2021-03-10T01:00:00Z');
const ARRIVAL = new Date('2021-03-10T03:30:00Z');

forEachEngine('arrival checks racing', (engine) => {
  it('records exactly one arrival when four desks check the same pass at once', async () => {
    const database = await engine.open();
    let clock = NOW;
    const lanes = new Lanes(database.db, await arrivalNode(database.db, () => clock), () => clock);
    await lanes.recordVersion(A.lane, laneKeysOf, ADMIN);
    await lanes.registerSponsor(SPONSOR, ADMIN);
    const { id } = await lanes.submit({ ...APPLICATION, sponsor: SPONSOR.id }, ADMIN);
    const pass = await lanes.approve(id, ADMIN);
    const pcr = await testCertificate('CN', {
      sampledAt: new Date(DEPARTURE.getTime() - 30 * 3_600_000),
    });
    clock = ARRIVAL;
    const outcomes = await Promise.allSettled(
      [1, 2, 3, 4].map((i) =>
        lanes.check(
          {
            pass: pass.code,
            credentials: [pcr],
            mrz: PASS_MRZ,
            checkpoint: 'arrival',
            scheduledDeparture: DEPARTURE,
            journey: { origin: 'CN', destination: 'KR', port: 'ICN' },
            lang: 'en',
          },
          { id: `desk-${i}/token:${i}`, account: `desk-${i}` },
        ),
      ),
    );
    const done = outcomes.filter((o) => o.status === 'fulfilled');
    expect(done).toHaveLength(1);
    for (const o of outcomes)
      if (o.status === 'rejected') {
        expect(o.reason).toBeInstanceOf(HttpProblem);
        expect((o.reason as HttpProblem).code).toBe('LANE_PASS_ALREADY_USED');
      }
    const count = async (table: 'lane_arrivals' | 'lane_checks') =>
      (await database.db.selectFrom(table).select('application').execute()).length;
    expect(await count('lane_arrivals')).toBe(1);
    expect(await count('lane_checks')).toBe(1);
    expect((await lanes.get(id)).state).toBe('arrived');
  }, 180_000);
});
