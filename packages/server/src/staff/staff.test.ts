import { beforeAll, expect, it } from 'vitest';
import { queryAudit } from '../audit/index.js';
import type { Database } from '../db/database.js';
import type { IssuanceRole } from '../db/schema.js';
import { forEachEngine } from '../db/test-engines.js';
import { createCountryKeys } from '../gateway/fixtures.js';
import { createToken } from '../issuance/accounts.js';
import { createIssuanceNode } from '../issuance/config.js';
import { Issuance } from '../issuance/service.js';
import { Lanes } from '../lanes/service.js';
import {
  ADMIN,
  APPLICATION,
  F,
  keysOf,
  makeFixtures,
  NOW,
  SPONSOR,
} from '../lanes/test-fixtures.js';
import { nodeApp } from '../node/app.js';
import type { BundleSync } from '../node/sync.js';
import { setStaffPassword } from './sessions.js';
import { LOGIN_LIMITS } from './throttle.js';

/**
 * Staff sign-in over HTTP, without the UI, on a node that issues and runs a lane: cookies,
 * session fixation, CSRF, the login throttle, and every staff route refusing anonymous and
 * wrong-role callers.
 */

beforeAll(makeFixtures, 60_000);

const PASSWORD = 'correct horse battery staple';
const ROLES: Record<IssuanceRole, string> = {
  issuer: 'clerk',
  administrator: 'chief',
  sponsor: SPONSOR.id,
  authority: 'officer',
  checkpoint: 'icn-desk',
  laboratory: 'lab-icn',
};

/**
 * The roles that may call each operation of the node's OpenAPI document. Every operation that
 * needs a caller is listed here; the test fails when a route appears that is not, so a new
 * staff route cannot be added without saying who may call it.
 */
const ALLOWED: Record<string, readonly IssuanceRole[] | 'public' | 'anyone signed in'> = {
  'GET /bundle': 'public',
  'GET /health': 'public',
  'POST /staff/login': 'public',
  'GET /staff/session': 'anyone signed in',
  'POST /staff/logout': 'anyone signed in',
  'PUT /staff/accounts/{account}/password': ['administrator'],
  'POST /bundle/sync': ['administrator'],
  'POST /certificates': ['issuer', 'administrator'],
  'GET /certificates': ['issuer', 'administrator'],
  'GET /certificates/{uci}': ['issuer', 'administrator'],
  'GET /certificates/{uci}/qr.svg': ['issuer', 'administrator'],
  'GET /certificates/{uci}/qr.png': ['issuer', 'administrator'],
  'GET /certificates/{uci}/pdf': ['issuer', 'administrator'],
  'POST /certificates/{uci}/revoke': ['administrator'],
  'GET /valuesets': ['issuer', 'administrator'],
  'POST /tokens': ['administrator'],
  'POST /tokens/{id}/revoke': ['administrator'],
  'POST /lanes/sponsors': ['authority'],
  'POST /lanes/applications': ['sponsor'],
  'POST /lanes/applications/drafts': ['sponsor'],
  'PUT /lanes/applications/{id}': ['sponsor'],
  'POST /lanes/applications/{id}/submit': ['sponsor'],
  'GET /lanes/applications': ['sponsor', 'authority'],
  'GET /lanes/applications/{id}': ['sponsor', 'authority'],
  'POST /lanes/applications/{id}/withdraw': ['sponsor'],
  'POST /lanes/applications/{id}/approve': ['authority'],
  'POST /lanes/applications/{id}/refuse': ['authority'],
  'GET /lanes/passes/{id}': ['sponsor', 'authority'],
  'POST /lanes/passes/{id}/revoke': ['authority'],
  'POST /lanes/applications/{id}/review': ['authority'],
  'PUT /lanes/applications/{id}/prevention-plan': ['sponsor'],
  'GET /lanes/applications/{id}/prevention-plan': ['sponsor', 'authority'],
  'DELETE /lanes/applications/{id}/prevention-plan': ['sponsor'],
  'GET /lanes/passes/{id}/qr.svg': ['sponsor', 'authority'],
  'GET /lanes/passes/{id}/qr.png': ['sponsor', 'authority'],
  'GET /lanes/passes/{id}/pdf': ['sponsor', 'authority'],
  'POST /lanes/checks': ['checkpoint'],
  'GET /lanes/arrivals': ['laboratory', 'authority'],
  'POST /lanes/arrivals/{id}/sample': ['laboratory'],
  'POST /lanes/arrivals/{id}/result': ['laboratory'],
  'GET /lanes/escalations': ['authority'],
  'POST /lanes/escalations/{id}/acknowledge': ['authority'],
  // The traveller's own report: the report link's token in the body is the credential.
  'POST /monitoring/report': 'public',
  'POST /lanes/monitoring/{passId}/reports': ['authority'],
  'POST /lanes/monitoring/{passId}/link': ['authority'],
  'GET /lanes/monitoring/worklist': ['authority'],
  'POST /lanes/monitoring/escalations/{id}/resolve': ['authority'],
  'POST /lanes/subscriptions': ['sponsor', 'authority', 'checkpoint'],
  'GET /lanes/subscriptions': ['sponsor', 'authority', 'checkpoint'],
  'DELETE /lanes/subscriptions/{id}': ['sponsor', 'authority', 'checkpoint'],
  'GET /lanes/events': ['sponsor', 'authority', 'checkpoint'],
  'GET /lanes/events/stream': ['sponsor', 'authority', 'checkpoint'],
  'GET /lanes/quota': ['authority'],
};

