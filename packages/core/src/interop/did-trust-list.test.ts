import { beforeAll, describe, expect, it } from 'vitest';
import {
  type DscVector,
  entriesFromVectors,
  loadDscVectors,
} from '../../test-support/trust-list-vectors.js';
import { vectorsDir } from '../../test-support/vectors.js';
import { fromBase64, toBase64, toBase64Url, utf8Encode } from '../lib/bytes.js';
import { DscTrustList } from '../trust/trust-list.js';
import { verify } from '../verify.js';
import { readDsc } from '../x509/dsc.js';
import {
  type DidTrustListDocument,
  type DidVerificationMethod,
  parseDidTrustList,
  toDidTrustList,
} from './did-trust-list.js';
import type { TrustListEntry } from './entry.js';
import { parseEuTrustList, toEuTrustList } from './eu-trust-list.js';
import { publicKeyParts } from './jwk.js';

const dgc = vectorsDir('dgc-testdata');
const DID = 'did:web:trust.corridor.example:v2:trustlist:DCC:XXA:DSC';

type Vector = DscVector;
const loadVectors = loadDscVectors;
const entriesFrom = (vectors: Vector[]) => entriesFromVectors(vectors, { domain: 'DCC' });

function methods(doc: DidTrustListDocument): DidVerificationMethod[] {
  return doc.verificationMethod.filter((m): m is DidVerificationMethod => typeof m !== 'string');
}

