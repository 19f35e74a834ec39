// Over 500 lines on purpose: one issuance scenario per engine whose steps share the node, its
// keys and the database they fill (issuing, replay, revocation, the HTTP API, tokens).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { decodeBase45 } from '@corridor/core/base45';
import { decodeCbor } from '@corridor/core/cbor';
import { defaultCrypto } from '@corridor/core/crypto';
import { type EuValueSet, parseEuValueSet } from '@corridor/core/dcc';
import { toBase64 } from '@corridor/core/lib';
import { DscTrustList, loadTrustBundle } from '@corridor/core/trust';
import { verify } from '@corridor/core/verify';
import { beforeAll, describe, expect, it } from 'vitest';
import { vectorsDir } from '../../../core/test-support/vectors.js';
import { queryAudit } from '../audit/index.js';
import { issuanceClient } from '../client/index.js';
import type { Database } from '../db/database.js';
import { forEachEngine } from '../db/test-engines.js';
import { type CountryKeys, createCountryKeys } from '../gateway/fixtures.js';
import { onboardAll, signedInit, testGateway } from '../gateway/test-gateway.js';
import { HttpProblem } from '../http/problem.js';
import { createDsc, type IssuedDsc } from '../pki/dsc.js';
import { bootstrapAdministrator } from './accounts.js';
import { issuanceApp } from './app.js';
import { benchmarkIssuance } from './bench.js';
import { type Actor, issueCertificate, purgeExpiredPayloads } from './certificates.js';
import { createIssuanceNode, type IssuanceConfig, type IssuanceNode } from './config.js';
import type { IssueRequest } from './request.js';
import { pushRevocations, revokeCertificate } from './revocation.js';
import { Issuance } from './service.js';

const NOW = new Date('2026-03-01T09:00:00Z');
const DAY = 86_400_000;
const crypto = defaultCrypto();
const SECRET = new Uint8Array(32).fill(7);
const ACTOR: Actor = { id: 'alice/token:1', account: 'alice' };

const valueSetDir = vectorsDir('valuesets');
const VALUE_SETS: EuValueSet[] = valueSetDir
  ? readdirSync(valueSetDir)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => {
        const parsed = parseEuValueSet(readFileSync(path.join(valueSetDir, f), 'utf8'));
        return parsed.ok ? [parsed.value] : [];
      })
  : [];

const holder = { nam: { fn: 'Kim', fnt: 'KIM', gn: 'Minjun', gnt: 'MINJUN' }, dob: '1980-01-01' };
const vaccination = (extra: Record<string, unknown> = {}): IssueRequest => ({
  type: 'vaccination',
  payload: {
    ...holder,
    v: [
      {
        tg: '840539006',
        vp: '1119349007',
        mp: 'EU/1/20/1528',
        ma: 'ORG-100030215',
        dn: 2,
        sd: 2,
        dt: '2026-01-10',
        co: 'KR',
        is: 'KDCA',
        ...extra,
      },
    ],
  },
});
const test: IssueRequest = {
  type: 'test',
  payload: {
    ...holder,
    t: [
      {
        tg: '840539006',
        tt: 'LP6464-4',
        nm: 'RT-PCR',
        sc: '2026-03-01T00:00:00Z',
        tr: '260415000',
        tc: 'Seoul Testing Centre',
        is: 'KDCA',
      },
    ],
  },
};
const recovery: IssueRequest = {
  type: 'recovery',
  payload: {
    ...holder,
    r: [
      {
        tg: '840539006',
        fr: '2026-02-01',
        co: 'KR',
        is: 'KDCA',
        df: '2026-02-12',
        du: '2026-08-01',
      },
    ],
  },
};

/** The COSE signature inside an HC1 text. */
function signatureOf(hc1: string): Uint8Array {
  const b45 = decodeBase45(hc1.slice(4));
  if (!b45.ok) throw new Error('base45');
  const cbor = decodeCbor(new Uint8Array(inflateSync(b45.value)));
  if (!cbor.ok) throw new Error('cbor');
  const v = cbor.value as { value?: unknown[] } | unknown[];
  const parts = (Array.isArray(v) ? v : v.value) as unknown[];
  return parts[3] as Uint8Array;
}

