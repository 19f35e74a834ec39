import type { Lane } from '@corridor/core/lanes';
import {
  CN_KR_LANE_V1,
  countersignLane,
  type LaneSignals,
  NO_SIGNALS,
  readOverride,
  signLane,
  signOverride,
} from '@corridor/core/lanes';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { forEachEngine } from '../db/test-engines.js';
import { HttpProblem } from '../http/problem.js';
import { announceBreakerTransitions } from './breaker-events.js';
import {
  approveApplication,
  approveApplications,
  createLanesNode,
  getApplication,
  type LanesNode,
  recordLaneVersion,
  registerSponsor,
  submitApplication,
} from './index.js';
import {
  ADMIN,
  APPLICATION,
  AUTHORITY,
  F,
  keysOf,
  makeFixtures,
  NOW,
  SPONSOR,
  SPONSOR_ACTOR,
} from './test-fixtures.js';

const LANE_ID = 'CN-KR-BREAKER-TEST';
/** Singapore's VTL freeze as a manual breaker of Korea: new passes stop, issued ones stand. */
const V1: Lane = {
  ...structuredClone(CN_KR_LANE_V1),
  id: LANE_ID,
  directions: CN_KR_LANE_V1.directions.map((d) =>
    d.destination === 'KR' ? { ...d, quota: { perDay: 3 } } : d,
  ),
  breakers: [
    {
      id: 'freeze',
      side: 'KR',
      leadTime: { hours: 0 },
      suspension: { days: 30 },
      scope: 'suspend-new-passes',
      grandfathering: { policy: 'honour-issued-before-announcement' },
    },
  ],
};
/** The 50 % cap: an amendment with a smaller quota, in force from an hour before NOW. */
const V2: Lane = {
  ...structuredClone(V1),
  version: 2,
  supersedes: 1,
  effectiveFrom: NOW.getTime() / 1000 - 3600,
  directions: V1.directions.map((d) =>
    d.destination === 'KR' ? { ...d, quota: { perDay: 1 } } : d,
  ),
};
const t = (hoursBeforeNow: number) => NOW.getTime() / 1000 - hoursBeforeNow * 3600;

async function countersigned(lane: Lane): Promise<Uint8Array> {
  const one = await signLane(lane, F.cn.signer);
  if (!one.ok) throw new Error(one.code);
  const both = await countersignLane(one.value, F.kr.signer);
  if (!both.ok) throw new Error(both.code);
  return both.value;
}

async function override(id: string, action: 'trigger' | 'end', at: number) {
  const bytes = await signOverride(
    {
      id,
      lane: LANE_ID,
      breaker: 'freeze',
      country: 'KR',
      at,
      action,
      reason: { en: action === 'trigger' ? 'Omicron: freeze new sales' : 'Freeze lifted' },
    },
    F.kr.signer,
  );
  const read = await readOverride(bytes, keysOf);
  if (!read.ok) throw new Error(read.code);
  return read.value;
}