describe.skipIf(!dgc)('WHO GDHCN DID trust list with the dgc-testdata DSCs', () => {
  const S = {} as {
    vectors: Vector[];
    entries: TrustListEntry[];
    doc: DidTrustListDocument;
    ec: number;
    rsa: number;
  };

  beforeAll(async () => {
    S.vectors = loadVectors(dgc!);
    S.entries = await entriesFrom(S.vectors);
    S.doc = toDidTrustList(S.entries, { did: DID });
    const kty = S.entries.map((e) => publicKeyParts(readDsc(e.certificate))!.kty);
    S.ec = kty.indexOf('EC');
    S.rsa = kty.indexOf('RSA');
  });

  it('exports a DID document in the GDHCN shape, for EC and RSA keys', () => {
    expect(S.ec).toBeGreaterThanOrEqual(0);
    expect(S.rsa).toBeGreaterThanOrEqual(0);
    expect(S.doc['@context']).toEqual([
      'https://www.w3.org/ns/did/v1',
      'https://w3id.org/security/suites/jws-2020/v1',
    ]);
    expect(S.doc.id).toBe(DID);
    expect(S.doc.controller).toBe(DID);
    const ec = methods(S.doc)[S.ec]!;
    const ecEntry = S.entries[S.ec]!;
    expect(ec.type).toBe('JsonWebKey2020');
    expect(ec.id).toBe(`${DID}#${toBase64(ecEntry.kid)}`);
    expect(ec.keyusage).toEqual({ code: 'DSC' });
    expect(ec.domain).toEqual({ code: 'DCC' });
    expect(ec.publicKeyJwk.kty).toBe('EC');
    expect(ec.publicKeyJwk.kid).toBe(toBase64(ecEntry.kid));
    expect(ec.publicKeyJwk.x5c).toEqual([toBase64(ecEntry.certificate)]);
    const ecParts = publicKeyParts(readDsc(ecEntry.certificate))!;
    if (ecParts.kty !== 'EC') throw new Error('not EC');
    expect(ec.publicKeyJwk.crv).toBe(ecParts.crv);
    expect(ec.publicKeyJwk.x).toBe(toBase64Url(ecParts.x));
    expect(ec.publicKeyJwk.x).toMatch(/^[A-Za-z0-9_-]+$/);
    const rsa = methods(S.doc)[S.rsa]!;
    expect(rsa.publicKeyJwk.kty).toBe('RSA');
    expect(rsa.publicKeyJwk.e).toBe('AQAB');
    expect(rsa.publicKeyJwk.n).toMatch(/^[A-Za-z0-9_-]{300,}$/);
    expect(rsa.publicKeyJwk).not.toHaveProperty('x');
  });

  it('round-trips export → JSON → import to the same entries, with no problems', async () => {
    const result = await parseDidTrustList(JSON.stringify(S.doc));
    if (!result.ok) throw new Error(result.code);
    expect(result.value.problems).toEqual([]);
    expect(result.value.entries).toEqual(S.entries);
    expect(result.value.id).toBe(DID);
    expect(result.value.references).toEqual([]);
  });

  it('maps kinds to GDHCN key usages and back (CSCA↔SCA, UPLOAD↔UP, AUTHENTICATION↔TLS)', async () => {
    const kinds = ['CSCA', 'UPLOAD', 'AUTHENTICATION', 'DSC'] as const;
    const entries = kinds.map((kind, i) => ({ ...S.entries[i]!, kind }));
    const doc = toDidTrustList(entries, { did: 'did:web:x:v2:trustlist', controller: 'did:web:x' });
    expect(methods(doc).map((m) => m.keyusage.code)).toEqual(['SCA', 'UP', 'TLS', 'DSC']);
    expect(methods(doc).every((m) => m.controller === 'did:web:x')).toBe(true);
    const result = await parseDidTrustList(doc);
    if (!result.ok) throw new Error(result.code);
    expect(result.value.entries).toEqual(entries);
    expect(result.value.controller).toBe('did:web:x');
  });

  it('reads the published smart-trust form: usage and domain from the DID path, Java-style coordinates, TNG kid', async () => {
    const entry = S.entries[S.ec]!;
    const parts = publicKeyParts(readDsc(entry.certificate))!;
    if (parts.kty !== 'EC') throw new Error('not EC');
    const signByte = (b: Uint8Array) => toBase64Url(new Uint8Array([0, ...b]));
    const base = 'did:web:worldhealthorganization.github.io:tng-cdn-dev:v2:trustlist';
    const jwk = {
      kty: 'EC',
      kid: toBase64(entry.kid),
      x5c: [toBase64(entry.certificate), toBase64(S.entries[S.rsa]!.certificate)],
      crv: parts.crv,
      x: signByte(parts.x),
      y: signByte(parts.y),
    };
    const doc = {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
      id: `${base}:DCC:XXA:DSC`,
      controller: `${base}:DCC:XXA`,
      verificationMethod: [
        {
          id: `${base}:DCC:XXA:DSC#${toBase64(entry.kid)}`,
          type: 'JsonWebKey2020',
          controller: `${base}:DCC:XXA`,
          publicKeyJwk: jwk,
        },
        {
          id: `${base}:ICVP:XXA:SCA:${toBase64Url(utf8Encode(toBase64(entry.kid)))}`,
          type: 'JsonWebKey2020',
          controller: base,
          publicKeyJwk: { ...jwk, kid: toBase64Url(utf8Encode(toBase64(entry.kid))) },
        },
      ],
      proof: { type: 'JsonWebSignature2020', jws: 'eyJ..sig' },
    };
    const result = await parseDidTrustList(doc);
    if (!result.ok) throw new Error(result.code);
    expect(result.value.problems).toEqual([]);
    const { domain: _domain, ...plain } = entry;
    expect(result.value.entries).toEqual([
      { ...plain, domain: 'DCC' },
      { ...plain, kind: 'CSCA', domain: 'ICVP' },
    ]);
    expect(result.value.proof).toEqual(doc.proof);
  });

  it('lists the DID ids of a reference-variant document without resolving them', async () => {
    const refs = ['did:web:x:v2:trustlist:DCC:XXA:DSC', 'did:web:x:v2:trustlist:DCC:XXA:SCA'];
    const doc = toDidTrustList([], { did: 'did:web:x:v2:trustlist-ref:DCC:XXA', references: refs });
    expect(doc.verificationMethod).toEqual(refs);
    const result = await parseDidTrustList(JSON.stringify(doc));
    if (!result.ok) throw new Error(result.code);
    expect(result.value.entries).toEqual([]);
    expect(result.value.references).toEqual(refs);
    expect(result.value.problems.map((p) => [p.index, p.code, p.severity])).toEqual([
      [0, 'INTEROP_DID_REFERENCE', 'info'],
      [1, 'INTEROP_DID_REFERENCE', 'info'],
    ]);
  });

  /** Imports `S.doc` with the method at `index` changed by `edit`; returns its problems. */
  async function tampered(index: number, edit: (m: DidVerificationMethod) => void) {
    const doc = structuredClone(S.doc);
    edit(methods(doc)[index]!);
    const result = await parseDidTrustList(doc);
    if (!result.ok) throw new Error(result.code);
    expect(result.value.entries).toHaveLength(S.entries.length - 1);
    expect(result.value.entries).not.toContainEqual(S.entries[index]);
    return result.value.problems.map((p) => [p.index, p.code, p.params.member]);
  }

  it('reports an EC JWK whose coordinates are not the x5c leaf key', async () => {
    const other = methods(S.doc).find((m, i) => i !== S.ec && m.publicKeyJwk.kty === 'EC')!;
    expect(
      await tampered(S.ec, (m) => {
        m.publicKeyJwk.x = other.publicKeyJwk.x!;
      }),
    ).toEqual([[S.ec, 'INTEROP_JWK_MISMATCH', 'x']]);
    expect(
      await tampered(S.ec, (m) => {
        m.publicKeyJwk.y = other.publicKeyJwk.y!;
      }),
    ).toEqual([[S.ec, 'INTEROP_JWK_MISMATCH', 'y']]);
    expect(
      await tampered(S.ec, (m) => {
        m.publicKeyJwk.crv = m.publicKeyJwk.crv === 'P-256' ? 'P-384' : 'P-256';
      }),
    ).toEqual([[S.ec, 'INTEROP_JWK_MISMATCH', 'crv']]);
  });

  it('reports an RSA JWK whose modulus is not the x5c leaf key, or a JWK of the wrong type', async () => {
    expect(
      await tampered(S.rsa, (m) => {
        const n = fromBase64(m.publicKeyJwk.n!);
        n[n.length - 1]! ^= 2;
        m.publicKeyJwk.n = toBase64Url(n);
      }),
    ).toEqual([[S.rsa, 'INTEROP_JWK_MISMATCH', 'n']]);
    expect(
      await tampered(S.rsa, (m) => {
        m.publicKeyJwk.e = 'AAM';
      }),
    ).toEqual([[S.rsa, 'INTEROP_JWK_MISMATCH', 'e']]);
    expect(
      await tampered(S.ec, (m) => {
        m.publicKeyJwk.kty = 'RSA';
      }),
    ).toEqual([[S.ec, 'INTEROP_JWK_MISMATCH', 'kty']]);
  });

  it('reports an x5c leaf swapped for another certificate under the same JWK', async () => {
    const other = methods(S.doc).find((m, i) => i !== S.ec && m.publicKeyJwk.kty === 'EC')!;
    expect(
      await tampered(S.ec, (m) => {
        m.publicKeyJwk.x5c = other.publicKeyJwk.x5c;
      }),
    ).toEqual([[S.ec, 'INTEROP_JWK_MISMATCH', 'x']]);
  });

  it('reports a DSC kid that does not belong to the x5c leaf', async () => {
    const problems = await tampered(S.ec, (m) => {
      m.publicKeyJwk.kid = toBase64(new Uint8Array(8).fill(9));
    });
    expect(problems.map(([i, code]) => [i, code])).toEqual([[S.ec, 'INTEROP_KID_MISMATCH']]);
  });

  it('refuses unsupported methods, key types and key usages', async () => {
    const doc = structuredClone(S.doc);
    const [a, b, c] = methods(doc);
    (a as { type: string }).type = 'Ed25519VerificationKey2020';
    (b!.publicKeyJwk as { kty: string }).kty = 'OKP';
    b!.keyusage = { code: 'DSC' };
    c!.keyusage = { code: 'DECA' };
    const result = await parseDidTrustList(doc);
    if (!result.ok) throw new Error(result.code);
    expect(result.value.problems.map((p) => [p.index, p.code])).toEqual([
      [0, 'INTEROP_METHOD_UNSUPPORTED'],
      [1, 'INTEROP_KEY_UNSUPPORTED'],
      [2, 'INTEROP_KIND_UNSUPPORTED'],
    ]);
    expect(result.value.entries).toEqual(S.entries.slice(3));
  });

  it('feeds DscTrustList.create, and the vectors then verify at their validation clock', async () => {
    const result = await parseDidTrustList(JSON.stringify(S.doc));
    if (!result.ok) throw new Error(result.code);
    const trust = await DscTrustList.create(
      result.value.entries.map((e) => ({ certificate: e.certificate, kid: e.kid })),
    );
    for (const name of ['AT/1.json', 'CH/1.json']) {
      const v = S.vectors.find((x) => x.name === name)!;
      expect(v, name).toBeDefined();
      const report = await verify(v.prefix, { trust, at: v.clock });
      expect(report.status, `${name}: ${report.findings.map((f) => f.code).join()}`).toBe('valid');
    }
  });

  it('converts an EU gateway list into a DID document and back without losing a key', async () => {
    const eu = await toEuTrustList(S.entries.map(({ domain: _d, ...e }) => e));
    const imported = await parseEuTrustList(JSON.stringify(eu));
    if (!imported.ok) throw new Error(imported.code);
    const doc = toDidTrustList(imported.value.entries, { did: DID });
    const back = await parseDidTrustList(JSON.stringify(doc), { domain: 'DCC' });
    if (!back.ok) throw new Error(back.code);
    expect(back.value.problems).toEqual([]);
    expect(back.value.entries).toEqual(S.entries);
  });
});

