import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEPARTURE, PASS_INPUT, PASS_MRZ, WINDOW } from '../../test-support/entry-pass.js';
import { testDocumentSigner } from '../../test-support/pass-issuer.js';
import { encodeBase45 } from '../base45/encode.js';
import { encodeCbor } from '../cbor/encode.js';
import { encodeCoseSign1, sigStructure } from '../cose/sign1.js';
import { CN_KR_LANE_V1 } from '../lanes/examples/cn-kr.js';
import { concatBytes, utf8Encode } from '../lib/bytes.js';
import { parsePassportMrz } from '../mrz/parse.js';
import type { Report } from '../report/report.js';
import type { TrustSource } from '../trust/trust-list.js';
import { DCC_KEY_USAGE_OIDS, OID_EKU_ENTRY_PASS } from '../x509/oids.js';
import { deflate } from '../zlib/deflate.js';
import {
  bindPassport,
  passportBindingText,
  passportMatchesBinding,
  saltedText,
} from './binding.js';
import { CLAIM_ENTRY_PASS, claimToPass, type EntryPass, passToClaim } from './claims.js';
import { CP1_PREFIX, issueEntryPass } from './issue.js';
import { verifyEntryPass } from './verify.js';

type Signer = Awaited<ReturnType<typeof testDocumentSigner>>;
const S = {} as { kr: Signer; cn: Signer; noEku: Signer; pass: string };
const AT = new Date('2021-03-10T00:30:00Z');
const TEST_EKU = Object.keys(DCC_KEY_USAGE_OIDS)[0]!;

beforeAll(async () => {
  S.kr = await testDocumentSigner('KR', [OID_EKU_ENTRY_PASS]);
  S.cn = await testDocumentSigner('CN', [OID_EKU_ENTRY_PASS]);
  S.noEku = await testDocumentSigner('KR', [TEST_EKU]);
  S.pass = await issueEntryPass(PASS_INPUT, { signer: S.kr.signer, ...WINDOW });
});

const codes = (r: Report) => r.findings.map((f) => f.code);

