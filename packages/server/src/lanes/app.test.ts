import { verifyEntryPass } from '@corridor/core/pass';
import { beforeAll, expect, it } from 'vitest';
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

  it('runs register → submit → queue → approve → pass over HTTP, each with its role', async () => {
    expect((await call('POST', '/lanes/sponsors', tokens.sponsor, SPONSOR)).status).toBe(403);
    const registered = await call('POST', '/lanes/sponsors', tokens.authority, SPONSOR);
    expect(registered.status).toBe(201);
    await call('POST', '/lanes/sponsors', tokens.authority, {
      id: 'SP-0099',
      name: 'Other Co.',
      country: 'KR',
    });

    expect(await titled(await call('POST', '/lanes/applications', undefined, APPLICATION))).toEqual(
      [401, 'TOKEN_MISSING'],
    );
    expect((await call('POST', '/lanes/applications', tokens.issuer, APPLICATION)).status).toBe(
      403,
    );
    const submitted = await call('POST', '/lanes/applications', tokens.sponsor, APPLICATION);
    expect(submitted.status).toBe(201);
    const app1 = (await submitted.json()) as { id: string; state: string; sponsor: string };
    expect(app1).toMatchObject({ state: 'submitted', sponsor: SPONSOR.id });
    expect(JSON.stringify(app1)).not.toContain('EA1234567');

    // Another sponsor cannot see it; the authority's queue has it.
    expect((await call('GET', `/lanes/applications/${app1.id}`, tokens.other)).status).toBe(404);
    const queue = await call('GET', '/lanes/applications?state=submitted', tokens.authority);
    expect(((await queue.json()) as { applications: { id: string }[] }).applications).toEqual([
      expect.objectContaining({ id: app1.id }),
    ]);
    const own = await call('GET', '/lanes/applications', tokens.other);
    expect(((await own.json()) as { applications: unknown[] }).applications).toEqual([]);

    expect(
      (await call('POST', `/lanes/applications/${app1.id}/approve`, tokens.sponsor)).status,
    ).toBe(403);
    const approved = await call('POST', `/lanes/applications/${app1.id}/approve`, tokens.authority);
    expect(approved.status).toBe(201);
    const pass = (await approved.json()) as { passId: string; code: string };
    const fetched = await call('GET', `/lanes/passes/${pass.passId}`, tokens.sponsor);
    expect(((await fetched.json()) as { code: string }).code).toBe(pass.code);
    expect((await call('GET', `/lanes/passes/${pass.passId}`, tokens.other)).status).toBe(404);
    const report = await verifyEntryPass(pass.code, {
      trust: F.trust,
      at: new Date('2021-03-09T00:00:00Z'),
    });
    expect(report.status).toBe('valid');

    const revoked = await call('POST', `/lanes/passes/${pass.passId}/revoke`, tokens.authority, {
      reason: 'Positive arrival test',
    });
    expect(revoked.status).toBe(200);
    expect(
      await titled(
        await call('POST', `/lanes/passes/${pass.passId}/revoke`, tokens.authority, {
          reason: 'again',
        }),
      ),
    ).toEqual([409, 'PASS_ALREADY_REVOKED']);
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
