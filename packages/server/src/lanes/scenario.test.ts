/**
 * Acceptance scenario of the fast-track lane over HTTP, on both engines (issue 13): the lane
 * versions go through the gateway, each destination's node takes applications from sponsors
 * and approves them, the entry-pass DSCs and pass revocations reach the gateway, and boarding
 * is decided offline by core's `decideCheckpoint` with the bundle fetched from the gateway.
 */

import type { Lane } from '@corridor/core/lanes';
import { CN_KR_LANE_V1, decideCheckpoint } from '@corridor/core/lanes';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { forEachEngine } from '../db/test-engines.js';
import type { CountryKeys } from '../gateway/fixtures.js';
import { countersignedLane, laneCountries, researchAmendment } from '../gateway/lane-fixtures.js';
import type { ApplicationInput } from './eligibility.js';
import {
  authorityKeys,
  GATEWAY_URL,
  pcrCertificate,
  type ScenarioNode,
  scenarioGateway,
  scenarioNode,
  td3,
} from './scenario-fixtures.js';
import { APPLICATION } from './test-fixtures.js';

const KEYS_AT = new Date('2021-01-01T00:00:00Z');
/** Applications are made on 20 February 2021 (v1 in force). */
const T0 = new Date('2021-02-20T09:00:00Z');
/** The amendment (RESEARCH on CN→KR) takes effect on 22 February. */
const T2 = new Date('2021-02-22T00:00:00Z');
/** Both flights leave on 8 March 2021 at 10:00 Seoul time (01:00 UTC). */
const DEPARTURE = new Date('2021-03-08T01:00:00Z');
const BOARDING = new Date('2021-03-08T00:20:00Z');
const hoursBefore = (h: number, from = DEPARTURE) => new Date(from.getTime() - h * 3_600_000);
const s = (iso: string) => Date.parse(iso) / 1000;

const V2: Lane = researchAmendment(s(T2.toISOString()));
/** A second lane with a plain 72-hour test window on CN→KR and one pass a day. */
const H72: Lane = {
  ...structuredClone(CN_KR_LANE_V1),
  id: 'CN-KR-72H',
  directions: CN_KR_LANE_V1.directions.map((d) =>
    d.destination === 'KR'
      ? {
          ...structuredClone(d),
          quota: { perDay: 1 },
          health: {
            destinationRules: false,
            policy: {
              allOf: [
                { credential: 'entry-pass', issuers: ['KR'] },
                { credential: 'test', testType: ['LP6464-4'], maxAgeHours: 72 },
              ],
            },
          },
        }
      : structuredClone(d),
  ),
};

/** Wang Xiao Ming (CN passport) goes to Seoul; Kim Minjun (KR passport) goes to Shanghai. */
const WANG = { fn: '王', gn: '小明', fnt: 'WANG', gnt: 'XIAO<MING', dob: '1985-07-21' };
const WANG_MRZ = td3({
  state: 'CHN',
  surname: 'WANG',
  given: 'XIAO<MING',
  number: 'EA1234567',
  nationality: 'CHN',
  birth: '850721',
  sex: 'M',
  expiry: '310101',
});
const KIM = { fn: '김', gn: '민준', fnt: 'KIM', gnt: 'MINJUN', dob: '1980-01-01' };
const KIM_MRZ = td3({
  state: 'KOR',
  surname: 'KIM',
  given: 'MINJUN',
  number: 'M12345678',
  nationality: 'KOR',
  birth: '800101',
  sex: 'M',
  expiry: '300630',
});
const KR_TO_CN: ApplicationInput = {
  lane: 'CN-KR-FAST-TRACK',
  origin: 'KR',
  category: 'TECHNICAL-SERVICE',
  region: 'CN-SH',
  port: 'PVG',
  arrivalDate: '2021-03-08',
  purpose: 'Commissioning of a display line',
  traveller: {
    primaryIdentifier: 'KIM',
    secondaryIdentifier: 'MINJUN',
    familyName: '김',
    givenName: '민준',
    dateOfBirth: '1980-01-01',
    nationality: 'KOR',
    documentNumber: 'M12345678',
    passportExpiry: '2030-06-30',
  },
  consent: true,
};

let K: Record<'CN' | 'KR' | 'JP', CountryKeys>;
const DOCS = {} as { v1: Uint8Array; v2: Uint8Array; h72: Uint8Array };
beforeAll(async () => {
  K = await laneCountries(KEYS_AT);
  DOCS.v1 = await countersignedLane(CN_KR_LANE_V1, K.CN, K.KR);
  DOCS.v2 = await countersignedLane(V2, K.KR, K.CN);
  DOCS.h72 = await countersignedLane(H72, K.CN, K.KR);
}, 180_000);

