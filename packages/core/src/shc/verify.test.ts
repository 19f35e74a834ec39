/**
 * SMART Health Card verification on cards signed here, so each test's defect is the only one:
 * trust bound to `iss`, key checks, the signature, dates, revocation, the FHIR reading and the
 * DCC view policies decide on.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bundle,
  claims,
  immunization,
  jwksOf,
  labResult,
  makeShcIssuer,
  rawDeflate,
  signCard,
  type TestShcIssuer,
} from '../../test-support/shc-issuer.js';
import { defaultCrypto } from '../crypto/provider.js';
import { utf8Encode } from '../lib/bytes.js';
import { evaluatePolicy } from '../policy/evaluate.js';
import type { Report, ShcCredential } from '../report/report.js';
import { encodeShcQr } from './encode-qr.js';
import { ShcTrust } from './trust.js';
import { hashFhirRid, verifyShc } from './verify.js';

const AT = new Date('2023-07-01T00:00:00Z');
const S = {} as { a: TestShcIssuer; b: TestShcIssuer };

beforeAll(async () => {
  S.a = await makeShcIssuer('https://a.example.org/shc');
  S.b = await makeShcIssuer('https://b.example.org');
});

const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);
/** The first `v` or `t` entry of a report's DCC view. */
const entry = (r: Report, group: 'v' | 't') =>
  ((r.credential?.dcc ?? {}) as Record<string, Record<string, unknown>[] | undefined>)[group]?.[0];
const vaccination = () =>
  bundle(immunization('208', '2021-05-01'), immunization('208', '2021-05-22', 'LOT2'));

async function trustFor(
  ...issuers: { issuer: TestShcIssuer; jwks?: string; crls?: unknown[]; country?: string }[]
) {
  return ShcTrust.create({
    issuers: issuers.map(({ issuer, jwks, crls, country }) => ({
      iss: issuer.iss,
      jwks: jwks ?? jwksOf(issuer),
      ...(crls ? { crls: crls as object[] } : {}),
      ...(country ? { country } : {}),
    })),
  });
}