describe('WHO GDHCN DID trust list: malformed input gives coded results', () => {
  it('refuses text that is not JSON, or not a DID document', async () => {
    expect(await parseDidTrustList('{"id":')).toMatchObject({
      ok: false,
      code: 'INTEROP_JSON_MALFORMED',
    });
    for (const input of [
      '[]',
      'null',
      { verificationMethod: [] },
      { id: 'https://x', verificationMethod: [] },
      { id: 7, verificationMethod: [] },
      { id: 'did:web:x' },
      { id: 'did:web:x', verificationMethod: {} },
    ]) {
      expect(await parseDidTrustList(input)).toMatchObject({
        ok: false,
        code: 'INTEROP_SHAPE_INVALID',
      });
    }
  });

  it('bounds the number of methods and the text length', async () => {
    const doc = { id: 'did:web:x', verificationMethod: new Array(100_001).fill('did:web:y') };
    expect(await parseDidTrustList(doc)).toMatchObject({
      ok: false,
      code: 'INTEROP_TOO_MANY_ENTRIES',
      params: { count: 100_001, limit: 100_000 },
    });
    expect(
      await parseDidTrustList(JSON.stringify(doc), { limits: { maxTextLength: 1000 } }),
    ).toMatchObject({ ok: false, code: 'INTEROP_TOO_LARGE' });
  });

  it('reports wrongly typed methods and JWK members per method', async () => {
    const jwk = { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA', kid: 'AAAAAAAAAAA=' };
    const vm = (publicKeyJwk: unknown) => ({
      id: 'did:web:x#k',
      type: 'JsonWebKey2020',
      publicKeyJwk,
    });
    const cases: [unknown, string][] = [
      [null, 'verificationMethod'],
      [42, 'verificationMethod'],
      ['https://not-a-did', 'verificationMethod'],
      [{ type: 'JsonWebKey2020', publicKeyJwk: jwk }, 'id'],
      [vm('jwk'), 'publicKeyJwk'],
      [vm({ ...jwk }), 'publicKeyJwk.x5c'],
      [vm({ ...jwk, x5c: [] }), 'publicKeyJwk.x5c'],
      [vm({ ...jwk, x5c: 'MIIB' }), 'publicKeyJwk.x5c'],
      [vm({ ...jwk, x5c: [1] }), 'publicKeyJwk.x5c'],
      [vm({ ...jwk, x5c: new Array(11).fill('MIIB') }), 'publicKeyJwk.x5c'],
      [vm({ ...jwk, x5c: ['MIIB'], kid: 5 }), 'publicKeyJwk.kid'],
      [vm({ ...jwk, x5c: ['%%%'] }), 'publicKeyJwk.x5c'],
    ];
    const result = await parseDidTrustList({
      id: 'did:web:x',
      verificationMethod: cases.map(([m]) => m),
    });
    if (!result.ok) throw new Error(result.code);
    expect(result.value.entries).toEqual([]);
    cases.forEach(([, field], index) => {
      const mine = result.value.problems.filter((p) => p.index === index);
      expect(
        mine.map((p) => [p.code, p.params.field]),
        `case ${index}`,
      ).toContainEqual(['INTEROP_FIELD_INVALID', field]);
    });
  });

  it('bounds x5c certificate size and reports unreadable certificates', async () => {
    const vm = (cert: string) => ({
      id: 'did:web:x#k',
      type: 'JsonWebKey2020',
      publicKeyJwk: { kty: 'EC', x5c: [cert] },
    });
    const result = await parseDidTrustList({
      id: 'did:web:x',
      verificationMethod: [
        vm(toBase64(new Uint8Array(16 * 1024 + 1))),
        vm('A'.repeat(5_000_000)),
        vm(toBase64(new Uint8Array([0x30, 0x00]))),
      ],
    });
    if (!result.ok) throw new Error(result.code);
    expect(result.value.problems.map((p) => [p.index, p.code])).toEqual([
      [0, 'INTEROP_CERTIFICATE_TOO_LARGE'],
      [1, 'INTEROP_CERTIFICATE_TOO_LARGE'],
      [2, 'INTEROP_CERTIFICATE_UNREADABLE'],
    ]);
  });

  it('refuses to export an entry whose certificate is not one (a programming error)', () => {
    const bad: TrustListEntry = {
      country: 'AT',
      kind: 'DSC',
      kid: new Uint8Array(8),
      certificate: new Uint8Array([1, 2, 3]),
    };
    expect(() => toDidTrustList([bad], { did: 'did:web:x' })).toThrow();
  });
});