async function expectProblem(promise: Promise<unknown>, code: string): Promise<HttpProblem> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpProblem);
  expect((error as HttpProblem).code).toBe(code);
  return error as HttpProblem;
}

forEachEngine('national node issuance', (engine) => {
  let database: Database;
  let kr: CountryKeys;
  let testOnly: IssuedDsc;
  let node: IssuanceNode;
  let trust: DscTrustList;
  const config = (extra: Partial<IssuanceConfig> = {}): IssuanceConfig => ({
    country: 'KR',
    issuerName: 'KDCA',
    dscs: [{ label: 'dsc-kr-1', certificate: kr.dsc.der, privateKey: kr.dsc.keys.privateKey }],
    nodeSecret: SECRET,
    valueSets: VALUE_SETS,
    ...extra,
  });

  beforeAll(async () => {
    database = await engine.open();
    kr = await createCountryKeys('KR', NOW);
    testOnly = await createDsc({
      csca: { certificate: kr.csca.der, privateKey: kr.csca.keys.privateKey },
      country: 'KR',
      commonName: 'KR test-only DSC',
      usages: ['test'],
      now: NOW,
    });
    node = await createIssuanceNode(config());
    trust = await DscTrustList.create([kr.dsc.der]);
  }, 180_000);

  it('issues vaccination, test and recovery certificates that verify() accepts', async () => {
    const expected = {
      vaccination: new Date(NOW.getTime() + 365 * DAY),
      test: new Date('2026-03-04T00:00:00Z'),
      recovery: new Date('2026-08-01T23:59:59Z'),
    };
    for (const request of [vaccination(), test, recovery]) {
      const issued = await issueCertificate(database.db, request, { node, actor: ACTOR, now: NOW });
      expect(issued.uci).toMatch(/^URN:UVCI:01:KR:[A-Z0-9]+#[A-Z0-9/:]$/);
      expect(issued.expiresAt).toEqual(expected[request.type]);
      const report = await verify(issued.hc1, { trust, at: NOW, crypto });
      expect(report.status, JSON.stringify(report.findings)).toBe('valid');
      const audit = await queryAudit(database.db, {
        action: 'certificate.issue',
        subject: issued.uci,
      });
      expect(audit).toHaveLength(1);
      expect(audit[0]!.actor).toBe(ACTOR.id);
    }
  });

  it('keeps a caller-given UCI when its check character is right', async () => {
    const uci = 'URN:UVCI:01:KR:GIVEN/0001#';
    const { luhnModN } = await import('./uci.js');
    const full = uci + luhnModN(uci.slice(0, -1));
    const issued = await issueCertificate(database.db, vaccination({ ci: full }), {
      node,
      actor: ACTOR,
      now: NOW,
    });
    expect(issued.uci).toBe(full);
    await expectProblem(
      issueCertificate(database.db, vaccination({ ci: full }), { node, actor: ACTOR, now: NOW }),
      'UCI_EXISTS',
    );
  });

  it('refuses invalid payloads with field-level errors', async () => {
    const bad = vaccination({ dn: 0, ci: 'URN:UVCI:01:KR:ABC#Q' });
    delete (bad.payload as Record<string, unknown>).dob;
    const problem = await expectProblem(
      issueCertificate(database.db, bad, { node, actor: ACTOR, now: NOW }),
      'DCC_INVALID',
    );
    expect(problem.status).toBe(422);
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/payload/v/0/dn', code: 'DCC_SCHEMA_MINIMUM' }),
        expect.objectContaining({ path: '/payload', code: 'DCC_SCHEMA_REQUIRED' }),
        expect.objectContaining({ path: '/payload/v/0/ci', code: 'UCI_INVALID' }),
      ]),
    );
    const mismatch = await expectProblem(
      issueCertificate(
        database.db,
        { ...test, type: 'vaccination' },
        { node, actor: ACTOR, now: NOW },
      ),
      'DCC_INVALID',
    );
    expect(mismatch.errors.map((e) => `${e.path} ${e.code}`)).toEqual(
      expect.arrayContaining(['/payload/t TYPE_MISMATCH', '/payload/v DCC_SCHEMA_REQUIRED']),
    );
    const future = await expectProblem(
      issueCertificate(database.db, vaccination({ dt: '2026-03-05' }), {
        node,
        actor: ACTOR,
        now: NOW,
      }),
      'DCC_INVALID',
    );
    expect(future.errors).toEqual([
      expect.objectContaining({ path: '/payload/v/0/dt', code: 'DATE_IN_FUTURE' }),
    ]);
    const stale = {
      ...test,
      payload: {
        ...test.payload,
        t: [{ ...(test.payload.t as object[])[0], sc: '2026-02-20T00:00:00Z' }],
      },
    };
    const expired = await expectProblem(
      issueCertificate(database.db, stale, { node, actor: ACTOR, now: NOW }),
      'DCC_INVALID',
    );
    expect(expired.errors).toEqual([
      expect.objectContaining({ path: '/payload/t/0/sc', code: 'ALREADY_EXPIRED' }),
    ]);
  });

  it.skipIf(!valueSetDir)('refuses codes the configured value sets do not list', async () => {
    const problem = await expectProblem(
      issueCertificate(database.db, vaccination({ mp: 'EU/1/99/0000', co: 'XX' }), {
        node,
        actor: ACTOR,
        now: NOW,
      }),
      'DCC_INVALID',
    );
    expect(problem.errors).toEqual([
      expect.objectContaining({ path: '/payload/v/0/mp', code: 'VALUESET_UNKNOWN_CODE' }),
      expect.objectContaining({ path: '/payload/v/0/co', code: 'VALUESET_UNKNOWN_CODE' }),
    ]);
  });

  it('answers a retried idempotency key with the same certificate, even under concurrency', async () => {
    const count = async () =>
      Number(
        (
          await database.db
            .selectFrom('issued_certificates')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const first = await issueCertificate(database.db, vaccination(), {
      node,
      actor: ACTOR,
      now: NOW,
      idempotencyKey: 'row-1',
    });
    const again = await issueCertificate(database.db, vaccination(), {
      node,
      actor: ACTOR,
      now: NOW,
      idempotencyKey: 'row-1',
    });
    expect(again.hc1).toBe(first.hc1);
    expect(again.uci).toBe(first.uci);
    expect(again.replayed).toBe(true);
    // Another account's key space is separate.
    const other = await issueCertificate(database.db, vaccination(), {
      node,
      actor: { id: 'bob', account: 'bob' },
      now: NOW,
      idempotencyKey: 'row-1',
    });
    expect(other.uci).not.toBe(first.uci);
    await expectProblem(
      issueCertificate(database.db, vaccination({ dn: 1 }), {
        node,
        actor: ACTOR,
        now: NOW,
        idempotencyKey: 'row-1',
      }),
      'IDEMPOTENCY_KEY_REUSED',
    );
    const racing = await Promise.all(
      Array.from({ length: 6 }, () =>
        issueCertificate(database.db, test, {
          node,
          actor: ACTOR,
          now: NOW,
          idempotencyKey: 'row-2',
        }),
      ),
    );
    expect(new Set(racing.map((r) => r.hc1)).size).toBe(1);
    expect(await count()).toBe(before + 3);
    if (engine.openAnother) {
      const second = await engine.openAnother(database);
      const [a, b] = await Promise.all([
        issueCertificate(database.db, recovery, {
          node,
          actor: ACTOR,
          now: NOW,
          idempotencyKey: 'row-3',
        }),
        issueCertificate(second.db, recovery, {
          node,
          actor: ACTOR,
          now: NOW,
          idempotencyKey: 'row-3',
        }),
      ]);
      expect(a.hc1).toBe(b.hc1);
      expect(await count()).toBe(before + 4);
    }
  });

  it('stores no name or date of birth unless retention is configured, and purges after it', async () => {
    const issued = await issueCertificate(database.db, vaccination(), {
      node,
      actor: ACTOR,
      now: NOW,
    });
    const row = await database.db
      .selectFrom('issued_certificates')
      .selectAll()
      .where('uci', '=', issued.uci)
      .executeTakeFirstOrThrow();
    expect(row.payload).toBeNull();
    const text = JSON.stringify(row, (_k, v) =>
      v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v,
    );
    for (const secret of ['KIM', 'Minjun', 'MINJUN', '1980-01-01', 'HC1:'])
      expect(text).not.toContain(secret);
    expect(row.holder_hash).toHaveLength(32);

    const retaining = await createIssuanceNode(config({ retainPayloadDays: 30 }));
    const kept = await issueCertificate(database.db, vaccination(), {
      node: retaining,
      actor: ACTOR,
      now: NOW,
    });
    const stored = await database.db
      .selectFrom('issued_certificates')
      .select(['payload', 'payload_until'])
      .where('uci', '=', kept.uci)
      .executeTakeFirstOrThrow();
    expect((stored.payload as { nam: { fnt: string } }).nam.fnt).toBe('KIM');
    expect(stored.payload_until).toEqual(new Date(NOW.getTime() + 30 * DAY));
    expect(await purgeExpiredPayloads(database.db, new Date(NOW.getTime() + 29 * DAY))).toEqual(
      expect.objectContaining({ payloads: 0 }),
    );
    const purged = await purgeExpiredPayloads(database.db, new Date(NOW.getTime() + 31 * DAY));
    expect(purged.payloads).toBeGreaterThanOrEqual(1);
    const after = await database.db
      .selectFrom('issued_certificates')
      .select(['payload', 'sealed_hc1'])
      .where('uci', '=', kept.uci)
      .executeTakeFirstOrThrow();
    expect(after.payload).toBeNull();
    expect(after.sealed_hc1).toBeNull();
    expect(
      await database.db
        .selectFrom('issued_certificates')
        .select('uci')
        .where('payload', 'is not', null)
        .execute(),
    ).toEqual([]);
  });

  it('refuses to sign with an expired, revoked or wrong-usage DSC', async () => {
    const later = new Date(NOW.getTime() + 200 * DAY); // past the 6-month private-key usage
    await expectProblem(
      issueCertificate(database.db, vaccination(), { node, actor: ACTOR, now: later }),
      'ISSUANCE_DSC_EXPIRED',
    );
    const revoked = await createIssuanceNode(
      config({
        dscs: [
          {
            label: 'dsc-kr-1',
            certificate: kr.dsc.der,
            privateKey: kr.dsc.keys.privateKey,
            revoked: true,
          },
        ],
      }),
    );
    await expectProblem(
      issueCertificate(database.db, vaccination(), { node: revoked, actor: ACTOR, now: NOW }),
      'ISSUANCE_DSC_REVOKED',
    );
    const onlyTests = await createIssuanceNode(
      config({
        dscs: [
          { label: 'dsc-kr-test', certificate: testOnly.der, privateKey: testOnly.keys.privateKey },
        ],
      }),
    );
    await expectProblem(
      issueCertificate(database.db, vaccination(), { node: onlyTests, actor: ACTOR, now: NOW }),
      'ISSUANCE_DSC_WRONG_USAGE',
    );
    const testCert = await issueCertificate(database.db, test, {
      node: onlyTests,
      actor: ACTOR,
      now: NOW,
    });
    const testTrust = await DscTrustList.create([testOnly.der]);
    expect((await verify(testCert.hc1, { trust: testTrust, at: NOW, crypto })).status).toBe(
      'valid',
    );
    const both = await createIssuanceNode(
      config({
        dscs: [
          { label: 'dsc-kr-1', certificate: kr.dsc.der, privateKey: kr.dsc.keys.privateKey },
          { label: 'dsc-kr-test', certificate: testOnly.der, privateKey: testOnly.keys.privateKey },
        ],
      }),
    );
    await expectProblem(
      issueCertificate(
        database.db,
        { ...vaccination(), options: { dsc: 'dsc-kr-test' } },
        { node: both, actor: ACTOR, now: NOW },
      ),
      'ISSUANCE_DSC_WRONG_USAGE',
    );
    both.signers.setRevoked('dsc-kr-1');
    await expectProblem(
      issueCertificate(database.db, vaccination(), { node: both, actor: ACTOR, now: NOW }),
      'ISSUANCE_DSC_REVOKED',
    );
    expect(
      await queryAudit(database.db, { action: 'certificate.issue', limit: 1000 }),
    ).not.toHaveLength(0);
  });

  it('benchmark hook issues N certificates and reports a rate', async () => {
    const result = await benchmarkIssuance(database.db, node, 20, {
      now: () => NOW,
      concurrency: 4,
    });
    expect(result.count).toBe(20);
    expect(result.perSecond).toBeGreaterThan(0);
  });

  describe('HTTP API', () => {
    let issuance: Issuance;
    let app: ReturnType<typeof issuanceApp>;
    let admin: string;
    let issuer: string;
    let reader: string;
    const call = (
      route: string,
      token: string | undefined,
      init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
    ) =>
      app.request(route, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...init.headers,
        },
        ...(init.body !== undefined
          ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }
          : {}),
      });

    beforeAll(async () => {
      issuance = new Issuance(database.db, node, () => NOW);
      app = issuanceApp(issuance);
      admin = (await bootstrapAdministrator(database.db, 'root', NOW))!.token;
      expect(await bootstrapAdministrator(database.db, 'root2', NOW)).toBeUndefined();
      const make = async (body: unknown) => {
        const res = await call('/tokens', admin, { body });
        expect(res.status).toBe(201);
        return ((await res.json()) as { token: string }).token;
      };
      issuer = await make({ account: 'clinic-1', role: 'issuer', scopes: ['issue', 'read'] });
      reader = await make({ account: 'clinic-1', scopes: ['read'] });
    });

    it('issues over HTTP, replays a retried Idempotency-Key and serves QR codes and metadata', async () => {
      // Through the typed client: the body, the header and the answer are the route's types.
      const client = issuanceClient('http://node.test', {
        fetch: (input, init) => app.request(input, init),
        headers: { authorization: `Bearer ${issuer}` },
      });
      const { type, payload } = vaccination();
      const request = { json: { type, payload }, header: { 'idempotency-key': 'http-1' } };
      const res = await client.certificates.$post(request);
      expect(res.status).toBe(201);
      if (res.status !== 201) return;
      const issued = await res.json();
      expect((await verify(issued.hc1, { trust, at: NOW, crypto })).status).toBe('valid');
      const retry = await client.certificates.$post(request);
      expect(retry.status).toBe(200);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      if (retry.status === 200) expect((await retry.json()).hc1).toBe(issued.hc1);
      const svg = await call(issued.qr.svg, reader);
      expect(svg.status).toBe(200);
      expect(svg.headers.get('content-type')).toContain('image/svg+xml');
      expect(await svg.text()).toContain('<svg');
      const png = await call(issued.qr.png, issuer);
      expect(png.headers.get('content-type')).toBe('image/png');
      expect(new Uint8Array(await png.arrayBuffer()).subarray(1, 4)).toEqual(
        new Uint8Array([0x50, 0x4e, 0x47]),
      );
      const meta = await call(`/certificates/${encodeURIComponent(issued.uci)}`, reader);
      expect(meta.status).toBe(200);
      const record = (await meta.json()) as Record<string, unknown>;
      expect(record.uci).toBe(issued.uci);
      expect(record).not.toHaveProperty('hc1');
      expect(JSON.stringify(record)).not.toContain('KIM');
    });

    it('answers refused payloads with a 422 problem carrying field errors', async () => {
      const res = await call('/certificates', issuer, {
        body: vaccination({ mp: 'EU/1/99/0000', dn: 'two' }),
      });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const body = (await res.json()) as {
        title: string;
        errors: { path: string; code: string }[];
      };
      expect(body.title).toBe('DCC_INVALID');
      expect(body.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: '/payload/v/0/dn', code: 'DCC_SCHEMA_TYPE' }),
        ]),
      );
      const malformed = await call('/certificates', issuer, {
        body: { type: 'passport', payload: {} },
      });
      expect(malformed.status).toBe(400);
      expect(((await malformed.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe(
        '/type',
      );
      const huge = await call('/certificates', issuer, {
        body: JSON.stringify({ type: 'test', payload: { x: 'a'.repeat(70_000) } }),
      });
      expect(huge.status).toBe(413);
    });

    it('lets each role do only what it may', async () => {
      const anonymous = await call('/certificates', undefined, { body: vaccination() });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
      expect((await call('/certificates', 'cit_forged', { body: vaccination() })).status).toBe(401);
      // Read-only cannot issue.
      const readOnly = await call('/certificates', reader, { body: vaccination() });
      expect(readOnly.status).toBe(403);
      expect(((await readOnly.json()) as { title: string }).title).toBe('SCOPE_MISSING');
      const issued = (await (await call('/certificates', issuer, { body: test })).json()) as {
        uci: string;
      };
      const path = `/certificates/${encodeURIComponent(issued.uci)}/revoke`;
      // An issuer cannot revoke nor make tokens, nor be given the revoke scope.
      expect((await call(path, issuer, { body: { reason: 'error' } })).status).toBe(403);
      expect(
        (
          await call('/tokens', issuer, {
            body: { account: 'x', role: 'issuer', scopes: ['issue'] },
          })
        ).status,
      ).toBe(403);
      const escalate = await call('/tokens', admin, {
        body: { account: 'clinic-1', scopes: ['revoke'] },
      });
      expect(escalate.status).toBe(422);
      expect(((await escalate.json()) as { title: string }).title).toBe('SCOPE_NOT_ALLOWED');
      // The administrator revokes, once.
      const revoked = await call(path, admin, { body: { reason: 'issued in error' } });
      expect(revoked.status).toBe(200);
      expect(((await revoked.json()) as { queued: number }).queued).toBe(3);
      expect((await call(path, admin, { body: { reason: 'again' } })).status).toBe(409);
      const audit = await queryAudit(database.db, {
        action: 'certificate.revoke',
        subject: issued.uci,
      });
      expect(audit).toHaveLength(1);
      expect(audit[0]!.actor).toMatch(/^root\/token:\d+$/);
      expect(
        (await queryAudit(database.db, { action: 'token.create' })).length,
      ).toBeGreaterThanOrEqual(3);
      expect((await call('/certificates/URN%3AUVCI%3A01%3AKR%3ANOPE%23A', reader)).status).toBe(
        404,
      );
    });

    it('authenticates before it reads the body: no token is 401 whatever the body', async () => {
      for (const body of [
        '{"type": "passport"',
        '[]',
        JSON.stringify({ type: 'x' }),
        `${'['.repeat(3000)}${']'.repeat(3000)}`,
      ]) {
        const res = await call('/certificates', undefined, { body });
        expect(res.status, body.slice(0, 20)).toBe(401);
        expect(((await res.json()) as { title: string }).title).toBe('TOKEN_MISSING');
      }
      const bad = await call('/tokens', 'cit_forged', { body: '{"account": ' });
      expect(bad.status).toBe(401);
    });

    it('refuses a JSON body nested 3,000 deep with a coded 400, before anything walks it', async () => {
      const deep = `{"type":"test","payload":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`;
      const res = await call('/certificates', issuer, { body: deep });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { title: string }).title).toBe('REQUEST_TOO_DEEP');
    });

    it('reads the Bearer scheme case-insensitively (RFC 9110)', async () => {
      for (const scheme of ['bearer', 'BEARER', 'BeArEr']) {
        const res = await call(`/certificates/URN%3AUVCI%3A01%3AKR%3ANOPE%23A`, undefined, {
          headers: { authorization: `${scheme} ${reader}` },
        });
        expect(res.status, scheme).toBe(404);
      }
    });

    it('refuses to create a token that is already expired', async () => {
      for (const expiresAt of [NOW.toISOString(), '2020-01-01T00:00:00Z']) {
        const res = await call('/tokens', admin, {
          body: { account: 'clinic-1', scopes: ['read'], expiresAt },
        });
        expect(res.status, expiresAt).toBe(422);
        expect(((await res.json()) as { title: string }).title).toBe('TOKEN_EXPIRY_INVALID');
      }
      const ok = await call('/tokens', admin, {
        body: {
          account: 'clinic-1',
          scopes: ['read'],
          expiresAt: new Date(NOW.getTime() + DAY).toISOString(),
        },
      });
      expect(ok.status).toBe(201);
    });
  });
});