describe('a correctly issued card', () => {
  it('verifies from its QR text, its bytes and as a bare JWS, with the same credential', async () => {
    const trust = await trustFor({ issuer: S.a, country: 'KR' });
    const jws = await signCard(S.a, { claims: claims(S.a, vaccination()) });
    const qr = encodeShcQr(jws);
    for (const input of [qr, utf8Encode(qr), jws]) {
      const report = await verifyShc(input, { trust, at: AT });
      expect(report.status, codes(report).join()).toBe('valid');
      expect(report.steps).toMatchObject({
        trust: 'passed',
        signature: 'passed',
        validity: 'passed',
      });
    }
    const report = await verifyShc(qr, { trust, at: AT });
    const credential = report.credential as ShcCredential;
    expect(credential).toMatchObject({
      format: 'shc',
      type: 'vaccination',
      issuer: 'KR',
      issuerId: S.a.iss,
      issuedAt: '2023-06-22T16:19:24.500Z',
      kid: S.a.kid,
      alg: 'ES256',
      holder: {
        familyName: 'Kim',
        givenName: 'Min Jun',
        familyNameTransliterated: 'KIM',
        givenNameTransliterated: 'MIN<JUN',
        dateOfBirth: '1990-05-17',
      },
    });
    expect(credential.dcc).toEqual({
      ver: '1.3.0',
      nam: { fn: 'Kim', fnt: 'KIM', gn: 'Min Jun', gnt: 'MIN<JUN' },
      dob: '1990-05-17',
      v: [
        {
          tg: '840539006',
          vp: '1119349007',
          mp: 'EU/1/20/1528',
          ma: 'ORG-100030215',
          dn: 2,
          sd: 2,
          dt: '2021-05-22',
          co: 'KR',
          is: S.a.iss,
        },
      ],
    });
    expect(credential.records?.[1]).toMatchObject({
      kind: 'immunization',
      covid: true,
      lotNumber: 'LOT2',
      performer: 'Seoul Clinic',
      codes: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '208' }],
    });
  });

  it('meets "a NAAT test of at most 72 h, not detected" with a lab result, as an HC1 test would', async () => {
    const trust = await trustFor({ issuer: S.a });
    const card = bundle(labResult('94500-6', '260385009', '2023-06-29T08:30:00+09:00'));
    const report = await verifyShc(await signCard(S.a, { claims: claims(S.a, card) }), {
      trust,
      at: AT,
    });
    expect(report.status, codes(report).join()).toBe('valid');
    expect(report.credential?.type).toBe('test');
    expect(entry(report, 't')).toEqual({
      tg: '840539006',
      tt: 'LP6464-4',
      sc: '2023-06-28T23:30:00Z',
      tr: '260415000',
      tc: 'Incheon Airport Lab',
      is: S.a.iss,
    });
    const policy = {
      credential: 'test' as const,
      maxAgeHours: 72,
      testType: ['LP6464-4'],
      result: '260415000',
    };
    expect(evaluatePolicy(policy, [report], { at: AT }).satisfied).toBe(true);
    const late = new Date('2023-07-02T00:00:00Z');
    expect(evaluatePolicy(policy, [report], { at: late }).satisfied).toBe(false);
  });

  it('maps a rapid antigen test and keeps a LOINC code with no EU test type', async () => {
    const trust = await trustFor({ issuer: S.a });
    const rat = await verifyShc(
      await signCard(S.a, {
        claims: claims(S.a, bundle(labResult('94558-4', '260415000', '2023-06-30'))),
      }),
      { trust, at: AT },
    );
    expect(entry(rat, 't')).toMatchObject({
      tt: 'LP217198-3',
      sc: '2023-06-30T00:00:00Z',
    });
    const serology = await verifyShc(
      await signCard(S.a, {
        claims: claims(S.a, bundle(labResult('94563-4', '10828004', '2023-06-30'))),
      }),
      { trust, at: AT },
    );
    expect(entry(serology, 't')).toMatchObject({
      tt: '94563-4',
      tr: '260373001',
    });
  });

  it('keeps the CVX code where no EU product is defined, with the generic prophylaxis', async () => {
    const trust = await trustFor({ issuer: S.a });
    const report = await verifyShc(
      await signCard(S.a, { claims: claims(S.a, bundle(immunization('213', '2021-06-01'))) }),
      { trust, at: AT },
    );
    expect(entry(report, 'v')).toMatchObject({
      vp: '28531000087107',
      mp: '213',
      dn: 1,
    });
    expect(entry(report, 'v')).not.toHaveProperty('sd');
  });

  it('accepts a fractional nbf and checks nbf and exp against the verification time', async () => {
    const trust = await trustFor({ issuer: S.a });
    const exp = Date.parse('2023-06-30T00:00:00Z') / 1000 + 0.25;
    const expired = await verifyShc(
      await signCard(S.a, { claims: claims(S.a, vaccination(), { exp }) }),
      { trust, at: AT },
    );
    expect(expired.status).toBe('invalid');
    expect(codes(expired)).toEqual(['SHC_EXPIRED']);
    expect(expired.credential?.expiresAt).toBe('2023-06-30T00:00:00.250Z');
    const future = await verifyShc(
      await signCard(S.a, {
        claims: claims(S.a, vaccination(), { nbf: AT.getTime() / 1000 + 0.5 }),
      }),
      { trust, at: AT },
    );
    expect(codes(future)).toEqual(['SHC_NOT_YET_VALID']);
    expect(future.steps.validity).toBe('failed');
  });

  it('speaks Chinese and Korean', async () => {
    const trust = await trustFor({ issuer: S.a });
    const jws = await signCard(S.a, { claims: claims(S.a, vaccination(), { exp: 1 }) });
    const zh = await verifyShc(jws, { trust, at: AT, lang: 'zh' });
    const ko = await verifyShc(jws, { trust, at: AT, lang: 'ko' });
    expect(zh.findings[0]?.message).toBe('该健康卡已于 1970-01-01T00:00:01Z 过期。');
    expect(ko.findings[0]?.message).toBe('카드가 1970-01-01T00:00:01Z에 만료되었습니다.');
  });
});

