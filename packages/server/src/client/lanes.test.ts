import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { forEachEngine } from '../db/test-engines.js';
import { createToken } from '../issuance/accounts.js';
import { lanesApp } from '../lanes/app.js';
import { Lanes } from '../lanes/service.js';
import { ADMIN, F, keysOf, makeFixtures, NOW, SPONSOR } from '../lanes/test-fixtures.js';
import { type ClientOptions, type LanesClient, lanesClient } from './index.js';

beforeAll(makeFixtures);

forEachEngine('typed lanes client', (engine) => {
  let database: Database;
  let app: ReturnType<typeof lanesApp>;
  let authority: string;

  beforeAll(async () => {
    database = await engine.open();
    const lanes = new Lanes(database.db, F.node, () => NOW);
    await lanes.recordVersion(F.v1, keysOf, ADMIN);
    app = lanesApp(lanes);
    authority = (
      await createToken(
        database.db,
        { account: 'kr-mofa-beijing', role: 'authority', scopes: ['lane.decide'] },
        { actor: ADMIN, now: NOW },
      )
    ).token;
  });

  const viaApp = (headers: NonNullable<ClientOptions['headers']>) =>
    lanesClient('http://node.test', {
      fetch: (input, init) => app.request(input, init),
      headers,
    });

  it('sends the headers (a function is called on each request) and reads typed answers', async () => {
    let calls = 0;
    const client = viaApp(() => {
      calls += 1;
      return { authorization: `Bearer ${authority}` };
    });
    const registered = await client.lanes.sponsors.$post({ json: SPONSOR });
    expect(registered.status).toBe(201);
    if (registered.status === 201) expect(await registered.json()).toEqual(SPONSOR);
    const listed = await client.lanes.applications.$get({ query: { limit: '5' } });
    expect(listed.status).toBe(200);
    if (listed.status === 200) expect((await listed.json()).applications).toEqual([]);
    expect(calls).toBe(2);
  });

  it('gets the coded problem of a refused call as the answer, not an exception', async () => {
    const anonymous = viaApp({});
    const refused = await anonymous.lanes.sponsors.$post({ json: SPONSOR });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { title?: string }).title).toBe('TOKEN_MISSING');
    const client = viaApp({ authorization: `Bearer ${authority}` });
    const twice = await client.lanes.sponsors.$post({ json: SPONSOR });
    expect(twice.status).toBe(409);
    // The URL the client builds is the route's, its parameter escaped.
    expect(client.lanes.applications[':id'].$url({ param: { id: 'KR-A-1' } }).pathname).toBe(
      '/lanes/applications/KR-A-1',
    );
  });
});

/**
 * Never run: compiled by `npm run typecheck`, which fails if a line marked `@ts-expect-error`
 * stops being a type error (a route lost from `LanesApi`, a body or parameter no longer checked).
 */
export function typeErrors(client: LanesClient): void {
  // @ts-expect-error no such route
  void client.lanes.sponsorz.$post({ json: SPONSOR });
  // @ts-expect-error the sponsor's country is missing
  void client.lanes.sponsors.$post({ json: { id: 'SP-1', name: 'n' } });
  // @ts-expect-error a field the route does not take
  void client.lanes.sponsors.$post({ json: { ...SPONSOR, extra: 1 } });
  // @ts-expect-error the path parameter is required
  void client.lanes.applications[':id'].approve.$post({});
  // @ts-expect-error a state that does not exist
  void client.lanes.applications.$get({ query: { state: 'pending' } });
  // @ts-expect-error refusing needs a reason code and text
  void client.lanes.applications[':id'].refuse.$post({ param: { id: 'a' }, json: {} });
  // @ts-expect-error GET has no body; the pass is read with $get
  void client.lanes.passes[':id'].$post({ param: { id: 'p' } });
  // @ts-expect-error a check needs the pass text
  void client.lanes.checks.$post({ json: { checkpoint: 'arrival', credentials: [] } });
  void (async () => {
    const review = await client.lanes.applications[':id'].review.$post({ param: { id: 'a' } });
    if (review.status === 200) {
      // @ts-expect-error the review answers an application, whose state is one of the states
      const wrong: 'nonsense' = (await review.json()).state;
      void wrong;
    }
    const answer = await client.lanes.applications[':id'].$get({ param: { id: 'a' } });
    if (answer.status === 200) {
      const body = await answer.json();
      // @ts-expect-error an application's summary carries no traveller
      void body.traveller;
      const state: 'submitted' | 'approved' | string = body.state;
      void state;
    }
  });
}
