import { verifyEntryPass } from '@corridor/core/pass';
import { beforeAll, expect, it } from 'vitest';
import { lanesClient } from '../client/index.js';
import type { Database } from '../db/database.js';
import { forEachEngine } from '../db/test-engines.js';
import { createToken } from '../issuance/accounts.js';
import { lanesApp } from './app.js';
import { Lanes } from './service.js';
import { ADMIN, APPLICATION, F, keysOf, makeFixtures, NOW, SPONSOR } from './test-fixtures.js';

beforeAll(makeFixtures);

forEachEngine('lanes HTTP API', (engine) => {
  let database: Database;
  let app: ReturnType<typeof lanesApp>;
  const tokens = {} as { sponsor: string; other: string; authority: string; issuer: string };

  beforeAll(async () => {
    database = await engine.open();
    const lanes = new Lanes(database.db, F.node, () => NOW);
    await lanes.recordVersion(F.v1, keysOf, ADMIN);
    app = lanesApp(lanes);
    const make = async (account: string, role: 'sponsor' | 'authority' | 'issuer') =>
      (
        await createToken(
          database.db,
          {
            account,
            role,
            scopes: [
              role === 'sponsor' ? 'lane.apply' : role === 'authority' ? 'lane.decide' : 'issue',
            ],
          },
          { actor: ADMIN, now: NOW },
        )
      ).token;
    tokens.authority = await make('kr-mofa-beijing', 'authority');
    tokens.sponsor = await make(SPONSOR.id, 'sponsor');
    tokens.other = await make('SP-0099', 'sponsor');
    tokens.issuer = await make('clinic', 'issuer');
  });

  const call = (method: string, path: string, token: string | undefined, body?: unknown) =>
    app.request(path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  const titled = async (response: Response) =>
    [response.status, ((await response.json()) as { title?: string }).title] as const;

  /** The typed client (`@corridor/server/client`) of one role, on the in-process app. */
  const as = (token: string | undefined) =>
    lanesClient('http://node.test', {
      fetch: (input, init) => app.request(input, init),
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it('runs register → submit → queue → approve → pass over HTTP, each with its role', async () => {
    const sponsor = as(tokens.sponsor);
    const authority = as(tokens.authority);
    const other = as(tokens.other);
    expect((await sponsor.lanes.sponsors.$post({ json: SPONSOR })).status).toBe(403);
    const registered = await authority.lanes.sponsors.$post({ json: SPONSOR });
    expect(registered.status).toBe(201);
    await authority.lanes.sponsors.$post({
      json: { id: 'SP-0099', name: 'Other Co.', country: 'KR' },
    });

    const { itinerary, ...rest } = APPLICATION;
    const json = { ...rest, ...(itinerary ? { itinerary: [...itinerary] } : {}) };
    expect(await titled(await as(undefined).lanes.applications.$post({ json }))).toEqual([
      401,
      'TOKEN_MISSING',
    ]);
    expect((await as(tokens.issuer).lanes.applications.$post({ json })).status).toBe(403);
    const submitted = await sponsor.lanes.applications.$post({ json });
    if (submitted.status !== 201) throw new Error(`submit answered ${submitted.status}`);
    const app1 = await submitted.json();
    expect(app1).toMatchObject({ state: 'submitted', sponsor: SPONSOR.id });
    expect(JSON.stringify(app1)).not.toContain('EA1234567');

    // Another sponsor cannot see it; the authority's queue has it.
    const byId = { param: { id: app1.id } };
    expect((await other.lanes.applications[':id'].$get(byId)).status).toBe(404);
    const queue = await authority.lanes.applications.$get({ query: { state: 'submitted' } });
    if (queue.status !== 200) throw new Error(`queue answered ${queue.status}`);
    expect((await queue.json()).applications).toEqual([expect.objectContaining({ id: app1.id })]);
    const own = await other.lanes.applications.$get({ query: {} });
    if (own.status !== 200) throw new Error(`list answered ${own.status}`);
    expect((await own.json()).applications).toEqual([]);

    expect((await sponsor.lanes.applications[':id'].approve.$post(byId)).status).toBe(403);
    const approved = await authority.lanes.applications[':id'].approve.$post(byId);
    if (approved.status !== 201) throw new Error(`approve answered ${approved.status}`);
    const pass = await approved.json();
    const passById = { param: { id: pass.passId } };
    const fetched = await sponsor.lanes.passes[':id'].$get(passById);
    if (fetched.status !== 200) throw new Error(`pass answered ${fetched.status}`);
    expect((await fetched.json()).code).toBe(pass.code);
    expect((await other.lanes.passes[':id'].$get(passById)).status).toBe(404);
    const report = await verifyEntryPass(pass.code, {
      trust: F.trust,
      at: new Date('2021-03-09T00:00:00Z'),
    });
    expect(report.status).toBe('valid');

    const revoke = authority.lanes.passes[':id'].revoke;
    const revoked = await revoke.$post({ ...passById, json: { reason: 'Positive arrival test' } });
    expect(revoked.status).toBe(200);
    expect(await titled(await revoke.$post({ ...passById, json: { reason: 'again' } }))).toEqual([
      409,
      'PASS_ALREADY_REVOKED',
    ]);
  });

  it('answers coded problems: eligibility, refusal, withdrawal, malformed bodies', async () => {
    expect(
      await titled(
        await call('POST', '/lanes/applications', tokens.sponsor, { ...APPLICATION, port: 'CJU' }),
      ),
    ).toEqual([422, 'LANE_PORT_NOT_SERVED']);
    expect(
      await titled(
        await call('POST', '/lanes/applications', tokens.sponsor, { ...APPLICATION, extra: 1 }),
      ),
    ).toEqual([400, 'REQUEST_INVALID']);
    const a = (await (
      await call('POST', '/lanes/applications', tokens.sponsor, APPLICATION)
    ).json()) as { id: string };
    expect(
      await titled(await call('POST', `/lanes/applications/${a.id}/withdraw`, tokens.other, {})),
    ).toEqual([404, 'APPLICATION_NOT_FOUND']);
    const refused = await call('POST', `/lanes/applications/${a.id}/refuse`, tokens.authority, {
      reasonCode: 'QUOTA_POLICY',
      reasonText: 'Not a priority sector this month.',
    });
    expect(((await refused.json()) as { state: string }).state).toBe('refused');
    expect(
      await titled(await call('POST', `/lanes/applications/${a.id}/withdraw`, tokens.sponsor, {})),
    ).toEqual([409, 'APPLICATION_STATE_CONFLICT']);
    const b = (await (
      await call('POST', '/lanes/applications', tokens.sponsor, APPLICATION)
    ).json()) as { id: string };
    const withdrawn = await call('POST', `/lanes/applications/${b.id}/withdraw`, tokens.sponsor, {
      reason: 'Trip postponed',
    });
    expect(((await withdrawn.json()) as { state: string }).state).toBe('withdrawn');
    expect((await call('GET', '/lanes/applications/..%2F..', tokens.authority)).status).toBe(400);
  });
});