forEachEngine('fast-track lane scenario over HTTP', (engine) => {
  let clock = T0;
  const now = () => clock;
  let G: Awaited<ReturnType<typeof scenarioGateway>>;
  let kr: ScenarioNode;
  let cn: ScenarioNode;
  const dbs = {} as Record<'gateway' | 'cn' | 'kr', Database>;
  /** Pass texts and application ids by traveller. */
  const P = {} as Record<string, { application: string; code: string; passId: string }>;

  const status = async (res: Response) => {
    const body = (await res.json()) as { title?: string; state?: string };
    return [res.status, body.title ?? body.state] as const;
  };
  /** Submit through the node's API and approve as its authority; the pass text comes back. */
  const applyAndApprove = async (node: ScenarioNode, input: ApplicationInput) => {
    const submitted = await node.call('POST', '/lanes/applications', node.tokens.sponsor, input);
    if (submitted.status !== 201) throw new Error(`submission: ${await submitted.text()}`);
    const { id } = (await submitted.json()) as { id: string };
    const approved = await node.call(
      'POST',
      `/lanes/applications/${id}/approve`,
      node.tokens.authority,
    );
    expect(approved.status).toBe(201);
    const pass = (await approved.json()) as { passId: string; code: string };
    expect(pass.code).toMatch(/^CP1:/);
    return { application: id, code: pass.code, passId: pass.passId };
  };
  const board = async (
    pass: string,
    credentials: string[],
    mrz: string,
    journey: { origin: string; destination: string },
    departure = DEPARTURE,
    at = BOARDING,
  ) => {
    clock = at;
    return decideCheckpoint({
      pass,
      credentials,
      mrz,
      trust: await G.bundle(),
      checkpoint: 'boarding',
      scheduledDeparture: departure,
      at,
      journey,
    });
  };
  const codes = (d: { reasons: { code: string }[] }) => d.reasons.map((r) => r.code);

  beforeAll(async () => {
    clock = T0;
    dbs.gateway = await engine.open();
    dbs.cn = await engine.open();
    dbs.kr = await engine.open();
    G = await scenarioGateway(dbs.gateway, { CN: K.CN, KR: K.KR }, now);
    // Lane administrators record the versions at the gateway (either party may submit).
    for (const [doc, by] of [
      [DOCS.v1, K.KR],
      [DOCS.v2, K.CN],
      [DOCS.h72, K.KR],
    ] as const) {
      const res = await G.signed('/lanes/versions', by, 'lane.version', { document: doc });
      expect(res.status).toBe(200);
    }
    const common = {
      clock: now,
      keysAt: KEYS_AT,
      trustedAuthorities: authorityKeys({ CN: K.CN, KR: K.KR }),
      fetch: G.fetch,
    };
    kr = await scenarioNode(dbs.kr, K.KR, {
      ...common,
      versions: [DOCS.v1, DOCS.v2, DOCS.h72],
      sponsor: { id: 'SP-0007', name: 'Hanbit Semiconductor Co.', country: 'KR' },
      trust: G.bundle,
      arrivalSite: { port: 'ICN', lab: 'kr-lab-icn' },
    });
    cn = await scenarioNode(dbs.cn, K.CN, {
      ...common,
      versions: [DOCS.v1, DOCS.v2],
      sponsor: { id: 'SP-CN-0001', name: 'Shanghai Display Works', country: 'CN' },
      trust: G.bundle,
      arrivalSite: { port: 'PVG', lab: 'cn-lab-pvg' },
    });
  }, 180_000);

  it('takes applications in both directions, refuses each ineligible one, and approves', async () => {
    P.wang = await applyAndApprove(kr, APPLICATION);
    P.kim = await applyAndApprove(cn, KR_TO_CN);
    P.h72 = await applyAndApprove(kr, { ...APPLICATION, lane: 'CN-KR-72H' });
    P.revoked = await applyAndApprove(kr, {
      ...APPLICATION,
      traveller: { ...APPLICATION.traveller, documentNumber: 'EA7654321' },
    });

    // Every eligibility rule refuses with its own code, and nothing is stored.
    const count = async () =>
      (
        (await (await kr.call('GET', '/lanes/applications', kr.tokens.authority)).json()) as {
          applications: unknown[];
        }
      ).applications.length;
    const before = await count();
    const refusals: [Partial<ApplicationInput>, number, string][] = [
      [{ consent: false }, 422, 'CONSENT_MISSING'],
      [{ origin: 'JP' }, 422, 'LANE_DIRECTION_NOT_SERVED'],
      [{ category: 'TOURISM' }, 422, 'LANE_CATEGORY_NOT_ELIGIBLE'],
      [{ visaClass: 'E-9' }, 422, 'LANE_VISA_CLASS_NOT_ACCEPTED'],
      [{ region: 'KR-49' }, 422, 'LANE_REGION_NOT_SERVED'],
      [{ port: 'CJU' }, 422, 'LANE_PORT_NOT_SERVED'],
      [{ arrivalDate: '2021-03-01' }, 422, 'LANE_LEAD_TIME_TOO_SHORT'],
      [
        { traveller: { ...APPLICATION.traveller, passportExpiry: '2021-03-10' } },
        422,
        'LANE_ENTRY_WINDOW_OUTSIDE',
      ],
      [{ lane: 'CN-KR-72H' }, 409, 'LANE_QUOTA_EXHAUSTED'],
      // Before the amendment takes effect, RESEARCH is not a category.
      [{ category: 'RESEARCH' }, 422, 'LANE_CATEGORY_NOT_ELIGIBLE'],
      [{ lane: 'JP-KR-FAST-TRACK' }, 422, 'LANE_NOT_IN_FORCE'],
    ];
    for (const [change, code, title] of refusals) {
      const res = await kr.call('POST', '/lanes/applications', kr.tokens.sponsor, {
        ...APPLICATION,
        ...change,
      });
      expect([title, await status(res)]).toEqual([title, [code, title]]);
    }
    expect(await count()).toBe(before);

    // Withdrawn by its sponsor, it can no longer be approved.
    const submitted = await kr.call('POST', '/lanes/applications', kr.tokens.sponsor, APPLICATION);
    const { id } = (await submitted.json()) as { id: string };
    expect(
      await status(
        await kr.call('POST', `/lanes/applications/${id}/withdraw`, kr.tokens.sponsor, {
          reason: 'trip cancelled',
        }),
      ),
    ).toEqual([200, 'withdrawn']);
    expect(
      await status(await kr.call('POST', `/lanes/applications/${id}/approve`, kr.tokens.authority)),
    ).toEqual([409, 'APPLICATION_STATE_CONFLICT']);
  });

  it('widens the categories from the amendment’s effective time', async () => {
    clock = new Date(T2.getTime() + 3_600_000);
    P.research = await applyAndApprove(kr, {
      ...APPLICATION,
      category: 'RESEARCH',
      arrivalDate: '2021-03-09',
    });
    const app = await kr.call(
      'GET',
      `/lanes/applications/${P.research.application}`,
      kr.tokens.sponsor,
    );
    expect(((await app.json()) as { lane: unknown }).lane).toEqual({
      id: 'CN-KR-FAST-TRACK',
      version: 2,
    });
  });

  it('revokes a pass and pushes its hashes to the gateway with the entry-pass DSC', async () => {
    clock = new Date('2021-03-01T09:00:00Z');
    const revoked = await kr.call(
      'POST',
      `/lanes/passes/${P.revoked!.passId}/revoke`,
      kr.tokens.authority,
      { reason: 'sponsor reported the trip as fraudulent' },
    );
    expect(revoked.status).toBe(200);
    const link = { gatewayUrl: GATEWAY_URL, uploadSigner: K.KR.uploadSigner, fetch: G.fetch };
    expect(await kr.lanes.push(link)).toEqual({ batches: 3, hashes: 3 });
    expect(await kr.lanes.push(link)).toEqual({ batches: 0, hashes: 0 });
    const queue = await dbs.kr.db
      .selectFrom('lane_pass_revocation_queue')
      .select(['pushed_at', 'gateway_version'])
      .execute();
    expect(queue.every((q) => q.pushed_at !== null && q.gateway_version !== null)).toBe(true);
    const listed = (await (await G.app.request('/revocations?country=KR')).json()) as {
      entries: { hashType: string }[];
    };
    expect(listed.entries.map((e) => e.hashType).sort()).toEqual([
      'COUNTRYCODEUCI',
      'SIGNATURE',
      'UCI',
    ]);
  });

  it('CN→KR boarding: admitted; Korea’s calendar-day rule counts a 73-hour-old test', async () => {
    const test73 = await pcrCertificate(K.CN, WANG, hoursBefore(73));
    const d = await board(P.wang!.code, [test73], WANG_MRZ, { origin: 'CN', destination: 'KR' });
    expect(codes(d)).toEqual(['LANE_ADMIT']);
    expect(d.decision).toBe('admit');
    // The amendment is in force at boarding; the pass names version 1, still in the bundle.
    expect(d.lane).toEqual({ id: 'CN-KR-FAST-TRACK', version: 2 });
    // Sampled at 23:30 Seoul time on 4 March: four calendar days before the flight.
    const older = await pcrCertificate(K.CN, WANG, new Date('2021-03-04T14:30:00Z'));
    const late = await board(P.wang!.code, [older], WANG_MRZ, { origin: 'CN', destination: 'KR' });
    expect(late.decision).toBe('refuse');
    expect(codes(late)).toContain('POLICY_NOT_SATISFIED');
  });

  it('a pass whose passport binding does not match the presented MRZ is refused', async () => {
    const test = await pcrCertificate(K.CN, WANG, hoursBefore(30));
    const other = td3({
      state: 'CHN',
      surname: 'WANG',
      given: 'XIAO<MING',
      number: 'EA1234568',
      nationality: 'CHN',
      birth: '850721',
      sex: 'M',
      expiry: '310101',
    });
    const d = await board(P.wang!.code, [test], other, { origin: 'CN', destination: 'KR' });
    expect(d.decision).toBe('refuse');
    expect(codes(d)).toContain('PASS_BINDING_MISMATCH');
  });

  it('KR→CN boarding: admitted by the CN pass with a KR test inside 48 hours', async () => {
    const test = await pcrCertificate(K.KR, KIM, hoursBefore(30));
    const d = await board(P.kim!.code, [test], KIM_MRZ, { origin: 'KR', destination: 'CN' });
    expect(codes(d)).toEqual(['LANE_ADMIT']);
    expect(d.lane).toEqual({ id: 'CN-KR-FAST-TRACK', version: 2 });
    const stale = await pcrCertificate(K.KR, KIM, hoursBefore(49));
    const late = await board(P.kim!.code, [stale], KIM_MRZ, { origin: 'KR', destination: 'CN' });
    expect(late.decision).toBe('refuse');
  });

  it('under a 72-hour lane a 73-hours-old test is refused and a 71-hours-old one admitted', async () => {
    const journey = { origin: 'CN', destination: 'KR' };
    const d73 = await board(
      P.h72!.code,
      [await pcrCertificate(K.CN, WANG, hoursBefore(73))],
      WANG_MRZ,
      journey,
    );
    expect(d73.decision).toBe('refuse');
    expect(codes(d73)).toContain('POLICY_NOT_SATISFIED');
    const d71 = await board(
      P.h72!.code,
      [await pcrCertificate(K.CN, WANG, hoursBefore(71))],
      WANG_MRZ,
      journey,
    );
    expect(codes(d71)).toEqual(['LANE_ADMIT']);
  });

  it('a revoked pass is refused offline from the bundle', async () => {
    const mrz = td3({
      state: 'CHN',
      surname: 'WANG',
      given: 'XIAO<MING',
      number: 'EA7654321',
      nationality: 'CHN',
      birth: '850721',
      sex: 'M',
      expiry: '310101',
    });
    const test = await pcrCertificate(K.CN, WANG, hoursBefore(30));
    const d = await board(P.revoked!.code, [test], mrz, { origin: 'CN', destination: 'KR' });
    expect(d.decision).toBe('refuse');
    expect(codes(d)).toContain('PASS_REVOKED');
  });

  it('a RESEARCH pass of the amendment boards the next day', async () => {
    const departure = new Date('2021-03-09T01:00:00Z');
    const test = await pcrCertificate(K.CN, WANG, hoursBefore(30, departure));
    const d = await board(
      P.research!.code,
      [test],
      WANG_MRZ,
      { origin: 'CN', destination: 'KR' },
      departure,
      new Date('2021-03-09T00:20:00Z'),
    );
    expect(codes(d)).toEqual(['LANE_ADMIT']);
  });

  it('runs application → pass → boarding → arrival → hold → lab result → released, CN→KR and KR→CN', async () => {
    const departure = new Date('2021-03-09T01:00:00Z');
    const trips = [
      {
        node: kr,
        input: { ...APPLICATION, arrivalDate: '2021-03-09' },
        holder: WANG,
        mrz: WANG_MRZ,
        tester: { before: K.CN, after: K.KR },
        journey: { origin: 'CN', destination: 'KR', port: 'ICN' },
        lab: 'kr-lab-icn',
        holdHours: 24,
        arrivedAt: new Date('2021-03-09T03:30:00Z'),
      },
      {
        node: cn,
        input: { ...KR_TO_CN, arrivalDate: '2021-03-09' },
        holder: KIM,
        mrz: KIM_MRZ,
        tester: { before: K.KR, after: K.CN },
        journey: { origin: 'KR', destination: 'CN', port: 'PVG' },
        lab: 'cn-lab-pvg',
        holdHours: 48,
        arrivedAt: new Date('2021-03-09T03:10:00Z'),
      },
    ];
    for (const t of trips) {
      const { node } = t;
      clock = new Date(T2.getTime() + 3_600_000);
      const p = await applyAndApprove(node, t.input);
      const test = await pcrCertificate(t.tester.before, t.holder, hoursBefore(30, departure));
      const check = async (checkpoint: 'boarding' | 'arrival', at: Date) => {
        clock = at;
        const res = await node.call('POST', '/lanes/checks', node.tokens.desk, {
          checkpoint,
          pass: p.code,
          credentials: [test],
          mrz: t.mrz,
          scheduledDeparture: departure.toISOString(),
          journey: t.journey,
        });
        expect([t.journey.destination, res.status]).toEqual([t.journey.destination, 200]);
        return (await res.json()) as {
          decision: string;
          reasons: { code: string }[];
          arrivalProtocol: { holdHours: number } | null;
          arrival: { state: string; lab: string; port: string; holdUntil: string } | null;
        };
      };
      const boarding = await check('boarding', new Date('2021-03-09T00:20:00Z'));
      expect([boarding.decision, codes(boarding)]).toEqual(['admit', ['LANE_ADMIT']]);
      const arrival = await check('arrival', t.arrivedAt);
      expect(arrival).toMatchObject({
        decision: 'admit',
        arrivalProtocol: { holdHours: t.holdHours },
        arrival: {
          state: 'awaiting-sample',
          lab: t.lab,
          port: t.journey.port,
          holdUntil: new Date(t.arrivedAt.getTime() + t.holdHours * 3_600_000).toISOString(),
        },
      });
      clock = new Date(t.arrivedAt.getTime() + 3_600_000);
      const sampled = await node.call(
        'POST',
        `/lanes/arrivals/${p.application}/sample`,
        node.tokens.lab,
      );
      expect(await status(sampled)).toEqual([200, 'awaiting-result']);
      // The destination's laboratory reports a negative PCR as an HC1 test certificate.
      clock = new Date(t.arrivedAt.getTime() + 10 * 3_600_000);
      const result = await pcrCertificate(t.tester.after, t.holder, clock);
      const released = await node.call(
        'POST',
        `/lanes/arrivals/${p.application}/result`,
        node.tokens.lab,
        { certificate: result },
      );
      expect(released.status).toBe(200);
      expect(await released.json()).toMatchObject({
        state: 'released',
        result: 'negative',
        resultSource: 'hc1',
        monitoring: { reportToken: expect.any(String) },
      });
      const app = await node.call(
        'GET',
        `/lanes/applications/${p.application}`,
        node.tokens.authority,
      );
      expect(await status(app)).toEqual([200, 'released']);
    }
  });

  it('passes past their entry window expire (job with the injected clock) and are refused', async () => {
    clock = new Date('2021-03-16T01:00:00Z');
    const job = await kr.lanes.expire();
    // Wang's, the 72-hour lane's and the RESEARCH pass; the revoked one stays revoked.
    expect(job).toEqual({ expired: 3 });
    expect(await kr.lanes.expire()).toEqual({ expired: 0 });
    const state = async (id: string) =>
      (
        (await (await kr.call('GET', `/lanes/applications/${id}`, kr.tokens.authority)).json()) as {
          state: string;
        }
      ).state;
    expect(await state(P.wang!.application)).toBe('expired');
    expect(await state(P.revoked!.application)).toBe('revoked');
    const audit = await dbs.kr.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'lane.application.expired')
      .execute();
    expect(audit).toHaveLength(3);
    const test = await pcrCertificate(K.CN, WANG, hoursBefore(30, clock));
    const d = await board(
      P.wang!.code,
      [test],
      WANG_MRZ,
      { origin: 'CN', destination: 'KR' },
      new Date(clock.getTime() + 3_600_000),
      clock,
    );
    expect(d.decision).toBe('refuse');
    expect(codes(d)).toContain('PASS_EXPIRED');
  });
});
