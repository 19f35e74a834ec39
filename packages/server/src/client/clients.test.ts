import { defaultCrypto } from '@corridor/core/crypto';
import { signIndicators } from '@corridor/core/lanes';
import { toBase64 } from '@corridor/core/lib';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { forEachEngine } from '../db/test-engines.js';
import type { gatewayApp } from '../gateway/app.js';
import { type CountryKeys, createCountryKeys } from '../gateway/fixtures.js';
import { signGatewayRequest } from '../gateway/signed-request.js';
import {
  inProcess,
  onboardAll,
  onboarding,
  signedInit,
  type TestGateway,
  testGateway,
} from '../gateway/test-gateway.js';
import { nodeApp } from '../node/app.js';
import { BundleSync } from '../node/sync.js';
import {
  coseInit,
  type GatewayClient,
  gatewayClient,
  type NodeClient,
  nodeClient,
} from './index.js';

const NOW = new Date('2026-03-01T09:00:00Z');
const crypto = defaultCrypto();
const seconds = Math.floor(NOW.getTime() / 1000);

forEachEngine('typed gateway and node clients', (engine) => {
  let database: Database;
  let gateway: ReturnType<typeof gatewayApp>;
  let node: ReturnType<typeof nodeApp>;
  let sync: BundleSync;
  let cn: CountryKeys;
  let kr: CountryKeys;
  let anchor: TestGateway['anchor'];
  let operator: GatewayClient;

  const via = inProcess;

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
    const test = await testGateway(database.db, { id: 'corridor-client-gateway', now: () => NOW });
    gateway = test.app;
    anchor = test.anchor;
    operator = test.operator;
    [cn, kr] = await Promise.all([createCountryKeys('CN', NOW), createCountryKeys('KR', NOW)]);
    await onboardAll(operator, [cn]);
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
    const allowed = await operator.audit.$get({ query: { action: 'indicators.publish' } });
    expect(allowed.status).toBe(200);
    if (allowed.status === 200) expect(await allowed.json()).toHaveLength(1);
  });

  it('onboards (operator only), takes signed DSC and format uploads and serves the trust lists, typed', async () => {
    const client = gatewayClient('http://gateway.test', via(gateway));
    const anonymous = await client.participants.$post({ json: onboarding(kr) });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { title?: string }).title).toBe('OPERATOR_UNAUTHENTICATED');
    const onboarded = await operator.participants.$post({ json: onboarding(kr) });
    expect(onboarded.status).toBe(201);
    if (onboarded.status === 201) expect(await onboarded.json()).toEqual({ country: 'KR' });
    const participants = await client.participants.$get();
    expect((await participants.json()).map((p) => p.country).sort()).toEqual(['CN', 'KR']);

    const upload = { certificate: kr.dsc.der };
    const dsc = await client.dscs.$post({}, await signedInit(kr, 'dsc.upload', upload, NOW));
    expect(dsc.status, await dsc.clone().text()).toBe(200);
    const eu = await client.trustlist.eu[':type'][':country'].$get({
      param: { type: 'DSC', country: 'KR' },
    });
    expect(eu.status).toBe(200);
    if (eu.status === 200)
      expect((await eu.json()).map((i) => [i.country, i.certificateType])).toEqual([['KR', 'DSC']]);
    const did = await client.v2.trustlist[':domain'][':participant'][':usage']['did.json'].$get({
      param: { domain: '-', participant: 'KR', usage: 'DSC' },
    });
    expect(did.status).toBe(200);
    if (did.status === 200)
      expect((await did.json()).id).toBe('did:web:gateway.test:v2:trustlist:-:KR:DSC');

    // Another format's trust (a DIVOC key): uploaded, listed, withdrawn, then unknown.
    const key = (await globalThis.crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const spki = new Uint8Array(await globalThis.crypto.subtle.exportKey('spki', key.publicKey));
    const divoc = {
      format: 'divoc',
      verification_method: 'did:kr-test',
      public_key_pem: `-----BEGIN PUBLIC KEY-----\n${toBase64(spki)}\n-----END PUBLIC KEY-----\n`,
    };
    const uploaded = await client.formats.$post(
      {},
      await signedInit(kr, 'formats.upload', divoc, NOW),
    );
    expect(uploaded.status, await uploaded.clone().text()).toBe(200);
    if (uploaded.status !== 200) return;
    const subject = String((await uploaded.json()).subject);
    const listed = await client.formats.$get({ query: { country: 'KR' } });
    expect(listed.status).toBe(200);
    if (listed.status === 200)
      expect((await listed.json()).map((e) => [e.format, e.subject])).toEqual([['divoc', subject]]);
    const withdraw = { format: 'divoc', subject };
    const withdrawn = await client.formats.withdraw.$post(
      {},
      await signedInit(kr, 'formats.withdraw', withdraw, NOW),
    );
    expect(withdrawn.status).toBe(200);
    const again = await client.formats.withdraw.$post(
      {},
      await signedInit(kr, 'formats.withdraw', withdraw, NOW),
    );
    expect(again.status).toBe(404);
    expect(((await again.json()) as { title?: string }).title).toBe('FORMAT_TRUST_NOT_FOUND');
    const after = await client.formats.$get({ query: { country: 'KR', format: 'divoc' } });
    expect(await after.json()).toEqual([]);
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
  // @ts-expect-error onboarding takes the certificates as JSON
  void gateway.participants.$post({ json: { country: 'CN' } });
  // @ts-expect-error the EU trust list has no UPLOAD certificates to serve
  void gateway.trustlist.eu[':type'].$get({ param: { type: 'UPLOAD' } });
  // @ts-expect-error the format list filters by a known format only
  void gateway.formats.$get({ query: { format: 'pdf' } });
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
