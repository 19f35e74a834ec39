import { defaultCrypto } from '@corridor/core/crypto';
import { signIndicators } from '@corridor/core/lanes';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { forEachEngine } from '../db/test-engines.js';
import { gatewayApp } from '../gateway/app.js';
import { type CountryKeys, createAnchor, createCountryKeys } from '../gateway/fixtures.js';
import { Gateway } from '../gateway/service.js';
import { signGatewayRequest } from '../gateway/signed-request.js';
import { nodeApp } from '../node/app.js';
import { BundleSync } from '../node/sync.js';
import {
  type ClientOptions,
  coseInit,
  type GatewayClient,
  gatewayClient,
  type NodeClient,
  nodeClient,
} from './index.js';

const NOW = new Date('2026-03-01T09:00:00Z');
const TOKEN = 'operator-secret';
const crypto = defaultCrypto();
const seconds = Math.floor(NOW.getTime() / 1000);

forEachEngine('typed gateway and node clients', (engine) => {
  let database: Database;
  let gateway: ReturnType<typeof gatewayApp>;
  let node: ReturnType<typeof nodeApp>;
  let sync: BundleSync;
  let cn: CountryKeys;

  const via = (app: { request: (i: RequestInfo | URL, init?: RequestInit) => unknown }) =>
    ({
      fetch: (input, init) => app.request(input, init) as Promise<Response>,
    }) satisfies ClientOptions;

  /** A signed indicators.publish request of CN's unlinked cases on 27 February. */
  const indicators = async (sequence: number, country = 'CN') => {
    const document = await signIndicators(
      {
        country: 'CN',
        indicator: 'unlinked-cases',
        timeZone: 'Asia/Shanghai',
        sequence,
        issuedAt: seconds - 3600,
        points: [{ date: '2026-02-27', value: 3 }],
      },
      cn.authoritySigner,
      crypto,
    );
    return signGatewayRequest(
      { country, action: 'indicators.publish', iat: seconds, body: { document } },
      cn.uploadSigner,
      crypto,
    );
  };

  beforeAll(async () => {
    database = await engine.open();
    const anchor = await createAnchor();
    const service = new Gateway(database.db, {
      id: 'corridor-client-gateway',
      anchor: anchor.signer,
      anchorKey: anchor.key,
      crypto,
      now: () => NOW,
    });
    gateway = gatewayApp(service, { operatorToken: TOKEN });
    cn = await createCountryKeys('CN', NOW);
    // Onboarding is an operator route outside the typed groups: a raw request.
    const onboarded = await gateway.request('/participants', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        country: 'CN',
        name: 'Health authority CN',
        uploadCertificate: cn.upload.pem,
        authorityCertificate: cn.authority.pem,
        cscas: [cn.csca.pem],
      }),
    });
    expect(onboarded.status).toBe(201);
    // The node pulls the gateway's bundle through the gateway app itself.
    sync = new BundleSync({
      db: database.db,
      gatewayUrl: 'http://gateway.test',
      anchors: [anchor.key],
      crypto,
      now: () => NOW,
      fetch: ((input: RequestInfo | URL, init?: RequestInit) =>
        gateway.request(input, init)) as typeof fetch,
    });
    node = nodeApp({ country: 'KR', sync });
  });

  it('publishes a signed request (application/cose) and reads the typed answers', async () => {
    const client = gatewayClient('http://gateway.test', via(gateway));
    const published = await client.indicators.$post({}, coseInit(await indicators(1)));
    expect(published.status).toBe(200);
    if (published.status !== 200) return;
    const first = await published.json();
    expect(first.repeated).toBe(false);
    expect(first.digest).toMatch(/^[0-9a-f]{64}$/);
    const listed = await client.indicators.$get({ query: { country: 'CN' } });
    expect(listed.status).toBe(200);
    if (listed.status !== 200) return;
    const { entries } = await listed.json();
    expect(entries.map((e) => [e.country, e.digest])).toEqual([['CN', first.digest]]);
    const overrides = await client['breaker-overrides'].$get({ query: {} });
    expect(overrides.status).toBe(200);
    const head = await client.tlog.head.$get();
    expect(head.status).toBe(200);
  });

  it('gets the coded problem of a refused call as the answer, not an exception', async () => {
    const client = gatewayClient('http://gateway.test', via(gateway));
    // Signed by CN's upload key but claiming KR: not KR's signature.
    const forged = await client.indicators.$post({}, coseInit(await indicators(2, 'KR')));
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { title?: string }).title).toBe('REQUEST_UNAUTHENTICATED');
    const audit = await client.audit.$get({ query: {} });
    expect(audit.status).toBe(401);
    expect(((await audit.json()) as { title?: string }).title).toBe('OPERATOR_UNAUTHENTICATED');
    const operator = gatewayClient('http://gateway.test', {
      ...via(gateway),
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const allowed = await operator.audit.$get({ query: { action: 'indicators.publish' } });
    expect(allowed.status).toBe(200);
    if (allowed.status === 200) expect(await allowed.json()).toHaveLength(1);
  });

  it("serves the gateway's bundle from the node once synced, honouring If-None-Match", async () => {
    const client = nodeClient('http://node.test', via(node));
    const before = await client.bundle.$get();
    expect(before.status).toBe(404);
    expect(((await before.json()) as { title?: string }).title).toBe('BUNDLE_NOT_SYNCED');
    // A node that issues nothing has no administrators: the sync route refuses everyone.
    const refused = await client.bundle.sync.$post();
    expect(refused.status).toBe(401);
    await sync.sync();
    const fromGateway = await gatewayClient('http://gateway.test', via(gateway)).bundle.$get();
    const served = await client.bundle.$get();
    expect(served.status).toBe(200);
    const bytes = new Uint8Array(await served.arrayBuffer());
    expect(bytes).toEqual(new Uint8Array(await fromGateway.arrayBuffer()));
    const etag = served.headers.get('etag')!;
    const again = await client.bundle.$get(undefined, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });
});

/**
 * Never run: compiled by `npm run typecheck`, which fails if a line marked `@ts-expect-error`
 * stops being a type error (a route lost from `GatewayApi` or `NodeApi`, a query not checked).
 */
export function typeErrors(gateway: GatewayClient, node: NodeClient): void {
  // @ts-expect-error no such route
  void gateway.indicatorz.$get({ query: {} });
  // @ts-expect-error a query the route does not take
  void gateway.indicators.$get({ query: { countries: 'CN' } });
  // @ts-expect-error publishing is a POST
  void gateway['breaker-overrides'].$put({});
  // @ts-expect-error the lane version's path parameters are required
  void gateway.lanes[':lane'].versions[':version'].$get({});
  // @ts-expect-error the node serves its bundle, it does not take one
  void node.bundle.$post({});
  void (async () => {
    const res = await gateway.indicators.$post({}, coseInit(new Uint8Array()));
    if (res.status === 200) {
      // @ts-expect-error the answer's version is a number
      const version: string = (await res.json()).version;
      void version;
    }
  });
}
