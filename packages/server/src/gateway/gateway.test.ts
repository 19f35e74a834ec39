// Over 500 lines on purpose: one gateway scenario per engine whose steps build on each other
// (onboarding, uploads, revocations, bundles, the log), sharing the database they fill.
import { encodeCbor } from '@corridor/core/cbor';
import { signCoseSign1 } from '@corridor/core/cose';
import { defaultCrypto } from '@corridor/core/crypto';
import { issueHcert } from '@corridor/core/issue';
import { toBase64 } from '@corridor/core/lib';
import {
  checkViews,
  verifyConsistency,
  verifyInclusion,
  verifyTreeHead,
} from '@corridor/core/transparency';
import { countersignAgreement, loadTrustBundle, signAgreement } from '@corridor/core/trust';
import { verify } from '@corridor/core/verify';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { forEachEngine } from '../db/test-engines.js';
import { createCsca } from '../pki/csca.js';
import { createDsc } from '../pki/dsc.js';
import { gatewayApp } from './app.js';
import { type CountryKeys, createAnchor, createCountryKeys } from './fixtures.js';
import { Gateway } from './service.js';
import { signGatewayRequest } from './signed-request.js';

const NOW = new Date('2026-03-01T09:00:00Z');
const TOKEN = 'operator-secret';
const crypto = defaultCrypto();

const dcc = (country: string, uci: string) => ({
  ver: '1.3.0',
  nam: { fn: 'Kim', fnt: 'KIM', gn: 'Minjun', gnt: 'MINJUN' },
  dob: '1980-01-01',
  v: [
    {
      tg: '840539006',
      vp: '1119349007',
      mp: 'EU/1/20/1528',
      ma: 'ORG-100030215',
      dn: 2,
      sd: 2,
      dt: '2026-01-10',
      co: country,
      is: `Ministry of Health ${country}`,
      ci: uci,
    },
  ],
});