describe('keys come only from the JWK set of the issuer the card names', () => {
  it("refuses a card signed by another trusted issuer's key under this iss", async () => {
    const trust = await trustFor({ issuer: S.a }, { issuer: S.b });
    const forged = await signCard(S.b, { claims: claims(S.a, vaccination()) });
    const report = await verifyShc(forged, { trust, at: AT });
    expect(report.status).toBe('invalid');
    expect(codes(report)).toEqual(['SHC_KID_UNKNOWN']);
    expect(report.steps.signature).toBe('skipped');
  });

  it('refuses an issuer that is not configured, and a JWK set that cannot be read', async () => {
    const none = await verifyShc(await signCard(S.b, { claims: claims(S.b, vaccination()) }), {
      trust: await trustFor({ issuer: S.a }),
      at: AT,
    });
    expect(codes(none)).toEqual(['SHC_ISSUER_UNKNOWN']);
    const broken = await trustFor({ issuer: S.a, jwks: '{"keys": 5}' });
    expect(broken.problems.map((p) => p.code)).toEqual(['SHC_JWKS_INVALID']);
    const report = await verifyShc(await signCard(S.a, { claims: claims(S.a, vaccination()) }), {
      trust: broken,
      at: AT,
    });
    expect(codes(report)).toEqual(['SHC_JWKS_INVALID']);
  });

  it('refuses an iss that is no https URL on every card, trusted or not', async () => {
    const http = await makeShcIssuer('http://c.example.org/shc');
    const slash = await makeShcIssuer('https://d.example.org/');
    const trust = await trustFor({ issuer: http }, { issuer: S.a });
    for (let round = 0; round < 3; round++) {
      const trusted = await verifyShc(
        encodeShcQr(await signCard(http, { claims: claims(http, vaccination()) })),
        { trust, at: AT },
      );
      expect(trusted.status).toBe('invalid');
      expect(trusted.steps.signature).toBe('passed');
      expect(trusted.findings.map((f) => [f.code, f.params?.reason])).toEqual([
        ['SHC_ISS_INVALID', 'it must use https'],
      ]);
      const unknown = await verifyShc(
        await signCard(slash, { claims: claims(slash, vaccination()) }),
        {
          trust,
          at: AT,
        },
      );
      expect(unknown.findings.map((f) => [f.code, f.params?.reason])).toEqual([
        ['SHC_ISS_INVALID', 'it must not end with "/"'],
        ['SHC_ISSUER_UNKNOWN', undefined],
      ]);
      const good = await verifyShc(await signCard(S.a, { claims: claims(S.a, vaccination()) }), {
        trust,
        at: AT,
      });
      expect(good.status).toBe('valid');
    }
  });

  it('refuses a key whose kid is not its RFC 7638 thumbprint, or that publishes its private part', async () => {
    const renamed = { ...S.a, kid: 'not-the-thumbprint' };
    const trust = await ShcTrust.create({
      issuers: [
        { iss: S.a.iss, jwks: JSON.stringify({ keys: [{ ...S.a.jwk, kid: renamed.kid }] }) },
      ],
    });
    const report = await verifyShc(
      await signCard(renamed, {
        header: { zip: 'DEF', alg: 'ES256', kid: renamed.kid },
        claims: claims(S.a, vaccination()),
      }),
      { trust, at: AT },
    );
    expect(codes(report)).toEqual(['SHC_JWK_KID_MISMATCH']);
    expect(report.findings[0]?.params?.thumbprint).toBe(S.a.kid);
    const leaked = await trustFor({ issuer: S.a, jwks: jwksOf(S.a, { d: 'AAAA' }) });
    const r2 = await verifyShc(await signCard(S.a, { claims: claims(S.a, vaccination()) }), {
      trust: leaked,
      at: AT,
    });
    expect(codes(r2)).toEqual(['SHC_JWK_INVALID']);
  });

  it('computes the thumbprint of the spec example key as the spec states it', async () => {
    const { jwkThumbprint } = await import('./jwk.js');
    // SMART Health Cards spec, "Determining keys associated with an issuer", example fragment.
    const kid = await jwkThumbprint(
      {
        x: '7xbC_9ZmFwKqOHpwX6-LnlhIh5SMIuNwl0PW1yVI_sk',
        y: '7k2fdIRNDHdf93vL76wxdXEPtj_GiMTTyecm7EUUMQo',
      },
      defaultCrypto(),
    );
    expect(kid).toBe('_IY9W2kRRFUigDfSB9r8jHgMRrT0w4p5KN93nGThdH8');
  });

  it('refuses coordinates that are not a point on P-256', async () => {
    const offCurve = { ...S.a.jwk, y: S.a.jwk.x };
    const { jwkThumbprint } = await import('./jwk.js');
    const kid = await jwkThumbprint(offCurve as { x: string; y: string }, defaultCrypto());
    const trust = await ShcTrust.create({
      issuers: [{ iss: S.a.iss, jwks: { keys: [{ ...offCurve, kid }] } }],
    });
    expect(trust.problems).toMatchObject([{ code: 'SHC_JWK_INVALID', kid }]);
  });
});