async function problem(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    if (error instanceof HttpProblem) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

beforeAll(makeFixtures);

forEachEngine('lane breakers on the approving node', (engine) => {
  let database: Database;
  let node: LanesNode;
  let signals: LaneSignals = NO_SIGNALS;
  const submit = (documentNumber: string) =>
    submitApplication(
      database.db,
      node,
      {
        ...APPLICATION,
        lane: LANE_ID,
        traveller: { ...APPLICATION.traveller, documentNumber },
        sponsor: SPONSOR.id,
      },
      { actor: SPONSOR_ACTOR, now: NOW },
    );
  const approve = (id: string) =>
    approveApplication(database.db, node, id, { actor: ADMIN, now: NOW });

  beforeAll(async () => {
    database = await engine.open();
    node = await createLanesNode({
      country: 'KR',
      authority: AUTHORITY,
      dscs: [{ label: 'pass-1', certificate: F.dsc.der, privateKey: F.dsc.keys.privateKey }],
      breakerSignals: () => signals,
    });
    await recordLaneVersion(database.db, await countersigned(V1), {
      authorityKeys: keysOf,
      actor: ADMIN,
      now: NOW,
    });
    // A lane without breakers, for an approval grouped with one of the frozen lane.
    await recordLaneVersion(database.db, F.v1, { authorityKeys: keysOf, actor: ADMIN, now: NOW });
    await registerSponsor(database.db, SPONSOR, { actor: ADMIN, now: NOW });
  });

  it('refuses new applications and new passes while the freeze is in force, and changes nothing', async () => {
    const first = await submit('EA1000001');
    const issued = await approve(first.id);
    const waiting = await submit('EA1000002');
    signals = { indicators: [], overrides: [await override('kr-freeze', 'trigger', t(2))] };
    expect(await problem(submit('EA1000003'))).toBe('LANE_BREAKER_IN_FORCE');
    expect(await problem(approve(waiting.id))).toBe('LANE_BREAKER_IN_FORCE');
    expect((await getApplication(database.db, waiting.id)).state).toBe('submitted');
    // Grouped with an approval of another lane, the frozen lane's approval fails alone.
    const other = await submitApplication(
      database.db,
      node,
      {
        ...APPLICATION,
        traveller: { ...APPLICATION.traveller, documentNumber: 'EA1000009' },
        sponsor: SPONSOR.id,
      },
      { actor: SPONSOR_ACTOR, now: NOW },
    );
    const group = await approveApplications(
      database.db,
      node,
      [
        { id: waiting.id, actor: ADMIN },
        { id: other.id, actor: ADMIN },
      ],
      NOW,
    );
    expect(group.map((o) => (o.ok ? 'pass' : o.problem?.code))).toEqual([
      'LANE_BREAKER_IN_FORCE',
      'pass',
    ]);
    expect((await getApplication(database.db, other.id)).state).toBe('pass-issued');
    expect((await getApplication(database.db, waiting.id)).state).toBe('submitted');
    // The pass issued before the freeze is untouched.
    expect((await getApplication(database.db, first.id)).state).toBe('pass-issued');
    expect(issued.passId).toBeTruthy();
    const counters = await database.db
      .selectFrom('lane_quota_counters')
      .select((eb) => eb.fn.sum<number>('used').as('used'))
      .where('lane_id', '=', LANE_ID)
      .where('kind', '=', 'direction')
      .executeTakeFirst();
    expect(Number(counters?.used)).toBe(1);
  });

  it('approves again once an administrator ends the freeze (signed, with a reason)', async () => {
    signals = {
      indicators: [],
      overrides: [...signals.overrides, await override('kr-freeze-end', 'end', t(1))],
    };
    const waiting = (await submit('EA1000004')).id;
    await approve(waiting);
    expect((await getApplication(database.db, waiting)).state).toBe('pass-issued');
  });

  it('announces each breaker transition once as a lane event, however often and by whichever process it runs', async () => {
    const first = await announceBreakerTransitions(database.db, node, NOW);
    const again = await announceBreakerTransitions(database.db, node, NOW);
    expect(again).toEqual({ breakerEvents: 0 });
    const events = await database.db
      .selectFrom('lane_outbox')
      .select(['id', 'type', 'subject', 'occurred_at', 'data'])
      .where('type', 'like', 'breaker.%')
      .orderBy('seq')
      .execute();
    expect(events).toHaveLength(first.breakerEvents);
    // The freeze triggered two hours ago and ended an hour ago, both by signed override.
    expect(events.map((e) => e.type)).toContain('breaker.applied');
    expect(events.at(-1)).toMatchObject({
      type: 'breaker.ended',
      subject: `${LANE_ID}/freeze`,
      data: { lane: LANE_ID, breaker: 'freeze', to: 'closed', override: true },
    });
    expect(new Date(events.at(-1)!.occurred_at).getTime()).toBe(t(1) * 1000);
    // A transition after the instant is not announced before it happens.
    const earlier = await database.db
      .selectFrom('lane_outbox')
      .select('id')
      .where('type', '=', 'breaker.ended')
      .execute();
    expect(earlier).toHaveLength(1);
  });

  it('applies a quota cut by amendment to new passes only', async () => {
    await recordLaneVersion(database.db, await countersigned(V2), {
      authorityKeys: keysOf,
      actor: ADMIN,
      now: NOW,
    });
    // Two passes were issued for that day under version 1; version 2 allows one a day.
    expect(await problem(submit('EA1000005'))).toBe('LANE_QUOTA_EXHAUSTED');
    const issued = await database.db
      .selectFrom('lane_applications')
      .select('state')
      .where('lane_id', '=', LANE_ID)
      .where('state', '=', 'pass-issued')
      .execute();
    expect(issued).toHaveLength(2);
  });
});