forEachEngine('trust gateway scenario', (engine) => {
  let database: Database;
  let gateway: Gateway;
  let app: ReturnType<typeof gatewayApp>;
  let anchor: Awaited<ReturnType<typeof createAnchor>>;
  let cn: CountryKeys;
  let kr: CountryKeys;
  let clock = NOW;

  const send = async (
    path: string,
    keys: CountryKeys,
    action: string,
    body: Record<string, unknown>,
    extra: { country?: string; iat?: number } = {},
  ) => {
    const bytes = await signGatewayRequest(
      {
        country: extra.country ?? keys.country,
        action,
        iat: extra.iat ?? Math.floor(clock.getTime() / 1000),
        body,
      },
      keys.uploadSigner,
      crypto,
    );
    return {
      bytes,
      res: await app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/cose' },
        body: bytes as BodyInit,
      }),
    };
  };
  const trustVersion = async () =>
    (await database.db.selectFrom('trust_versions').select('version').executeTakeFirstOrThrow())
      .version;

  beforeAll(async () => {
    database = await engine.open();
    anchor = await createAnchor();
    gateway = new Gateway(database.db, {
      id: 'corridor-test-gateway',
      anchor: anchor.signer,
      anchorKey: anchor.key,
      crypto,
      now: () => clock,
    });
    app = gatewayApp(gateway, { operatorToken: TOKEN });
    [cn, kr] = await Promise.all([createCountryKeys('CN', NOW), createCountryKeys('KR', NOW)]);
  }, 180_000);

  it('onboards two countries (operator only) and lists them', async () => {
    for (const keys of [cn, kr]) {
      const body = JSON.stringify({
        country: keys.country,
        name: `Health authority ${keys.country}`,
        uploadCertificate: keys.upload.pem,
        authorityCertificate: keys.authority.pem,
        cscas: [keys.csca.pem],
      });
      const anonymous = await app.request('/participants', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
      const res = await app.request('/participants', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body,
      });
      expect(res.status).toBe(201);
    }
    const list = (await (await app.request('/participants')).json()) as { country: string }[];
    expect(list.map((p) => p.country)).toEqual(['CN', 'KR']);
  });

  it('accepts DSC uploads signed by the country and serves whole and delta trust lists', async () => {
    const before = await trustVersion();
    const up = await send('/dscs', cn, 'dsc.upload', { certificate: cn.dsc.der });
    expect(up.res.status).toBe(200);
    expect(((await up.res.json()) as { kid: string }).kid).toBe(toBase64(cn.dsc.kid));
    expect((await send('/dscs', kr, 'dsc.upload', { certificate: kr.dsc.der })).res.status).toBe(
      200,
    );
    const whole = (await (await app.request('/trustlist')).json()) as {
      entries: { kind: string; country: string }[];
      version: number;
    };
    expect(
      whole.entries
        .filter((e) => e.kind === 'DSC')
        .map((e) => e.country)
        .sort(),
    ).toEqual(['CN', 'KR']);
    expect(whole.entries.filter((e) => e.kind === 'CSCA')).toHaveLength(2);
    const delta = (await (await app.request(`/trustlist?since=${before + 1}`)).json()) as {
      entries: { country: string }[];
    };
    expect(delta.entries.map((e) => e.country)).toEqual(['KR']);
    const paged = (await (await app.request('/trustlist?pageSize=1&page=1')).json()) as {
      entries: unknown[];
      nextPage?: number;
    };
    expect(paged.entries).toHaveLength(1);
    expect(paged.nextPage).toBe(2);
  });

  it('refuses unauthenticated, replayed, stale and wrong-participant requests, changing nothing', async () => {
    const before = await trustVersion();
    const other = await createDsc({
      csca: { certificate: cn.csca.der, privateKey: cn.csca.keys.privateKey },
      country: 'CN',
      commonName: 'CN DSC 2',
      usages: ['test'],
      now: NOW,
    });
    // KR signs a request claiming to be CN: the signature does not match CN's upload key.
    const forged = await send(
      '/dscs',
      kr,
      'dsc.upload',
      { certificate: other.der },
      { country: 'CN' },
    );
    expect(forged.res.status).toBe(401);
    expect(((await forged.res.json()) as { title: string }).title).toBe('REQUEST_UNAUTHENTICATED');
    // A request signed for another action.
    const wrongAction = await signGatewayRequest(
      {
        country: 'CN',
        action: 'dsc.revoke',
        iat: Math.floor(clock.getTime() / 1000),
        body: { certificate: other.der },
      },
      cn.uploadSigner,
      crypto,
    );
    expect(
      (
        await app.request('/dscs', {
          method: 'POST',
          headers: { 'content-type': 'application/cose' },
          body: wrongAction as BodyInit,
        })
      ).status,
    ).toBe(403);
    // Stale timestamp.
    expect(
      (
        await send(
          '/dscs',
          cn,
          'dsc.upload',
          { certificate: other.der },
          { iat: Math.floor(clock.getTime() / 1000) - 3600 },
        )
      ).res.status,
    ).toBe(401);
    // KR may not revoke CN's DSC.
    const revokeOther = await send('/dscs/revoke', kr, 'dsc.revoke', {
      kid: toBase64(cn.dsc.kid),
      reason: 'hostile',
    });
    expect(revokeOther.res.status).toBe(403);
    // Replay of a valid request.
    const first = await send('/dscs', cn, 'dsc.upload', { certificate: other.der });
    expect(first.res.status).toBe(200);
    const replay = await app.request('/dscs', {
      method: 'POST',
      headers: { 'content-type': 'application/cose' },
      body: first.bytes as BodyInit,
    });
    expect(replay.status).toBe(409);
    expect(await trustVersion()).toBe(before + 1);
  });

  it('refuses hostile bodies with a coded problem: wrong type, oversized, malformed COSE', async () => {
    const before = await trustVersion();
    const cose = (body: BodyInit): RequestInit => ({
      method: 'POST',
      headers: { 'content-type': 'application/cose' },
      body,
    });
    const cases: [RequestInit, number, string][] = [
      [
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [cose(new Uint8Array(300_000)), 413, 'BODY_TOO_LARGE'],
      [cose(new Uint8Array([0xd2, 0x84, 0x40])), 400, 'REQUEST_MALFORMED'],
      [cose(new Uint8Array(0)), 400, 'REQUEST_MALFORMED'],
      [cose(encodeCbor([1, 2, 3, 4]) as BodyInit), 400, 'REQUEST_MALFORMED'],
    ];
    const endpoints = [
      '/dscs',
      '/dscs/revoke',
      '/rules',
      '/valuesets',
      '/revocations',
      '/agreements/propose',
      '/agreements/countersign',
      '/agreements/activate',
      '/agreements/suspend',
      '/agreements/terminate',
    ];
    for (const endpoint of endpoints) {
      for (const [init, status, code] of cases) {
        const res = await app.request(endpoint, init);
        expect(res.status, `${endpoint} ${code}`).toBe(status);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(((await res.json()) as { title: string }).title).toBe(code);
      }
    }
    // A well-signed request replayed to any endpoint is refused too.
    const once = await send('/agreements/suspend', cn, 'agreement.suspend', {
      id: 'no-such-agreement',
    });
    expect(once.res.status).toBe(404);
    const replayed = await app.request('/agreements/suspend', {
      method: 'POST',
      headers: { 'content-type': 'application/cose' },
      body: once.bytes as BodyInit,
    });
    expect(replayed.status).toBe(409);
    // The operator's JSON route refuses anonymous and oversized bodies before parsing them.
    const big = JSON.stringify({ country: 'XX', name: 'x'.repeat(400_000) });
    const anonymousBig = await app.request('/participants', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(anonymousBig.status).toBe(401);
    const operatorBig = await app.request('/participants', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: big,
    });
    expect(operatorBig.status).toBe(413);
    const notJson = await app.request('/participants', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: '{"country":',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('content-type')).toContain('application/problem+json');
    const badQuery = await app.request('/trustlist?pageSize=5000');
    expect(badQuery.status).toBe(400);
    expect(await trustVersion()).toBe(before);
  });

  it('refuses a DSC not chained to the uploader CSCA, of another country, or with a colliding kid', async () => {
    const rogueCsca = await createCsca({ country: 'CN', commonName: 'Rogue CSCA', now: NOW });
    const rogue = await createDsc({
      csca: { certificate: rogueCsca.der, privateKey: rogueCsca.keys.privateKey },
      country: 'CN',
      commonName: 'Rogue',
      usages: ['vaccination'],
      now: NOW,
    });
    const notChained = await send('/dscs', cn, 'dsc.upload', { certificate: rogue.der });
    expect(notChained.res.status).toBe(422);
    expect(((await notChained.res.json()) as { title: string }).title).toBe('DSC_NOT_CHAINED');
    const foreign = await send('/dscs', cn, 'dsc.upload', { certificate: kr.dsc.der });
    expect(((await foreign.res.json()) as { title: string }).title).toBe('DSC_COUNTRY_MISMATCH');
    // A kid already held by KR (simulated: SHA-256 prefixes do not collide on demand).
    const next = await createDsc({
      csca: { certificate: cn.csca.der, privateKey: cn.csca.keys.privateKey },
      country: 'CN',
      commonName: 'CN DSC 3',
      usages: ['test'],
      now: NOW,
    });
    await database.db
      .insertInto('dscs')
      .values({
        country: 'KR',
        kid: toBase64(next.kid),
        der: kr.dsc.der,
        thumbprint: new Uint8Array(32),
        not_before: NOW,
        not_after: NOW,
        revoked_at: NOW,
        revocation_reason: 'fixture',
        version: 0,
        csca_id: null,
        upload_signature: null,
      })
      .execute();
    const collision = await send('/dscs', cn, 'dsc.upload', { certificate: next.der });
    expect(collision.res.status).toBe(409);
    expect(((await collision.res.json()) as { title: string }).title).toBe('KID_COLLISION');
  });

  it('runs the agreement lifecycle and every step is audited', async () => {
    const agreement = {
      id: 'CN-KR-fast-track-2026',
      parties: ['CN', 'KR'] as [string, string],
      recognitions: [
        {
          verifier: 'KR',
          issuer: 'CN',
          types: ['vaccination', 'test'] as ('vaccination' | 'test')[],
        },
        {
          verifier: 'CN',
          issuer: 'KR',
          types: ['vaccination', 'test'] as ('vaccination' | 'test')[],
        },
      ],
      validFrom: Math.floor(NOW.getTime() / 1000) - 86400,
      validTo: Math.floor(NOW.getTime() / 1000) + 365 * 86400,
    };
    const signed = await signAgreement(agreement, cn.authoritySigner, crypto);
    expect(
      (
        await send('/agreements/propose', cn, 'agreement.propose', {
          id: agreement.id,
          document: signed,
        })
      ).res.status,
    ).toBe(200);
    expect(
      (await send('/agreements/activate', kr, 'agreement.activate', { id: agreement.id })).res
        .status,
    ).toBe(409);
    const countersigned = await countersignAgreement(signed, kr.authoritySigner, crypto);
    expect(
      (
        await send('/agreements/countersign', kr, 'agreement.countersign', {
          id: agreement.id,
          document: countersigned,
        })
      ).res.status,
    ).toBe(200);
    expect(
      (await send('/agreements/activate', kr, 'agreement.activate', { id: agreement.id })).res
        .status,
    ).toBe(200);
    const list = (await (await app.request('/agreements')).json()) as {
      id: string;
      status: string;
    }[];
    // The countersigned document comes with it, so a reader checks both signatures itself.
    expect(list).toEqual([
      {
        id: agreement.id,
        status: 'active',
        parties: ['CN', 'KR'],
        document: toBase64(countersigned),
      },
    ]);
    const audit = (await (
      await app.request('/audit?limit=1000', { headers: { authorization: `Bearer ${TOKEN}` } })
    ).json()) as { action: string }[];
    const actions = audit.map((a) => a.action);
    for (const step of [
      'agreement.propose',
      'agreement.countersign',
      'agreement.activate',
      'dsc.upload',
      'participant.onboard',
    ]) {
      expect(actions).toContain(step);
    }
  });

  it('serves a signed bundle that verify() uses offline, with agreements and revocations', async () => {
    const res = await app.request('/bundle');
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag')!;
    expect((await app.request('/bundle', { headers: { 'if-none-match': etag } })).status).toBe(304);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const loaded = await loadTrustBundle(bytes, { anchors: [anchor.key], at: clock, crypto });
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const bundle = loaded.value;
    expect(bundle.rejected).toEqual([]);
    expect(bundle.recognises('KR', 'CN', 'vaccination', clock)).toBe(true);
    expect(bundle.recognises('KR', 'CN', 'recovery', clock)).toBe(false);
    const code = await issueHcert(dcc('CN', 'URN:UVCI:01:CN:TEST0001#X'), {
      signer: {
        alg: cn.dsc.keys.alg,
        privateKey: cn.dsc.keys.privateKey,
        kid: cn.dsc.kid,
        country: 'CN',
      },
      at: clock,
      expiresAt: new Date(clock.getTime() + 30 * 86400_000),
    });
    const report = await verify(code, { trust: bundle, at: clock });
    expect(report.status).toBe('valid');
    // Recognition follows the agreement: KR accepts CN vaccinations, not CN recoveries.
    expect((await verify(code, { trust: bundle, at: clock, verifier: 'KR' })).status).toBe('valid');
    const recovery = await issueHcert(
      {
        ...dcc('CN', 'URN:UVCI:01:CN:TEST0002#Y'),
        v: undefined,
        r: [
          {
            tg: '840539006',
            fr: '2026-01-01',
            co: 'CN',
            is: 'NHC',
            df: '2026-01-12',
            du: '2026-06-30',
            ci: 'URN:UVCI:01:CN:TEST0002#Y',
          },
        ],
      },
      {
        signer: {
          alg: cn.dsc.keys.alg,
          privateKey: cn.dsc.keys.privateKey,
          kid: cn.dsc.kid,
          country: 'CN',
        },
        at: clock,
        expiresAt: new Date(clock.getTime() + 86400_000),
      },
    );
    const unrecognised = await verify(recovery, { trust: bundle, at: clock, verifier: 'KR' });
    expect(unrecognised.findings.map((f) => f.code)).toEqual(['NO_RECOGNITION_AGREEMENT']);
    expect((await verify(recovery, { trust: bundle, at: clock, verifier: 'CN' })).status).toBe(
      'valid',
    );

    // CN revokes the certificate by UCI hash: the next bundle makes verify() refuse it.
    const uciHash = new Uint8Array(
      await globalThis.crypto.subtle.digest(
        'SHA-256',
        new TextEncoder().encode('URN:UVCI:01:CN:TEST0001#X'),
      ),
    ).subarray(0, 16);
    expect(
      (
        await send('/revocations', cn, 'revocations.upload', {
          kid: toBase64(cn.dsc.kid),
          hashType: 'UCI',
          hashes: [uciHash],
        })
      ).res.status,
    ).toBe(200);
    const withRevocation = await loadTrustBundle(
      new Uint8Array(await (await app.request('/bundle')).arrayBuffer()),
      { anchors: [anchor.key], at: clock, crypto },
    );
    expect(withRevocation.ok).toBe(true);
    if (!withRevocation.ok) return;
    const revoked = await verify(code, { trust: withRevocation.value, at: clock });
    expect(revoked.status).toBe('invalid');
    expect(revoked.findings.map((f) => f.code)).toEqual(['CERT_REVOKED']);
    expect((await verify(recovery, { trust: withRevocation.value, at: clock })).status).toBe(
      'valid',
    );

    // Tampered, rolled back and clock-behind bundles are refused.
    const tampered = bytes.slice();
    tampered[tampered.length - 5]! ^= 0xff;
    expect(
      await loadTrustBundle(tampered, { anchors: [anchor.key], at: clock, crypto }),
    ).toMatchObject({ ok: false, code: 'BUNDLE_SIGNATURE_INVALID' });
    expect(
      await loadTrustBundle(bytes, {
        anchors: [anchor.key],
        at: new Date(clock.getTime() - 3600_000),
        crypto,
      }),
    ).toMatchObject({ ok: false, code: 'BUNDLE_CLOCK_BEFORE_ISSUE' });
    expect(
      await loadTrustBundle(bytes, {
        anchors: [anchor.key],
        at: clock,
        crypto,
        previous: { version: bundle.version + 1, hash: 'x' },
      }),
    ).toMatchObject({ ok: false, code: 'BUNDLE_ROLLBACK' });
    expect(bundle.problems(new Date(clock.getTime() + 49 * 3600_000)).map((p) => p.code)).toEqual([
      'BUNDLE_EXPIRED',
    ]);

    // Revoke CN's DSC: the next bundle no longer trusts it.
    clock = new Date(NOW.getTime() + 3600_000);
    expect(
      (
        await send('/dscs/revoke', cn, 'dsc.revoke', {
          kid: toBase64(cn.dsc.kid),
          reason: 'key compromise',
        })
      ).res.status,
    ).toBe(200);
    const delta = (await (await app.request('/trustlist?since=1')).json()) as {
      entries: { kid: string; revoked: boolean }[];
    };
    expect(delta.entries.find((e) => e.kid === toBase64(cn.dsc.kid))?.revoked).toBe(true);
    const next = new Uint8Array(await (await app.request('/bundle')).arrayBuffer());
    const reloaded = await loadTrustBundle(next, {
      anchors: [anchor.key],
      at: clock,
      crypto,
      previous: { version: bundle.version, hash: bundle.hash },
    });
    expect(reloaded.ok).toBe(true);
    if (!reloaded.ok) return;
    expect(reloaded.value.version).toBeGreaterThan(bundle.version);
    const after = await verify(code, { trust: reloaded.value, at: clock });
    expect(after.status).toBe('invalid');
    expect(after.findings.map((f) => f.code)).toContain('DSC_UNKNOWN_KID');
  });

  it('distributes signed rule sets, value sets and revocation hashes', async () => {
    const rules = new TextEncoder().encode(
      JSON.stringify([{ Identifier: 'TR-CN-0001', Version: '1.0.0' }]),
    );
    const byAuthority = await signCoseSign1(rules, { signer: cn.authoritySigner, crypto });
    const byUploadKey = await signCoseSign1(rules, { signer: cn.uploadSigner, crypto });
    const refused = await send('/rules', cn, 'rules.upload', { document: byUploadKey });
    expect(refused.res.status).toBe(422);
    expect(((await refused.res.json()) as { title: string }).title).toBe(
      'DOCUMENT_SIGNATURE_INVALID',
    );
    expect((await send('/rules', cn, 'rules.upload', { document: byAuthority })).res.status).toBe(
      200,
    );
    expect(
      (
        await send('/valuesets', kr, 'valuesets.upload', {
          document: await signCoseSign1(rules, { signer: kr.authoritySigner, crypto }),
        })
      ).res.status,
    ).toBe(200);
    const docs = (await (await app.request('/documents/rules?country=CN')).json()) as {
      country: string;
      document: string;
    }[];
    expect(docs).toHaveLength(1);
    expect(docs[0]!.document).toBe(toBase64(byAuthority));
    expect(((await (await app.request('/documents/valuesets')).json()) as unknown[]).length).toBe(
      1,
    );
    const revocations = (await (await app.request('/revocations?since=0')).json()) as {
      entries: { hashType: string; country: string }[];
    };
    expect(revocations.entries).toEqual([
      expect.objectContaining({ country: 'CN', hashType: 'UCI' }),
    ]);
    // A node retrying a batch the gateway already holds changes nothing and succeeds.
    const again = new Uint8Array(
      await globalThis.crypto.subtle.digest(
        'SHA-256',
        new TextEncoder().encode('URN:UVCI:01:CN:TEST0001#X'),
      ),
    ).subarray(0, 16);
    const retry = await send('/revocations', cn, 'revocations.upload', {
      kid: toBase64(cn.dsc.kid),
      hashType: 'UCI',
      hashes: [again],
    });
    expect(retry.res.status).toBe(200);
    expect(((await retry.res.json()) as { added: number }).added).toBe(0);
    const bad = await send('/revocations', cn, 'revocations.upload', {
      kid: 'x',
      hashType: 'UCI',
      hashes: [new Uint8Array(5)],
    });
    expect(bad.res.status).toBe(422);
    // China cannot list revocation hashes under Korea's DSC: Korean codes would be revoked.
    const foreign = await send('/revocations', cn, 'revocations.upload', {
      kid: toBase64(kr.dsc.kid),
      hashType: 'UCI',
      hashes: [again],
    });
    expect(foreign.res.status).toBe(403);
    expect(((await foreign.res.json()) as { title: string }).title).toBe('REVOCATION_KID_NOT_OWN');
    const unknown = await send('/revocations', cn, 'revocations.upload', {
      kid: 'AAAAAAAAAAA=',
      hashType: 'UCI',
      hashes: [again],
    });
    expect(unknown.res.status).toBe(403);
  });

  it('re-checks each participant record against the anchor signature when it is read', async () => {
    await database.db
      .updateTable('participants')
      .set({ name: 'Tampered' })
      .where('country', '=', 'KR')
      .execute();
    try {
      const list = (await (await app.request('/participants')).json()) as { country: string }[];
      expect(list.map((p) => p.country)).toEqual(['CN']);
      const refused = await send('/dscs/revoke', kr, 'dsc.revoke', {
        kid: toBase64(kr.dsc.kid),
        reason: 'x',
      });
      expect(refused.res.status).toBe(401);
    } finally {
      await database.db
        .updateTable('participants')
        .set({ name: 'Health authority KR' })
        .where('country', '=', 'KR')
        .execute();
    }
    expect(((await (await app.request('/participants')).json()) as unknown[]).length).toBe(2);
  });

  it('leaves nothing half-written when a change fails midway', async () => {
    const before = await trustVersion();
    const leaves = async () =>
      (
        await database.db
          .selectFrom('transparency_leaves')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const leavesBefore = await leaves();
    const extra = await createDsc({
      csca: { certificate: kr.csca.der, privateKey: kr.csca.keys.privateKey },
      country: 'KR',
      commonName: 'KR DSC 2',
      usages: ['test'],
      now: NOW,
    });
    // The audit append is the last step of the transaction; make it fail after the DSC row,
    // the version bump and the log leaf are written.
    const realNow = gateway.config.now;
    let calls = 0;
    (gateway.config as { now: () => Date }).now = () =>
      ++calls > 3 ? new Date(Number.NaN) : clock;
    try {
      const failed = await send('/dscs', kr, 'dsc.upload', { certificate: extra.der });
      expect(failed.res.status).toBe(500);
      expect(((await failed.res.json()) as { title: string }).title).toBe('INTERNAL_ERROR');
    } finally {
      (gateway.config as { now: () => Date }).now = realNow;
    }
    expect(await trustVersion()).toBe(before);
    expect(await leaves()).toBe(leavesBefore);
    const rows = await database.db
      .selectFrom('dscs')
      .select('kid')
      .where('kid', '=', toBase64(extra.kid))
      .execute();
    expect(rows).toEqual([]);
  });

  it('keeps a transparency log whose proofs verify and exposes a forked view', async () => {
    const head = await verifyTreeHead(
      new Uint8Array(await (await app.request('/tlog/head')).arrayBuffer()),
      [anchor.key],
      { crypto },
    );
    expect(head.ok).toBe(true);
    if (!head.ok) return;
    const size = head.value.treeSize;
    expect(size).toBeGreaterThan(5);
    const inclusion = (await (
      await app.request(`/tlog/inclusion?index=2&size=${size}`)
    ).json()) as { leafHash: string; proof: string[] };
    const fromB64 = (s: string) => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));
    expect(
      verifyInclusion(
        fromB64(inclusion.leafHash),
        2,
        size,
        inclusion.proof.map(fromB64),
        head.value.rootHash,
      ),
    ).toBe(true);
    const consistency = (await (
      await app.request(`/tlog/consistency?from=3&to=${size}`)
    ).json()) as { proof: string[] };
    const log = await gateway.transparencyLog();
    expect(
      verifyConsistency(3, size, log.root(3), head.value.rootHash, consistency.proof.map(fromB64)),
    ).toBe(true);
    // A gateway showing another party a different history for the same size is caught.
    const forkedLog = new (log.constructor as new () => typeof log)();
    for (let i = 0; i < size; i++)
      forkedLog.append(i === 1 ? new Uint8Array(32).fill(7) : log.leafHashAt(i));
    const forked = { ...head.value, rootHash: forkedLog.root() };
    const verdict = checkViews(head.value, forked, []);
    expect(verdict.ok).toBe(false);
  });
});