/** Bodies that pass each operation's schema, so a refusal can only come from the role check. */
const BODIES: Record<string, unknown> = {
  'PUT /staff/accounts/{account}/password': { password: 'another long passphrase' },
  'POST /certificates': { type: 'test', payload: {} },
  'POST /certificates/{uci}/revoke': { reason: 'wrong-role probe' },
  'POST /tokens': { account: 'probe', role: 'issuer', scopes: ['issue'] },
  'POST /lanes/sponsors': SPONSOR,
  'POST /lanes/applications': APPLICATION,
  'POST /lanes/applications/drafts': APPLICATION,
  'PUT /lanes/applications/{id}': APPLICATION,
  'POST /lanes/applications/{id}/submit': { consent: true },
  'POST /lanes/applications/{id}/withdraw': {},
  'POST /lanes/applications/{id}/refuse': { reasonCode: 'QUOTA', reasonText: 'probe' },
  'POST /lanes/passes/{id}/revoke': { reason: 'probe' },
};

forEachEngine('staff sign-in', (engine) => {
  let database: Database;
  let app: ReturnType<typeof nodeApp>;
  let now = NOW;
  const clock = () => now;

  beforeAll(async () => {
    database = await engine.open();
    const kr = await createCountryKeys('KR', NOW);
    const issuance = new Issuance(
      database.db,
      await createIssuanceNode({
        country: 'KR',
        dscs: [{ label: 'dsc-kr-1', certificate: kr.dsc.der, privateKey: kr.dsc.keys.privateKey }],
        nodeSecret: new Uint8Array(32).fill(7),
      }),
      clock,
    );
    const lanes = new Lanes(database.db, F.node, clock);
    await lanes.recordVersion(F.v1, keysOf, ADMIN);
    app = nodeApp({ country: 'KR', sync: {} as BundleSync, issuance, lanes });
    for (const [role, account] of Object.entries(ROLES))
      await setStaffPassword(
        database.db,
        { account, password: PASSWORD, role: role as IssuanceRole },
        { actor: ADMIN, now: NOW },
      );
  }, 180_000);

  /** A request as a browser on `http://node.test` sends it (Origin on changes). */
  const call = (
    method: string,
    path: string,
    options: {
      cookie?: string;
      csrf?: string;
      body?: unknown;
      origin?: string | null;
      address?: string;
      base?: string;
    } = {},
  ) => {
    const base = options.base ?? 'http://node.test';
    const headers: Record<string, string> = {};
    if (options.cookie) headers.cookie = options.cookie;
    if (options.csrf) headers['x-csrf-token'] = options.csrf;
    if (method !== 'GET' && options.origin !== null) headers.origin = options.origin ?? base;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return app.request(
      `${base}${path}`,
      {
        method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      },
      { incoming: { socket: { remoteAddress: options.address ?? '192.0.2.1' } } },
    );
  };
  const signIn = async (account: string, extra: Parameters<typeof call>[2] = {}) => {
    const res = await call('POST', '/staff/login', {
      body: { account, password: PASSWORD },
      address: `198.51.100.${account.length}`,
      ...extra,
    });
    expect(res.status, account).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    const cookie = /(?:^|, )((?:__Host-)?corridor-session=[^;]+)/.exec(setCookie)?.[1];
    const body = (await res.json()) as { csrfToken: string; role: string; scopes: string[] };
    return { cookie: cookie!, csrf: body.csrfToken, body, setCookie };
  };
  const title = async (res: Response) => [
    res.status,
    ((await res.json()) as { title: string }).title,
  ];

  it('signs in with an HttpOnly, SameSite=Strict cookie (Secure and __Host- over HTTPS), and the session carries the role', async () => {
    const plain = await signIn(ROLES.issuer);
    expect(plain.setCookie).toMatch(
      /^corridor-session=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/,
    );
    expect(plain.body).toMatchObject({ role: 'issuer', scopes: ['issue', 'read'] });
    const who = await call('GET', '/staff/session', { cookie: plain.cookie });
    expect(await who.json()).toMatchObject({ account: ROLES.issuer, csrfToken: plain.csrf });
    const tls = await signIn(ROLES.issuer, { base: 'https://node.test' });
    expect(tls.setCookie).toMatch(
      /(?:^|, )__Host-corridor-session=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; Secure; SameSite=Strict/,
    );
    // Nothing but the hash of the cookie is stored.
    const rows = await database.db.selectFrom('staff_sessions').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(plain.cookie.split('=')[1]);
  });

  it('refuses a wrong password, an unknown account and an account without a password with one code', async () => {
    await createToken(
      database.db,
      { account: 'tokens-only', role: 'issuer', scopes: ['issue'] },
      { actor: ADMIN, now: NOW },
    );
    for (const [account, password] of [
      [ROLES.issuer, 'not the password at all'],
      ['nobody-here', PASSWORD],
      ['tokens-only', PASSWORD],
    ])
      expect(
        await title(
          await call('POST', '/staff/login', {
            body: { account, password },
            address: '203.0.113.9',
          }),
        ),
      ).toEqual([401, 'LOGIN_FAILED']);
    await database.db.deleteFrom('staff_login_throttle').execute();
  });

  it('rotates the session id at sign-in: a planted or earlier cookie never becomes (or stays) a session', async () => {
    const planted = `corridor-session=${'A'.repeat(43)}`;
    const first = await signIn(ROLES.authority, { cookie: planted });
    expect(first.cookie).not.toBe(planted);
    expect(await title(await call('GET', '/staff/session', { cookie: planted }))).toEqual([
      401,
      'SESSION_INVALID',
    ]);
    // Signing in again from the same browser ends the first session.
    const second = await signIn(ROLES.authority, { cookie: first.cookie });
    expect(second.cookie).not.toBe(first.cookie);
    expect(await title(await call('GET', '/staff/session', { cookie: first.cookie }))).toEqual([
      401,
      'SESSION_INVALID',
    ]);
    expect((await call('GET', '/staff/session', { cookie: second.cookie })).status).toBe(200);
    // Logout ends it, audited.
    expect(
      (await call('POST', '/staff/logout', { cookie: second.cookie, csrf: second.csrf })).status,
    ).toBe(204);
    expect(await title(await call('GET', '/staff/session', { cookie: second.cookie }))).toEqual([
      401,
      'SESSION_INVALID',
    ]);
    const audit = await queryAudit(database.db, { subject: ROLES.authority });
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['session.create', 'session.end']),
    );
  });

  it('ends a session after 30 idle minutes and after 12 hours, and when the password changes', async () => {
    const s = await signIn(ROLES.sponsor);
    now = new Date(NOW.getTime() + 29 * 60_000);
    expect((await call('GET', '/lanes/applications', { cookie: s.cookie })).status).toBe(200);
    now = new Date(NOW.getTime() + 59 * 60_000);
    expect(await title(await call('GET', '/lanes/applications', { cookie: s.cookie }))).toEqual([
      401,
      'SESSION_INVALID',
    ]);
    now = NOW;
    const t = await signIn(ROLES.sponsor);
    await setStaffPassword(
      database.db,
      { account: ROLES.sponsor, password: PASSWORD },
      { actor: ADMIN, now },
    );
    expect(await title(await call('GET', '/staff/session', { cookie: t.cookie }))).toEqual([
      401,
      'SESSION_INVALID',
    ]);
    now = NOW;
  });

  it('needs the X-CSRF-Token and the same origin on every session-authenticated change', async () => {
    const s = await signIn(ROLES.sponsor);
    const submit = (extra: Parameters<typeof call>[2]) =>
      call('POST', '/lanes/applications', { cookie: s.cookie, body: APPLICATION, ...extra });
    expect(await title(await submit({}))).toEqual([403, 'CSRF_FAILED']);
    expect(await title(await submit({ csrf: 'x'.repeat(43) }))).toEqual([403, 'CSRF_FAILED']);
    expect(await title(await submit({ csrf: s.csrf, origin: 'https://evil.test' }))).toEqual([
      403,
      'CSRF_FAILED',
    ]);
    expect(await title(await call('POST', '/staff/logout', { cookie: s.cookie }))).toEqual([
      403,
      'CSRF_FAILED',
    ]);
    // A cross-site sign-in form is refused too (login CSRF).
    expect(
      await title(
        await call('POST', '/staff/login', {
          body: { account: ROLES.sponsor, password: PASSWORD },
          origin: 'https://evil.test',
        }),
      ),
    ).toEqual([403, 'CSRF_FAILED']);
    // With the token, from the node's origin: the session reaches the lanes route.
    await call('POST', '/lanes/sponsors', { ...(await signIn(ROLES.authority)), body: SPONSOR });
    const done = await submit({ csrf: s.csrf });
    expect(done.status).toBe(201);
    expect(await done.json()).toMatchObject({ sponsor: SPONSOR.id, state: 'submitted' });
  });

  it('throttles sign-in per account and per address with a coded 429 and Retry-After', async () => {
    const wrong = (account: string, address: string) =>
      call('POST', '/staff/login', { body: { account, password: 'wrong wrong wrong' }, address });
    for (let i = 0; i < LOGIN_LIMITS.account; i++)
      expect((await wrong(ROLES.administrator, `10.0.0.${i}`)).status).toBe(401);
    const throttled = await call('POST', '/staff/login', {
      body: { account: ROLES.administrator, password: PASSWORD },
      address: '10.0.1.1',
    });
    expect(await title(throttled.clone())).toEqual([429, 'LOGIN_THROTTLED']);
    expect(Number(throttled.headers.get('retry-after'))).toBe(LOGIN_LIMITS.windowMs / 1000);
    // The window ends: the right password works again.
    now = new Date(NOW.getTime() + LOGIN_LIMITS.windowMs);
    expect(
      (
        await call('POST', '/staff/login', {
          body: { account: ROLES.administrator, password: PASSWORD },
          address: '10.0.1.1',
        })
      ).status,
    ).toBe(200);
    // One address trying many accounts.
    for (let i = 0; i < LOGIN_LIMITS.address; i++)
      expect((await wrong(`guess-${i}`, '10.9.9.9')).status).toBe(401);
    expect(
      await title(
        await call('POST', '/staff/login', {
          body: { account: ROLES.issuer, password: PASSWORD },
          address: '10.9.9.9',
        }),
      ),
    ).toEqual([429, 'LOGIN_THROTTLED']);
    expect(
      (
        await call('POST', '/staff/login', {
          body: { account: ROLES.issuer, password: PASSWORD },
          address: '10.9.9.10',
        })
      ).status,
    ).toBe(200);
    now = NOW;
  }, 180_000);

  it('refuses anonymous and wrong-role callers on every staff route (sessions and tokens alike)', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(operations.filter((op) => !(op in ALLOWED))).toEqual([]);
    const sessions = {} as Record<IssuanceRole, { cookie: string; csrf: string }>;
    for (const [role, account] of Object.entries(ROLES)) {
      const { cookie, csrf } = await signIn(account);
      sessions[role as IssuanceRole] = { cookie, csrf };
    }
    const fill = (path: string) =>
      path
        .replace('{uci}', encodeURIComponent('URN:UVCI:01:KR:NOSUCHCERT0000#0'))
        .replace('{id}', '999999')
        .replace('{account}', 'probe-account');
    let checked = 0;
    for (const op of operations) {
      const allowed = ALLOWED[op]!;
      if (allowed === 'public') continue;
      const [method, path] = op.split(' ') as [string, string];
      const url = fill(
        op === 'POST /lanes/passes/{id}/revoke' || op === 'GET /lanes/passes/{id}'
          ? path.replace('{id}', 'P-1')
          : path,
      );
      const body = BODIES[op];
      const anonymous = await call(method, url, body !== undefined ? { body } : {});
      expect([op, await title(anonymous)]).toEqual([op, [401, 'TOKEN_MISSING']]);
      if (allowed === 'anyone signed in') continue;
      for (const role of Object.keys(ROLES) as IssuanceRole[]) {
        if (allowed.includes(role)) continue;
        const res = await call(method, url, {
          ...sessions[role],
          ...(body !== undefined ? { body } : {}),
        });
        expect([op, role, await title(res)]).toEqual([op, role, [403, 'SCOPE_MISSING']]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  }, 180_000);
});