describe('entry passes: issue and verify', () => {
  it('round-trips a CN→KR pass with every field, under the CP1: prefix', async () => {
    expect(S.pass.startsWith(CP1_PREFIX)).toBe(true);
    const r = await verifyEntryPass(S.pass, { trust: S.kr.trust, at: AT });
    expect(codes(r)).toEqual([]);
    expect(r.status).toBe('valid');
    expect(r.steps).toMatchObject({
      signature: 'passed',
      validity: 'passed',
      'key-usage': 'passed',
      schema: 'passed',
    });
    expect(r.credential).toMatchObject({
      format: 'entry-pass',
      issuer: 'KR',
      issuedAt: '2021-03-05T02:00:00Z',
      notBefore: '2021-03-08T00:00:00Z',
      expiresAt: '2021-03-15T00:00:00Z',
      holder: {
        familyName: '王',
        givenName: '小明',
        familyNameTransliterated: 'WANG',
        givenNameTransliterated: 'XIAO<MING',
        dateOfBirth: '1985-07-21',
      },
    });
    const pass = r.credential?.format === 'entry-pass' ? r.credential.pass : undefined;
    const { passport: _, ...rest } = PASS_INPUT;
    expect(pass).toMatchObject(rest);
    expect(pass?.binding.salt).toHaveLength(16);
    // The document number is never in the code, in clear.
    expect(JSON.stringify(r)).not.toContain('EA1234567');
  });

  it('refuses a pass outside its entry window, before and after', async () => {
    const early = await verifyEntryPass(S.pass, {
      trust: S.kr.trust,
      at: new Date('2021-03-07T23:59:59Z'),
    });
    expect(codes(early)).toEqual(['PASS_NOT_YET_VALID']);
    const late = await verifyEntryPass(S.pass, { trust: S.kr.trust, at: WINDOW.validUntil });
    expect(codes(late)).toEqual(['PASS_EXPIRED']);
    expect(late.findings[0]!.message).toBe(
      'The entry window of the pass ended on 2021-03-15T00:00:00Z.',
    );
    expect(late.status).toBe('invalid');
  });

  it('requires the entry-pass key usage: a health-certificate DSC cannot sign a pass', async () => {
    const pass = await issueEntryPass(PASS_INPUT, { signer: S.noEku.signer, ...WINDOW });
    const r = await verifyEntryPass(pass, { trust: S.noEku.trust, at: AT });
    expect(codes(r)).toEqual(['PASS_KEY_USAGE_MISSING']);
  });

  it('requires the destination to issue the pass with a key of its own country', async () => {
    const signer = { ...S.cn.signer, country: 'KR' };
    const pass = await issueEntryPass(PASS_INPUT, { signer, ...WINDOW });
    const r = await verifyEntryPass(pass, { trust: S.cn.trust, at: AT, lang: 'zh' });
    expect(codes(r)).toEqual(['PASS_ISSUER_MISMATCH']);
    expect(r.findings[0]!.message).toContain('前往 KR 的许可必须由 KR 签发');
    await expect(issueEntryPass(PASS_INPUT, { signer: S.cn.signer, ...WINDOW })).rejects.toThrow(
      RangeError,
    );
  });

  it('refuses an unknown key and a signature by another key under a trusted kid', async () => {
    const unknown = await verifyEntryPass(S.pass, { trust: S.cn.trust, at: AT });
    expect(codes(unknown)).toEqual(['DSC_UNKNOWN_KID']);
    const forged = await issueEntryPass(PASS_INPUT, {
      signer: { ...S.cn.signer, kid: S.kr.signer.kid, country: 'KR' },
      ...WINDOW,
    });
    const r = await verifyEntryPass(forged, { trust: S.kr.trust, at: AT });
    expect(codes(r)).toEqual(['COSE_SIGNATURE_INVALID']);
    expect(r.status).toBe('invalid');
  });

  it('refuses a window that ends after the signing certificate', async () => {
    const pass = await issueEntryPass(PASS_INPUT, {
      signer: S.kr.signer,
      ...WINDOW,
      validUntil: new Date('2031-01-01T00:00:00Z'),
    });
    const r = await verifyEntryPass(pass, { trust: S.kr.trust, at: AT });
    expect(codes(r)).toEqual(['DSC_VALIDITY_MISMATCH']);
  });

  it('finds a revoked pass by its id, like a UCI', async () => {
    const revokedIds = new Set([PASS_INPUT.id]);
    const trust: TrustSource = {
      lookup: (kid) => S.kr.trust.lookup(kid),
      hasRevocations: true,
      isRevoked: async (cert) => cert.country === 'KR' && revokedIds.has(cert.uci ?? ''),
    };
    const r = await verifyEntryPass(S.pass, { trust, at: AT, lang: 'ko' });
    expect(codes(r)).toEqual(['PASS_REVOKED']);
    expect(r.steps.revocation).toBe('failed');
    revokedIds.clear();
    expect((await verifyEntryPass(S.pass, { trust, at: AT })).steps.revocation).toBe('passed');
  });

  it('requires the lane version it names when the trust data carries lanes', async () => {
    const trust = (versions: number[]): TrustSource => ({
      lookup: (kid) => S.kr.trust.lookup(kid),
      lanes: () => versions.map((version) => ({ ...CN_KR_LANE_V1, version })),
    });
    expect(codes(await verifyEntryPass(S.pass, { trust: trust([1, 2]), at: AT }))).toEqual([]);
    const r = await verifyEntryPass(S.pass, { trust: trust([2]), at: AT });
    expect(codes(r)).toEqual(['PASS_LANE_UNKNOWN']);
    expect(r.findings[0]!.params).toEqual({ lane: 'CN-KR-FAST-TRACK', version: 1 });
  });

  it('answers damaged transport layers with coded findings', async () => {
    const code = async (text: string, limits = {}) =>
      codes(await verifyEntryPass(text, { trust: S.kr.trust, at: AT, limits }));
    expect(await code('')).toEqual(['INPUT_EMPTY']);
    expect(await code('HC1:NCFOXN%TS3DH')).toEqual(['PASS_PREFIX_MISSING']);
    expect(await code('CP1:~~~~')).toEqual(['PASS_BASE45_INVALID']);
    expect(await code(`CP1:${encodeBase45(new Uint8Array([1, 2, 3]))}`)).toEqual([
      'PASS_COMPRESSION_INVALID',
    ]);
    expect(await code(S.pass, { maxInflatedSize: 64 })).toEqual(['PASS_TOO_LARGE']);
    expect(await code(`CP1:${encodeBase45(deflate(new Uint8Array([0x82, 0x01])))}`)).toEqual([
      'CBOR_MALFORMED',
    ]);
  });

  it('refuses claims that are malformed even when correctly signed', async () => {
    const { signer } = S.kr;
    const protectedBytes = encodeCbor(
      new Map<number, unknown>([
        [1, -7],
        [4, signer.kid],
      ]),
    );
    const sign = async (claims: Map<number, unknown>) => {
      const payload = encodeCbor(claims);
      const sig = new Uint8Array(
        await crypto.subtle.sign(
          { name: 'ECDSA', hash: 'SHA-256' },
          signer.privateKey as CryptoKey,
          sigStructure(protectedBytes, payload) as BufferSource,
        ),
      );
      return (
        CP1_PREFIX + encodeBase45(deflate(encodeCoseSign1(protectedBytes, new Map(), payload, sig)))
      );
    };
    const base = (): Map<number, unknown> =>
      new Map<number, unknown>([
        [1, 'KR'],
        [6, 1614909600],
        [5, 1615161600],
        [4, 1615766400],
      ]);
    const reasons: string[] = [];
    for (const claims of [
      base(),
      new Map([...base(), [4, 1615161600]]),
      new Map([...base(), [CLAIM_ENTRY_PASS, { v: 2 }]]),
      new Map([...base(), [1, 'Korea']]),
      new Map([...base(), [6, 1614909600.5]]),
      new Map([...base(), [5, '2021-03-08']]),
      new Map([...base(), [4, Number.MAX_SAFE_INTEGER + 2]]),
    ]) {
      const r = await verifyEntryPass(await sign(claims), { trust: S.kr.trust, at: AT });
      expect(codes(r)).toEqual(['PASS_CLAIMS_MALFORMED']);
      reasons.push(String(r.findings[0]!.params?.reason));
    }
    expect(reasons).toEqual([
      'the pass claim -70013 is missing',
      'exp is not after nbf',
      'pass.id is missing',
      'iss is not a country code',
      'iat is not a NumericDate',
      'nbf is not a NumericDate',
      'exp is not a NumericDate',
    ]);
  });

  it('reads the pass claim strictly: unknown, missing and optional keys at every level', () => {
    const { passport: _passport, ...rest } = PASS_INPUT;
    const PASS: EntryPass = {
      ...rest,
      binding: { salt: new Uint8Array(16).fill(7), hash: new Uint8Array(32).fill(9) },
    };
    const claim = passToClaim(PASS);
    expect(claimToPass(claim)).toEqual({ ok: true, value: PASS });
    const reason = (value: unknown) => {
      const r = claimToPass(value);
      return r.ok ? 'ok' : r.params?.reason;
    };
    expect(reason({ ...claim, x: 1 })).toBe('pass has unknown key "x"');
    expect(reason({ ...claim, nam: { ...(claim.nam as object), mid: 'A' } })).toBe(
      'nam has unknown key "mid"',
    );
    expect(reason({ ...claim, sp: { id: 'SP-1' } })).toBe('sp.n is missing');
    expect(reason({ ...claim, pb: { s: new Uint8Array(16) } })).toBe('pb.h is missing');
    const { fn: _fn, gn: _gn, ...mrzOnly } = claim.nam as Record<string, unknown>;
    expect(reason({ ...claim, nam: mrzOnly })).toBe('ok');
    expect(reason(new Map(Object.entries(claim)))).toBe('pass is not a map with text keys');
    // Keys a caller's object inherits are not the claim's: only own keys are checked.
    expect(reason(Object.assign(Object.create({ extra: 1 }), claim))).toBe('ok');
  });
});

