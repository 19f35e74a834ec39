import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { PASS_MRZ } from '../../../core/test-support/entry-pass.js';
import type { Database } from '../db/database.js';
import { forEachEngine } from '../db/test-engines.js';
import { createToken } from '../issuance/accounts.js';
import { lanesApp } from './app.js';
import {
  A,
  ARRIVAL_CONFIG,
  arrivalNode,
  laneKeysOf,
  makeArrivalFixtures,
  testCertificate,
} from './arrival-fixtures.js';
import { createLanesNode } from './config.js';
import { Lanes } from './service.js';
import { ADMIN, APPLICATION, makeFixtures, NOW, SPONSOR } from './test-fixtures.js';

beforeAll(async () => {
  await makeFixtures();
  await makeArrivalFixtures();
}, 180_000);

const HOUR = 3_600_000;
/** Seoul 10:00 on 10 March 2021: the flight's scheduled departure from Beijing. */
const DEPARTURE = new Date('2021-03-10T01:00:00Z');
const BOARDING = new Date('2021-03-10T00:00:00Z');
const ARRIVAL = new Date('2021-03-10T03:30:00Z');
const later = (t: Date, hours: number) => new Date(t.getTime() + hours * HOUR);
const JOURNEY = { origin: 'CN', destination: 'KR', port: 'ICN' };

interface CheckAnswer {
  id: number;
  decision: string;
  lang: string;
  reasons: { code: string; message: string }[];
  passId: string | null;
  arrivalProtocol: { holdHours: number } | null;
  arrival: { state: string; lab: string; facility: string; holdUntil: string } | null;
}