describe('the signature', () => {
  it('holds when verifications overlap and the provider reads the signed bytes a turn later', async () => {
    // Each verification lends itself one buffer for the QR bytes; one that starts while
    // another waits for its signature check must not write over the bytes being checked.
    const trust = await trustFor({ issuer: S.a }, { issuer: S.b });
    const qrA = encodeShcQr(await signCard(S.a, { claims: claims(S.a, vaccination()) }));
    const qrB = encodeShcQr(
      await signCard(S.b, { claims: claims(S.b, bundle(immunization('207', '2021-01-01'))) }),
    );
    const base = defaultCrypto();
    const late = Object.assign(Object.create(base), {
      sync: false,
      verify: async (...args: Parameters<typeof base.verify>) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return base.verify(...args);
      },
    }) as typeof base;
    const reports = await Promise.all(
      [qrA, qrB, qrA, qrB].map((qr) => verifyShc(qr, { trust, at: AT, crypto: late })),
    );
    expect(reports.map((r) => r.status)).toEqual(['valid', 'valid', 'valid', 'valid']);
    expect(reports.map((r) => (r.credential as ShcCredential).issuerId)).toEqual([
      S.a.iss,
      S.b.iss,
      S.a.iss,
      S.b.iss,
    ]);
    // And the next one, with the buffer back, still verifies.
    expect((await verifyShc(qrB, { trust, at: AT })).status).toBe('valid');
  });

  it('fails when the payload is altered after signing', async () => {
    const trust = await trustFor({ issuer: S.a });
    const jws = await signCard(S.a, { claims: claims(S.a, vaccination()) });
    const [h, , s] = jws.split('.');
    const other = await signCard(S.a, {
      claims: claims(S.a, bundle(immunization('207', '2021-01-01'))),
    });
    const report = await verifyShc(`${h}.${other.split('.')[1]}.${s}`, { trust, at: AT });
    expect(codes(report)).toEqual(['SHC_SIGNATURE_INVALID']);
    expect(report.status).toBe('invalid');
  });

  it('refuses a header with crit, another alg, or no zip', async () => {
    const trust = await trustFor({ issuer: S.a });
    const c = claims(S.a, vaccination());
    const crit = await signCard(S.a, {
      header: { zip: 'DEF', alg: 'ES256', kid: S.a.kid, crit: ['b64'] },
      claims: c,
    });
    expect(codes(await verifyShc(crit, { trust, at: AT }))).toEqual(['SHC_JWS_MALFORMED']);
    const es384 = await signCard(S.a, {
      header: { zip: 'DEF', alg: 'ES384', kid: S.a.kid },
      claims: c,
    });
    const r = await verifyShc(es384, { trust, at: AT });
    expect(codes(r)).toEqual(['SHC_JWS_ALG_UNSUPPORTED']);
    expect(r.steps.signature).toBe('failed');
    const plain = await signCard(S.a, {
      header: { alg: 'ES256', kid: S.a.kid },
      payload: utf8Encode(JSON.stringify(c)),
    });
    const noZip = await verifyShc(plain, { trust, at: AT });
    expect(codes(noZip)).toEqual(['SHC_JWS_ZIP_MISSING']);
    expect(noZip.credential?.type).toBe('vaccination');
  });

  it('refuses data after the end of the DEFLATE stream', async () => {
    const trust = await trustFor({ issuer: S.a });
    const deflated = rawDeflate(utf8Encode(JSON.stringify(claims(S.a, vaccination()))));
    const padded = new Uint8Array([...deflated, 0, 0]);
    const report = await verifyShc(await signCard(S.a, { payload: padded }), { trust, at: AT });
    expect(codes(report)).toEqual(['SHC_INFLATE_FAILED']);
  });
});