forEachEngine('revocation reaches verifiers through the gateway', (engine) => {
  it('a revoked certificate is CERT_REVOKED in the next gateway bundle', async () => {
    const [nodeDb, gatewayDb] = await Promise.all([engine.open(), engine.open()]);
    const kr = await createCountryKeys('KR', NOW);
    const {
      app: gw,
      anchor,
      client,
      operator,
    } = await testGateway(gatewayDb.db, { now: () => NOW });
    await onboardAll(operator, [kr]);
    const upload = await client.dscs.$post(
      {},
      await signedInit(kr, 'dsc.upload', { certificate: kr.dsc.der }, NOW),
    );
    expect(upload.status).toBe(200);

    const node = await createIssuanceNode({
      country: 'KR',
      dscs: [{ label: 'dsc-kr-1', certificate: kr.dsc.der, privateKey: kr.dsc.keys.privateKey }],
      nodeSecret: SECRET,
    });
    const bundleNow = async () => {
      const loaded = await loadTrustBundle(
        new Uint8Array(await (await gw.request('/bundle')).arrayBuffer()),
        { anchors: [anchor.key], at: NOW, crypto },
      );
      if (!loaded.ok) throw new Error(`bundle refused: ${loaded.code}`);
      return loaded.value;
    };
    const kept = await issueCertificate(nodeDb.db, vaccination(), { node, actor: ACTOR, now: NOW });
    const doomed = await issueCertificate(nodeDb.db, test, { node, actor: ACTOR, now: NOW });
    const before = await bundleNow();
    expect((await verify(doomed.hc1, { trust: before, at: NOW, crypto })).status).toBe('valid');

    await revokeCertificate(
      nodeDb.db,
      { uci: doomed.uci, reason: 'issued to the wrong person' },
      { actor: ACTOR, now: NOW },
    );
    const fetchGateway = (url: string, init: RequestInit) => Promise.resolve(gw.request(url, init));
    const pushed = await pushRevocations(nodeDb.db, {
      country: 'KR',
      gatewayUrl: 'http://gateway.test',
      uploadSigner: kr.uploadSigner,
      now: NOW,
      crypto,
      fetch: fetchGateway,
    });
    expect(pushed).toEqual({ batches: 3, hashes: 3 });
    // Nothing left: a second run sends nothing.
    expect(
      await pushRevocations(nodeDb.db, {
        country: 'KR',
        gatewayUrl: 'http://gateway.test',
        uploadSigner: kr.uploadSigner,
        now: NOW,
        crypto,
        fetch: fetchGateway,
      }),
    ).toEqual({ batches: 0, hashes: 0 });
    const atGateway = await gatewayDb.db
      .selectFrom('revocation_hashes')
      .select(['kid', 'hash_type'])
      .execute();
    expect(atGateway.map((h) => h.hash_type).sort()).toEqual([
      'COUNTRYCODEUCI',
      'SIGNATURE',
      'UCI',
    ]);
    expect(new Set(atGateway.map((h) => h.kid))).toEqual(new Set([toBase64(kr.dsc.kid)]));

    const after = await bundleNow();
    expect(after.version).toBeGreaterThan(before.version);
    const report = await verify(doomed.hc1, { trust: after, at: NOW, crypto });
    expect(report.status).toBe('invalid');
    expect(report.findings.map((f) => f.code)).toEqual(['CERT_REVOKED']);
    expect((await verify(kept.hc1, { trust: after, at: NOW, crypto })).status).toBe('valid');
    // The SIGNATURE hash alone (ES256: r half) matches, as verifiers compute it.
    expect(
      await after.isRevoked(
        { country: 'KR', signature: signatureOf(doomed.hc1), alg: 'ES256' },
        crypto,
      ),
    ).toBe(true);
    expect(
      await after.isRevoked(
        { country: 'KR', signature: signatureOf(kept.hc1), alg: 'ES256' },
        crypto,
      ),
    ).toBe(false);

    // Batches never mix kids or hash types and respect the batch size.
    for (let i = 0; i < 2; i++) {
      const more = await issueCertificate(nodeDb.db, test, { node, actor: ACTOR, now: NOW });
      await revokeCertificate(
        nodeDb.db,
        { uci: more.uci, reason: 'test' },
        { actor: ACTOR, now: NOW },
      );
    }
    const small = await pushRevocations(nodeDb.db, {
      country: 'KR',
      gatewayUrl: 'http://gateway.test/',
      uploadSigner: kr.uploadSigner,
      now: NOW,
      crypto,
      fetch: fetchGateway,
      batchSize: 1,
    });
    expect(small).toEqual({ batches: 6, hashes: 6 });
    expect(await gatewayDb.db.selectFrom('revocation_hashes').select('id').execute()).toHaveLength(
      9,
    );
  });
});