forEachEngine('lane checkpoints and arrivals over HTTP', (engine) => {
  let database: Database;
  let lanes: Lanes;
  let app: ReturnType<typeof lanesApp>;
  let clock = NOW;
  const tokens = {} as Record<
    'authority' | 'sponsor' | 'desk' | 'lab' | 'otherLab' | 'issuer',
    string
  >;
  let pcr = '';

  beforeAll(async () => {
    database = await engine.open();
    const node = await arrivalNode(database.db, () => clock);
    lanes = new Lanes(database.db, node, () => clock);
    await lanes.recordVersion(A.lane, laneKeysOf, ADMIN);
    await lanes.registerSponsor(SPONSOR, ADMIN);
    app = lanesApp(lanes);
    const roles = {
      authority: ['kr-mofa', 'authority', 'lane.decide'],
      sponsor: [SPONSOR.id, 'sponsor', 'lane.apply'],
      desk: ['icn-desk-7', 'checkpoint', 'lane.check'],
      lab: ['lab-icn', 'laboratory', 'lane.lab'],
      otherLab: ['lab-pus', 'laboratory', 'lane.lab'],
      issuer: ['clinic', 'issuer', 'issue'],
    } as const;
    for (const [key, [account, role, scope]] of Object.entries(roles))
      tokens[key as keyof typeof tokens] = (
        await createToken(
          database.db,
          { account, role, scopes: [scope] },
          { actor: ADMIN, now: NOW },
        )
      ).token;
    pcr = await testCertificate('CN', { sampledAt: later(DEPARTURE, -30) });
  });

  const call = (
    method: string,
    path: string,
    token: string | undefined,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    app.request(path, {
      method,
      headers: {
        ...headers,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  const titled = async (response: Response) =>
    [response.status, ((await response.json()) as { title?: string }).title] as const;

  /** An approved application with its pass, arriving on `arrivalDate`. */
  const approved = async (arrivalDate: string) => {
    clock = NOW;
    const submitted = await call('POST', '/lanes/applications', tokens.sponsor, {
      ...APPLICATION,
      arrivalDate,
    });
    expect(submitted.status).toBe(201);
    const { id } = (await submitted.json()) as { id: string };
    const pass = await call('POST', `/lanes/applications/${id}/approve`, tokens.authority);
    expect(pass.status).toBe(201);
    return { id, ...((await pass.json()) as { passId: string; code: string }) };
  };
  const check = async (
    checkpoint: 'boarding' | 'arrival',
    pass: string,
    at: Date,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) => {
    clock = at;
    return call(
      'POST',
      '/lanes/checks',
      tokens.desk,
      {
        checkpoint,
        pass,
        credentials: [pcr],
        mrz: PASS_MRZ,
        scheduledDeparture: DEPARTURE.toISOString(),
        journey: JOURNEY,
        ...extra,
      },
      headers,
    );
  };
  const stateOf = async (id: string) =>
    (
      (await (await call('GET', `/lanes/applications/${id}`, tokens.authority)).json()) as {
        state: string;
      }
    ).state;
  const auditActions = async (subject: string) =>
    (
      await database.db
        .selectFrom('audit_log')
        .select('action')
        .where('subject', '=', subject)
        .orderBy('seq')
        .execute()
    ).map((r) => r.action);

  it('runs application → pass → boarding (admit) → arrival → hold → negative HC1 result → released', async () => {
    const p = await approved('2021-03-08');

    const boarding = await check('boarding', p.code, BOARDING, {}, { 'accept-language': 'ko' });
    expect(boarding.status).toBe(200);
    expect(boarding.headers.get('content-language')).toBe('ko');
    const b = (await boarding.json()) as CheckAnswer;
    expect(b).toMatchObject({ decision: 'admit', lang: 'ko', passId: p.passId, arrival: null });
    expect(b.reasons.map((r) => r.code)).toEqual(['LANE_ADMIT']);
    expect(b.reasons[0]!.message).toMatch(/탑승/);
    expect(await stateOf(p.id)).toBe('pass-issued');

    const arrival = await check('arrival', p.code, ARRIVAL, { lang: 'zh' });
    const a = (await arrival.json()) as CheckAnswer;
    expect(arrival.status).toBe(200);
    expect(a).toMatchObject({
      decision: 'admit',
      lang: 'zh',
      arrivalProtocol: { test: true, testType: 'LP6464-4', holdHours: 24, monitoringDays: 14 },
      arrival: {
        application: p.id,
        state: 'awaiting-sample',
        lab: 'lab-icn',
        facility: ARRIVAL_CONFIG.sites.ICN!.facility,
        port: 'ICN',
        holdUntil: later(ARRIVAL, 24).toISOString(),
      },
    });
    expect(a.reasons[0]!.message).toMatch(/入境/);
    expect(await stateOf(p.id)).toBe('arrived');
    // The same pass cannot arrive twice; nothing is recorded for the second try.
    expect(await titled(await check('arrival', p.code, later(ARRIVAL, 1)))).toEqual([
      409,
      'LANE_PASS_ALREADY_USED',
    ]);

    // The lab's worklist: its own orders only.
    clock = later(ARRIVAL, 1);
    const list = await call('GET', '/lanes/arrivals?state=awaiting-sample', tokens.lab);
    expect(((await list.json()) as { arrivals: { application: string }[] }).arrivals).toEqual([
      expect.objectContaining({ application: p.id }),
    ]);
    const other = await call('GET', '/lanes/arrivals', tokens.otherLab);
    expect(((await other.json()) as { arrivals: unknown[] }).arrivals).toEqual([]);
    expect(
      await titled(await call('POST', `/lanes/arrivals/${p.id}/sample`, tokens.otherLab)),
    ).toEqual([404, 'ARRIVAL_NOT_FOUND']);

    const sampled = await call('POST', `/lanes/arrivals/${p.id}/sample`, tokens.lab);
    expect(((await sampled.json()) as { state: string }).state).toBe('awaiting-result');
    expect(await titled(await call('POST', `/lanes/arrivals/${p.id}/sample`, tokens.lab))).toEqual([
      409,
      'ARRIVAL_STATE_CONFLICT',
    ]);

    clock = later(ARRIVAL, 10);
    const result = await testCertificate('KR', { sampledAt: later(ARRIVAL, 1) });
    const released = await call('POST', `/lanes/arrivals/${p.id}/result`, tokens.lab, {
      certificate: result,
    });
    expect(released.status).toBe(200);
    const releasedBody = (await released.json()) as { monitoring?: { reportToken: string } };
    // The release starts the closed-loop monitoring; its report token is shown once, here.
    expect(releasedBody.monitoring?.reportToken).toMatch(/^[a-z]+_[A-Za-z0-9_-]{40,}$/);
    expect(releasedBody).toMatchObject({
      state: 'released',
      result: 'negative',
      resultSource: 'hc1',
    });
    expect(await stateOf(p.id)).toBe('released');
    expect(
      await titled(
        await call('POST', `/lanes/arrivals/${p.id}/result`, tokens.lab, { result: 'negative' }),
      ),
    ).toEqual([409, 'ARRIVAL_STATE_CONFLICT']);

    // Check records: who, when, what was decided; never the MRZ, names or health data.
    const checks = await database.db
      .selectFrom('lane_checks')
      .selectAll()
      .where('pass_id', '=', p.passId)
      .orderBy('id')
      .execute();
    expect(checks.map((c) => [c.checkpoint, c.decision, c.operator.split('/')[0]])).toEqual([
      ['boarding', 'admit', 'icn-desk-7'],
      ['arrival', 'admit', 'icn-desk-7'],
    ]);
    const stored = JSON.stringify(checks);
    for (const personal of ['WANG', 'EA1234567', 'P<CHN', '1985', 'HC1:'])
      expect(stored).not.toContain(personal);
    expect(await auditActions(p.passId)).toEqual([
      'lane.check.boarding',
      'lane.check.arrival',
      'lane.monitoring.start',
    ]);
    expect(await auditActions(p.id)).toEqual([
      'lane.application.submitted',
      'lane.application.approved',
      'lane.application.pass-issued',
      'lane.application.arrived',
      'lane.arrival.sampled',
      'lane.arrival.released',
      'lane.application.released',
    ]);
  });

  it('revokes the pass and escalates on a positive result; the node then refuses the pass', async () => {
    const p = await approved('2021-03-09');
    expect(((await (await check('arrival', p.code, ARRIVAL)).json()) as CheckAnswer).decision).toBe(
      'admit',
    );
    clock = later(ARRIVAL, 20);
    const positive = await call('POST', `/lanes/arrivals/${p.id}/result`, tokens.lab, {
      result: 'positive',
    });
    expect(await positive.json()).toMatchObject({ state: 'positive', resultSource: 'lab' });
    expect(await stateOf(p.id)).toBe('revoked');
    const pass = await database.db
      .selectFrom('lane_passes')
      .select(['revoked_at', 'revocation_reason'])
      .where('id', '=', p.passId)
      .executeTakeFirstOrThrow();
    expect(pass).toEqual({ revoked_at: clock, revocation_reason: 'Positive arrival test' });
    const queued = await database.db
      .selectFrom('lane_pass_revocation_queue')
      .select('hash_type')
      .where('pass_id', '=', p.passId)
      .execute();
    expect(queued.map((q) => q.hash_type).sort()).toEqual(['COUNTRYCODEUCI', 'SIGNATURE', 'UCI']);

    const worklist = await call('GET', '/lanes/escalations', tokens.authority);
    const { escalations } = (await worklist.json()) as {
      escalations: { id: number; application: string; kind: string; region: string }[];
    };
    const escalation = escalations.find((e) => e.application === p.id);
    expect(escalation).toMatchObject({ kind: 'positive', region: 'KR-11' });
    expect((await call('GET', '/lanes/escalations', tokens.lab)).status).toBe(403);
    const ack = `/lanes/escalations/${escalation!.id}/acknowledge`;
    expect((await call('POST', ack, tokens.authority)).status).toBe(204);
    expect(await titled(await call('POST', ack, tokens.authority))).toEqual([
      409,
      'ESCALATION_ALREADY_ACKNOWLEDGED',
    ]);
    expect(await auditActions(p.id)).toEqual(
      expect.arrayContaining([
        'lane.arrival.positive',
        'lane.application.revoked',
        'lane.escalation.positive',
        'lane.escalation.acknowledged',
      ]),
    );

    // The bundle does not list the revocation yet; the node knows and refuses anyway.
    const again = (await (
      await check('boarding', p.code, later(ARRIVAL, 21), {}, { 'accept-language': 'en' })
    ).json()) as CheckAnswer;
    expect(again.decision).toBe('refuse');
    expect(again.reasons.map((r) => r.code)).toContain('PASS_REVOKED');
  });

  it('escalates a no-show and late results after the configured deadlines (clock injected)', async () => {
    const shown = await approved('2021-03-10');
    const missing = await approved('2021-03-10');
    for (const p of [shown, missing])
      expect(
        ((await (await check('arrival', p.code, ARRIVAL)).json()) as CheckAnswer).decision,
      ).toBe('admit');
    clock = later(ARRIVAL, 1);
    expect((await call('POST', `/lanes/arrivals/${shown.id}/sample`, tokens.lab)).status).toBe(200);

    const run = async (at: Date) => {
      clock = at;
      return lanes.escalateOverdue();
    };
    expect(await run(later(ARRIVAL, 5.99))).toEqual({ noShows: 0, lateResults: 0 });
    expect(await run(later(ARRIVAL, 6))).toEqual({ noShows: 1, lateResults: 0 });
    expect(await run(later(ARRIVAL, 24 + 11.99))).toEqual({ noShows: 0, lateResults: 0 });
    expect(await run(later(ARRIVAL, 24 + 12))).toEqual({ noShows: 0, lateResults: 2 });
    expect(await run(later(ARRIVAL, 48))).toEqual({ noShows: 0, lateResults: 0 });
    const kinds = await database.db
      .selectFrom('lane_escalations')
      .select(['application', 'kind', 'created_by'])
      .where('application', 'in', [shown.id, missing.id])
      .orderBy('id')
      .execute();
    // The no-show first; the two late results in the same run (in application id order).
    expect(kinds[0]).toEqual({ application: missing.id, kind: 'no-show', created_by: 'system' });
    expect(kinds.slice(1).sort((a, b) => a.application.localeCompare(b.application))).toEqual(
      [shown.id, missing.id]
        .sort()
        .map((application) => ({ application, kind: 'late-result', created_by: 'system' })),
    );
    expect(await auditActions(missing.id)).toEqual(
      expect.arrayContaining(['lane.escalation.no-show', 'lane.escalation.late-result']),
    );
    // The traveller is still held; a late result is still taken, but only a fitting one.
    clock = later(ARRIVAL, 40);
    const result = (certificate: string) =>
      call('POST', `/lanes/arrivals/${shown.id}/result`, tokens.lab, { certificate });
    expect(
      await titled(await result(await testCertificate('KR', { sampledAt: later(ARRIVAL, -2) }))),
    ).toEqual([422, 'LANE_RESULT_SAMPLE_BEFORE_ARRIVAL']);
    expect(
      await titled(
        await result(
          await testCertificate('KR', {
            sampledAt: later(ARRIVAL, 1),
            names: { fnt: 'LI', gnt: 'HUA' },
          }),
        ),
      ),
    ).toEqual([422, 'LANE_RESULT_HOLDER_MISMATCH']);
    expect(await titled(await result('HC1:NOT-A-CERTIFICATE'))).toEqual([
      422,
      'LANE_RESULT_CERTIFICATE_INVALID',
    ]);
    expect(await stateOf(shown.id)).toBe('arrived');
    const ok = await result(await testCertificate('KR', { sampledAt: later(ARRIVAL, 1) }));
    expect(((await ok.json()) as { state: string }).state).toBe('released');
  });

  it('records a refusal at boarding (a test five days old) and orders nothing', async () => {
    const p = await approved('2021-03-08');
    const old = await testCertificate('CN', { sampledAt: later(DEPARTURE, -120) });
    const refused = (await (
      await check('boarding', p.code, BOARDING, { credentials: [old] })
    ).json()) as CheckAnswer;
    expect(refused.decision).toBe('refuse');
    expect(refused.reasons.length).toBeGreaterThan(0);
    expect(refused.reasons.map((r) => r.code)).not.toContain('LANE_ADMIT');
    const row = await database.db
      .selectFrom('lane_checks')
      .select(['decision', 'application'])
      .where('id', '=', refused.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ decision: 'refuse', application: p.id });
    expect(await stateOf(p.id)).toBe('pass-issued');
  });

  it('refuses unauthenticated and wrong-role calls before reading the body', async () => {
    const huge = { pass: 'x'.repeat(100_000) };
    expect(await titled(await call('POST', '/lanes/checks', undefined, huge))).toEqual([
      401,
      'TOKEN_MISSING',
    ]);
    for (const token of [tokens.sponsor, tokens.lab, tokens.issuer, tokens.authority])
      expect(await titled(await call('POST', '/lanes/checks', token, { pass: 'x' }))).toEqual([
        403,
        'SCOPE_MISSING',
      ]);
    for (const token of [tokens.desk, tokens.sponsor, tokens.authority])
      expect(
        await titled(
          await call('POST', '/lanes/arrivals/KR-A-1/result', token, { result: 'negative' }),
        ),
      ).toEqual([403, 'SCOPE_MISSING']);
    expect((await call('GET', '/lanes/arrivals', tokens.desk)).status).toBe(403);
    expect(await titled(await call('POST', '/lanes/arrivals/KR-A-1/sample', 'cit_forged'))).toEqual(
      [401, 'TOKEN_INVALID'],
    );
  });

  it('answers 503 without a trust bundle or an arrival site, and records nothing', async () => {
    const count = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from lane_checks`.execute(database.db))
        .rows[0]!.n;
    const before = await count();
    const bare = new Lanes(
      database.db,
      await createLanesNode({
        country: 'KR',
        authority: lanes.node.config.authority,
        dscs: lanes.node.config.dscs,
      }),
      () => ARRIVAL,
    );
    const p = await approved('2021-03-08');
    const body = {
      checkpoint: 'arrival',
      pass: p.code,
      credentials: [pcr],
      mrz: PASS_MRZ,
      scheduledDeparture: DEPARTURE.toISOString(),
    };
    const request = (target: Lanes) =>
      lanesApp(target).request('/lanes/checks', {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.desk}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(await titled(await request(bare))).toEqual([503, 'LANE_TRUST_UNAVAILABLE']);
    const siteless = new Lanes(
      database.db,
      await arrivalNode(database.db, () => ARRIVAL, { arrival: false }),
      () => ARRIVAL,
    );
    expect(await titled(await request(siteless))).toEqual([503, 'LANE_ARRIVAL_SITE_MISSING']);
    expect(await count()).toBe(before);
    expect(await stateOf(p.id)).toBe('pass-issued');
  });

  it('purges the arrival’s facility and result with the application’s personal data', async () => {
    clock = new Date('2021-07-01T00:00:00Z');
    const purged = await lanes.purge();
    expect(purged.applications).toBeGreaterThan(0);
    const arrivals = await database.db.selectFrom('lane_arrivals').selectAll().execute();
    expect(arrivals.length).toBeGreaterThan(0);
    for (const a of arrivals)
      expect(a).toMatchObject({
        facility: null,
        result: null,
        result_certificate: null,
        purged_at: clock,
      });
    // The states stay for statistics and the audit trail.
    expect(arrivals.map((a) => a.state)).toContain('released');
  });
});

describe('arrival configuration', () => {
  it('defaults the deadlines to 6 and 12 hours and refuses deadlines that are not whole hours', async () => {
    const base = { country: 'KR', authority: { id: 'KR-X', name: 'X' }, dscs: [] };
    const node = await createLanesNode({ ...base, arrival: { sites: {} } });
    expect(node.arrival).toEqual({ noShowHours: 6, resultGraceHours: 12 });
    expect(node.site('ICN')).toBeUndefined();
    const any = await createLanesNode({
      ...base,
      arrival: { sites: { '*': { facility: 'F', lab: 'L' } } },
    });
    expect(any.site('PUS')).toEqual({ facility: 'F', lab: 'L' });
    expect(any.site('__proto__')).toEqual({ facility: 'F', lab: 'L' });
    for (const bad of [-1, 1.5, 721, Number.NaN])
      await expect(
        createLanesNode({ ...base, arrival: { sites: {}, noShowHours: bad } }),
      ).rejects.toThrow(/whole hours/);
    await expect(node.trust()).rejects.toMatchObject({ code: 'LANE_TRUST_UNAVAILABLE' });
  });
});
