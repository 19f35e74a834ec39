import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { forEachEngine } from '../../db/test-engines.js';
import { createToken } from '../../issuance/accounts.js';
import { lanesApp } from '../app.js';
import { STREAM_LIMITS } from '../routes/events.js';
import { Lanes } from '../service.js';
import { ADMIN, APPLICATION, F, keysOf, makeFixtures, NOW, SPONSOR } from '../test-fixtures.js';
import { backoffMs, deliverPending } from './delivery.js';
import { emitLaneEvent } from './outbox.js';

beforeAll(makeFixtures);

interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on loopback that records requests and answers the next queued status. */
async function receiver(): Promise<{
  url: string;
  got: Received[];
  answers: number[];
  server: Server;
}> {
  const got: Received[] = [];
  const answers: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.statusCode = answers.shift() ?? 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, got, answers, server };
}

/**
 * Verifies a delivery exactly as docs/events.md says, with node:crypto's createHmac only: key =
 * base64 of the secret after `whsec_`, message = `id.timestamp.body`, header `v1,<base64>`.
 */
function verifiedByDoc(secret: string, r: Received): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const id = r.headers['webhook-id'] as string;
  const timestamp = r.headers['webhook-timestamp'] as string;
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.${r.body}`).digest('base64');
  return (r.headers['webhook-signature'] as string).split(' ').includes(`v1,${mac}`);
}

forEachEngine('lane events: outbox and signed webhooks', (engine) => {
  let database: Database;
  let lanes: Lanes;
  let app: ReturnType<typeof lanesApp>;
  let hook: Awaited<ReturnType<typeof receiver>>;
  const clock = NOW;
  const tokens: Record<string, string> = {};
  const call = (token: string, method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  const issue = async (documentNumber: string) => {
    const a = await lanes.submit(
      {
        ...APPLICATION,
        traveller: { ...APPLICATION.traveller, documentNumber },
        sponsor: SPONSOR.id,
      },
      ADMIN,
    );
    return { application: a.id, pass: (await lanes.approve(a.id, ADMIN)).passId };
  };

  beforeAll(async () => {
    database = await engine.open();
    lanes = new Lanes(database.db, F.node, () => clock);
    await lanes.recordVersion(F.v1, keysOf, ADMIN);
    await lanes.registerSponsor(SPONSOR, ADMIN);
    await lanes.registerSponsor({ ...SPONSOR, id: 'SP-0008', name: 'Other Co.' }, ADMIN);
    app = lanesApp(lanes);
    hook = await receiver();
    for (const [account, role, scope] of [
      ['kr-monitor', 'authority', 'lane.monitor'],
      [SPONSOR.id, 'sponsor', 'lane.apply'],
      ['SP-0008', 'sponsor', 'lane.apply'],
      ['airline-ke', 'checkpoint', 'lane.check'],
    ] as const)
      tokens[account] = (
        await createToken(
          database.db,
          { account, role, scopes: [scope] },
          { actor: ADMIN, now: NOW },
        )
      ).token;
  });
  afterAll(() => new Promise<void>((resolve) => hook.server.close(() => resolve())));

  it('delivers each event signed as docs/events.md says, to the subscribers that want it, a sponsor only its own', async () => {
    const monitor = await call(tokens['kr-monitor']!, 'POST', '/lanes/subscriptions', {
      url: hook.url,
      types: ['pass.issued', 'pass.revoked'],
    });
    expect(monitor.status).toBe(201);
    const sub = (await monitor.json()) as { id: string; secret: string };
    expect(sub.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const other = (await (
      await call(tokens['SP-0008']!, 'POST', '/lanes/subscriptions', {
        url: `${hook.url}?other`,
        types: ['*'],
      })
    ).json()) as { id: string };
    expect(
      (
        await call(tokens['kr-monitor']!, 'POST', '/lanes/subscriptions', {
          url: 'http://example.com/x',
          types: ['*'],
        })
      ).status,
    ).toBe(422);

    const t = await issue('EB2000001');
    await lanes.revoke(t.pass, 'test revocation', ADMIN);
    const round = await deliverPending(database.db, { now: () => clock });
    expect(round).toEqual({ attempted: 2, delivered: 2 });
    expect(hook.got).toHaveLength(2);
    for (const r of hook.got) expect(verifiedByDoc(sub.secret, r)).toBe(true);
    expect(hook.got.map((r) => JSON.parse(r.body).type)).toEqual(['pass.issued', 'pass.revoked']);
    expect(hook.got.map((r) => r.headers['webhook-timestamp'])).toEqual([
      String(NOW.getTime() / 1000),
      String(NOW.getTime() / 1000),
    ]);
    const body = JSON.parse(hook.got[0]!.body);
    expect(body).toMatchObject({
      id: hook.got[0]!.headers['webhook-id'],
      subject: t.application,
      data: { pass: t.pass },
    });
    // A tampered body no longer verifies.
    expect(
      verifiedByDoc(sub.secret, {
        ...hook.got[0]!,
        body: hook.got[0]!.body.replace('pass', 'pasS'),
      }),
    ).toBe(false);
    // The other sponsor's subscription saw nothing of SP-0007's traveller.
    const pending = await database.db
      .selectFrom('lane_deliveries')
      .select('event_seq')
      .where('subscription', '=', other.id)
      .execute();
    expect(pending).toEqual([]);
    hook.got.length = 0;
    expect(
      (await call(tokens['kr-monitor']!, 'DELETE', `/lanes/subscriptions/${sub.id}`)).status,
    ).toBe(204);
  });

  it('retries a failed delivery with backoff and the same event id, and gives up after the attempts allowed', async () => {
    const made = (await (
      await call(tokens[SPONSOR.id]!, 'POST', '/lanes/subscriptions', {
        url: hook.url,
        types: ['pass.issued'],
      })
    ).json()) as { id: string; secret: string };
    await issue('EB2000002');
    hook.answers.push(500, 503);
    const t0 = clock;
    const at = (ms: number) => () => new Date(t0.getTime() + ms);
    expect(await deliverPending(database.db, { now: at(0) })).toEqual({
      attempted: 1,
      delivered: 0,
    });
    expect(await deliverPending(database.db, { now: at(backoffMs(1) - 1) })).toEqual({
      attempted: 0,
      delivered: 0,
    });
    expect(await deliverPending(database.db, { now: at(backoffMs(1)) })).toEqual({
      attempted: 1,
      delivered: 0,
    });
    const second = backoffMs(1) + backoffMs(2);
    expect(await deliverPending(database.db, { now: at(second) })).toEqual({
      attempted: 1,
      delivered: 1,
    });
    expect(hook.got).toHaveLength(3);
    expect(new Set(hook.got.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(new Set(hook.got.map((r) => r.body)).size).toBe(1);
    expect(
      hook.got.map((r) => Number(r.headers['webhook-timestamp']) - t0.getTime() / 1000),
    ).toEqual([0, backoffMs(1) / 1000, second / 1000]);
    for (const r of hook.got) expect(verifiedByDoc(made.secret, r)).toBe(true);
    hook.got.length = 0;

    // A receiver that always fails: given up after maxAttempts, never delivered.
    await issue('EB2000003');
    let now = t0.getTime() + second;
    for (let i = 0; i < 3; i++) {
      hook.answers.push(500);
      await deliverPending(database.db, { now: () => new Date(now), maxAttempts: 3 });
      now += backoffMs(i + 1);
    }
    const row = await database.db
      .selectFrom('lane_deliveries')
      .select(['attempts', 'failed_at', 'delivered_at', 'last_status'])
      .where('subscription', '=', made.id)
      .orderBy('event_seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ attempts: 3, delivered_at: null, last_status: 500 });
    expect(row.failed_at).not.toBeNull();
    expect(await deliverPending(database.db, { now: () => new Date(now + 86_400_000) })).toEqual({
      attempted: 0,
      delivered: 0,
    });
    hook.got.length = 0;
  });

  it('writes no event when the state change rolls back', async () => {
    const count = async () =>
      (await database.db.selectFrom('lane_outbox').select('seq').execute()).length;
    const before = await count();
    await expect(
      database.db.transaction().execute(async (trx) => {
        await emitLaneEvent(trx, {
          type: 'breaker.announced',
          subject: 'B-1',
          at: NOW,
          lane: 'CN-KR-FAST-TRACK',
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await count()).toBe(before);
  });

  it('lists and streams events to a dashboard (SSE, resumable by Last-Event-ID), a sponsor only its own', async () => {
    const list = async (token: string, after = 0) =>
      (
        (await (await call(token, 'GET', `/lanes/events?after=${after}&limit=500`)).json()) as {
          events: { seq: number; type: string; sponsor?: string; subject: string }[];
        }
      ).events;
    const all = await list(tokens['kr-monitor']!);
    expect(all.length).toBeGreaterThan(3);
    expect(await list(tokens['SP-0008']!)).toEqual([]);
    const last = all.at(-1)!.seq;
    const controller = new AbortController();
    const res = await app.request('/lanes/events/stream', {
      headers: { authorization: `Bearer ${tokens['kr-monitor']}`, 'last-event-id': String(last) },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const t = await issue('EB2000004');
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('event: pass.issued')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    await reader.cancel().catch(() => {});
    const messages = text.split('\n\n').filter((m) => m.includes('data: '));
    const ids = messages.map((m) => Number(/^id: (\d+)$/m.exec(m)![1]));
    // After the cursor, increasing (a rolled-back event leaves a gap in seq).
    expect(ids[0]).toBeGreaterThan(last);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    const data = messages.map((m) => JSON.parse(/^data: (.*)$/m.exec(m)![1]!));
    expect(data.map((d) => d.type)).toEqual([
      'application.submitted',
      'application.decided',
      'pass.issued',
    ]);
    expect(data[2]).toMatchObject({ subject: t.application, data: { pass: t.pass } });
  });

  it('lets an airline subscribe to pass and breaker events of every sponsor, and to nothing else', async () => {
    const airline = tokens['airline-ke']!;
    const refused = await call(airline, 'POST', '/lanes/subscriptions', {
      url: hook.url,
      types: ['pass.revoked', 'application.decided'],
    });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { title: string }).title).toBe('SUBSCRIPTION_INVALID');
    const made = await call(airline, 'POST', '/lanes/subscriptions', {
      url: `${hook.url}?airline`,
      types: ['*'],
    });
    expect(made.status).toBe(201);
    // Its `*` is spelled out: the subscription never widens to new kinds of event.
    const sub = (await made.json()) as { id: string; secret: string; types: string[] };
    expect(sub.types).toEqual([
      'breaker.announced',
      'breaker.applied',
      'breaker.ended',
      'pass.expired',
      'pass.revoked',
    ]);
    const t = await issue('EB2000005');
    await lanes.revoke(t.pass, 'positive on arrival', ADMIN);
    await deliverPending(database.db, { now: () => clock });
    const got = hook.got.filter((r) => r.url.endsWith('?airline'));
    expect(got.map((r) => JSON.parse(r.body).type)).toEqual(['pass.revoked']);
    expect(verifiedByDoc(sub.secret, got[0]!)).toBe(true);
    expect(JSON.parse(got[0]!.body)).toMatchObject({ data: { pass: t.pass } });
    // The event list shows the airline the same: the revocation, never the application events.
    const listed = (await (await call(airline, 'GET', '/lanes/events?limit=500')).json()) as {
      events: { type: string }[];
    };
    expect(new Set(listed.events.map((e) => e.type))).toEqual(new Set(['pass.revoked']));
    hook.got.length = 0;
    expect((await call(airline, 'DELETE', `/lanes/subscriptions/${sub.id}`)).status).toBe(204);
  });

  it('refuses a stream beyond the bound with 503 EVENT_STREAMS_EXHAUSTED and Retry-After', async () => {
    const max = STREAM_LIMITS.maxStreams;
    STREAM_LIMITS.maxStreams = 0;
    try {
      const res = await call(tokens['kr-monitor']!, 'GET', '/lanes/events/stream');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('30');
      expect(((await res.json()) as { title: string }).title).toBe('EVENT_STREAMS_EXHAUSTED');
    } finally {
      STREAM_LIMITS.maxStreams = max;
    }
  });
});