describe('revocation', () => {
  const crl = (issuer: TestShcIssuer, rids: string[], method = 'rid', ctr = 1) => ({
    kid: issuer.kid,
    method,
    ctr,
    rids,
  });

  it('revokes a listed rid, and with a timestamp only cards issued before it', async () => {
    const nbf = 1_687_450_764.5;
    const card = await signCard(S.a, {
      claims: claims(S.a, vaccination(), {}, { rid: 'AQPCj4wwk6Mt' }),
    });
    const listed = await trustFor({
      issuer: S.a,
      jwks: jwksOf(S.a, { crlVersion: 1 }),
      crls: [crl(S.a, ['AQPCj4wwk6Mt'])],
    });
    const revoked = await verifyShc(card, { trust: listed, at: AT });
    expect(codes(revoked)).toEqual(['SHC_REVOKED']);
    expect(revoked.steps.revocation).toBe('failed');
    for (const [stamp, outcome] of [
      [Math.floor(nbf) + 1, 'invalid'],
      [Math.floor(nbf), 'valid'],
    ] as const) {
      const trust = await trustFor({
        issuer: S.a,
        jwks: jwksOf(S.a, { crlVersion: 1 }),
        crls: [crl(S.a, [`AQPCj4wwk6Mt.${stamp}`])],
      });
      expect((await verifyShc(card, { trust, at: AT })).status, String(stamp)).toBe(outcome);
    }
  });

  it('fails closed when a key announces crlVersion and no list is configured', async () => {
    const trust = await trustFor({ issuer: S.a, jwks: jwksOf(S.a, { crlVersion: 3 }) });
    const report = await verifyShc(await signCard(S.a, { claims: claims(S.a, vaccination()) }), {
      trust,
      at: AT,
    });
    expect(codes(report)).toEqual(['SHC_CRL_MISSING']);
    expect(report.findings[0]?.params).toEqual({ kid: S.a.kid, crlVersion: 3 });
  });

  it('computes RFC 002 hash-fhir identifiers: the RFC example, and a card revoked by one', async () => {
    // smart-on-fhir/health-cards rfcs/002-legacy-shc-revocation.md, "FHIR Bundle digest" example.
    const rfcBundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          fullUrl: 'resource:0',
          resource: {
            resourceType: 'Patient',
            name: [{ family: 'Revoked', given: ['Johnny'] }],
            birthDate: '1960-04-22',
          },
        },
        ...[
          ['resource:1', '2021-03-01', '0000003'],
          ['resource:2', '2021-03-29', '0000009'],
        ].map(([fullUrl, date, lot]) => ({
          fullUrl,
          resource: {
            resourceType: 'Immunization',
            status: 'completed',
            vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '207' }] },
            patient: { reference: 'resource:0' },
            occurrenceDateTime: date,
            performer: [{ actor: { display: 'ABC General Hospital' } }],
            lotNumber: lot,
          },
        })),
      ],
    };
    expect(await hashFhirRid(rfcBundle, defaultCrypto())).toBe('9q2bR-42Z30');
    const trust = await trustFor({
      issuer: S.a,
      jwks: jwksOf(S.a, { crlVersion: 2 }),
      crls: [crl(S.a, ['9q2bR-42Z30'], 'hash-fhir', 2)],
    });
    const report = await verifyShc(await signCard(S.a, { claims: claims(S.a, rfcBundle) }), {
      trust,
      at: AT,
    });
    expect(codes(report)).toEqual(['SHC_REVOKED']);
  });
});

describe('chunked cards', () => {
  it('reassembles chunks given in any order, with the deprecation warning', async () => {
    const trust = await trustFor({ issuer: S.a });
    const jws = await signCard(S.a, { claims: claims(S.a, vaccination()) });
    const third = Math.ceil(jws.length / 3);
    const chunks = [0, 1, 2].map((i) =>
      encodeShcQr(jws.slice(i * third, (i + 1) * third), { index: i + 1, total: 3 }),
    );
    const report = await verifyShc([chunks[2]!, chunks[0]!, chunks[1]!], { trust, at: AT });
    expect(report.status).toBe('valid');
    expect(codes(report)).toContain('SHC_CHUNKING_DEPRECATED');
    expect(report.findings.every((f) => f.severity !== 'error')).toBe(true);
  });
});