describe('the passport binding', () => {
  it('hashes the three MRZ fields as printed, joined by |', () => {
    expect(passportBindingText(PASS_INPUT.passport)).toBe('EA1234567|CHN|850721');
    expect(
      passportBindingText({ documentNumber: 'C01X00T47', nationality: 'D', birthDate: '1964-08' }),
    ).toBe('C01X00T47|D<<|6408<<');
    expect(() =>
      passportBindingText({
        documentNumber: 'TOO-LONG-NUMBER',
        nationality: 'KOR',
        birthDate: '1990-01-01',
      }),
    ).toThrow(RangeError);
  });

  it('matches the passport the pass was issued for, and no other', async () => {
    const binding = await bindPassport(PASS_INPUT.passport);
    const mrz = parsePassportMrz(PASS_MRZ, { at: DEPARTURE });
    if (!mrz.ok) throw new Error(mrz.code);
    expect(await passportMatchesBinding(binding, mrz.value)).toBe(true);
    for (const other of [
      { ...PASS_INPUT.passport, documentNumber: 'EA1234568' },
      { ...PASS_INPUT.passport, nationality: 'KOR' },
      { ...PASS_INPUT.passport, birthDate: '1985-07-22' },
    ]) {
      expect(await passportMatchesBinding(await bindPassport(other), mrz.value)).toBe(false);
    }
    // A different salt gives a different hash for the same passport.
    const again = await bindPassport(PASS_INPUT.passport);
    expect(again.hash).not.toEqual(binding.hash);
  });

  it('hashes salt ‖ UTF-8(text) whatever the text: MRZ characters written directly agree with the encoder (seeded)', () => {
    const mrzText = fc.stringMatching(/^[A-Z0-9<|]{0,20}$/);
    const anyText = fc.string({ unit: 'binary', maxLength: 20 });
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 32 }),
        fc.oneof(mrzText, anyText),
        (salt, text) => {
          expect(saltedText(salt, text)).toEqual(concatBytes(salt, utf8Encode(text)));
        },
      ),
      { seed: 0x13_07_2026, numRuns: 2000, endOnFailure: true },
    );
    expect(saltedText(new Uint8Array(16), 'EA1234567|CHN|850722')).toEqual(
      concatBytes(new Uint8Array(16), utf8Encode('EA1234567|CHN|850722')),
    );
  });
});

describe('the worked example of docs/pass-format.md', () => {
  it('verifies with the reference verifier too, given the key the document names', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../../../docs/pass-format.md', import.meta.url), 'utf8');
    const text = /```text example-cp1\n(.*)\n```/.exec(doc)![1]!;
    const jwk = JSON.parse(/```json example-key\n(.*)\n```/.exec(doc)![1]!) as JsonWebKey;
    const key = await crypto.subtle.importKey(
      'jwk',
      jwk,
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify'],
    );
    const kid = Uint8Array.from([0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6, 0x07, 0x18]);
    const dsc = S.kr.trust.lookup(S.kr.signer.kid)[0]!.dsc;
    const trust: TrustSource = {
      lookup: (k) => (k.every((b, i) => b === kid[i]) ? [{ kid, alg: 'ES256', key, dsc }] : []),
    };
    const r = await verifyEntryPass(text, { trust, at: AT });
    expect(r.findings).toEqual([]);
    expect(r.status).toBe('valid');
    expect(r.credential?.format === 'entry-pass' && r.credential.pass?.id).toBe('KR-2021-000042');
  });
});
