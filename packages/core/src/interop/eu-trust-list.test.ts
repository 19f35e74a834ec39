import { beforeAll, describe, expect, it } from 'vitest';
import {
  type DscVector,
  entriesFromVectors,
  loadDscVectors,
} from '../../test-support/trust-list-vectors.js';
import { vectorsDir } from '../../test-support/vectors.js';
import { fromBase64, toBase64 } from '../lib/bytes.js';
import { makeFinding } from '../report/catalog.js';
import { LANGS } from '../report/finding.js';
import { FINDINGS } from '../report/tables.js';
import { DscTrustList } from '../trust/trust-list.js';
import { verify } from '../verify.js';
import { readDsc } from '../x509/dsc.js';
import type { TrustListEntry } from './entry.js';
import {
  type EuTrustListItem,
  parseEuDscList,
  parseEuTrustList,
  toEuDscList,
  toEuTrustList,
} from './eu-trust-list.js';
import { INTEROP_FINDINGS } from './findings.js';
import { publicKeyParts } from './jwk.js';

const dgc = vectorsDir('dgc-testdata');

type Vector = DscVector;
const loadVectors = loadDscVectors;
const entriesFrom = (vectors: Vector[]) =>
  entriesFromVectors(vectors, { timestamp: '2021-06-01T10:00:00.000Z' });

describe.skipIf(!dgc)('EU DCC gateway trust list with the dgc-testdata DSCs', () => {
  const S = {} as { vectors: Vector[]; entries: TrustListEntry[]; items: EuTrustListItem[] };

  beforeAll(async () => {
    S.vectors = loadVectors(dgc!);
    S.entries = await entriesFrom(S.vectors);
    S.items = await toEuTrustList(S.entries);
  });

  function keyTypes(entries: TrustListEntry[]): Set<string> {
    return new Set(entries.map((e) => publicKeyParts(readDsc(e.certificate))!.kty));
  }

  it('uses many real DSCs, both EC and RSA', () => {
    expect(S.entries.length).toBeGreaterThan(20);
    expect(keyTypes(S.entries)).toEqual(new Set(['EC', 'RSA']));
  });

  it('exports the gateway DTO fields: base64 kid and rawData, hex thumbprint', () => {
    const item = S.items[0]!;
    expect(Object.keys(item).sort()).toEqual(
      ['certificateType', 'country', 'kid', 'rawData', 'thumbprint', 'timestamp'].sort(),
    );
    expect(item.kid).toMatch(/^[A-Za-z0-9+/]{11}=$/);
    expect(item.thumbprint).toMatch(/^[0-9a-f]{64}$/);
    expect(fromBase64(item.rawData)).toEqual(S.entries[0]!.certificate);
    expect(item.certificateType).toBe('DSC');
  });

  it('round-trips export → JSON → import to the same entries, with no problems', async () => {
    const result = await parseEuTrustList(JSON.stringify(S.items));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.problems).toEqual([]);
    expect(result.value.entries).toEqual(S.entries);
  });

  it('keeps the Trust Anchor signature as received and exports it again', async () => {
    const signed = S.items
      .slice(0, 2)
      .map((i) => ({ ...i, signature: 'MIAGCSqGSIb3DQEHAqCAMIACAQEx' }));
    const result = await parseEuTrustList(signed);
    if (!result.ok) throw new Error(result.code);
    expect(result.value.entries.map((e) => e.signature)).toEqual([
      'MIAGCSqGSIb3DQEHAqCAMIACAQEx',
      'MIAGCSqGSIb3DQEHAqCAMIACAQEx',
    ]);
    expect(await toEuTrustList(result.value.entries)).toEqual(signed);
  });

  it('accepts a PEM rawData and an upper-case thumbprint', async () => {
    const item = S.items[0]!;
    const pem = `-----BEGIN CERTIFICATE-----\n${item.rawData.replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
    const result = await parseEuTrustList([
      { ...item, rawData: pem, thumbprint: item.thumbprint.toUpperCase() },
    ]);
    if (!result.ok) throw new Error(result.code);
    expect(result.value.problems).toEqual([]);
    expect(result.value.entries[0]).toEqual(S.entries[0]);
  });

  it('reports a tampered thumbprint on that entry only, and drops the entry', async () => {
    const items = S.items.slice(0, 3).map((i) => ({ ...i }));
    items[1]!.thumbprint = `${'0'.repeat(63)}1`;
    const result = await parseEuTrustList(items);
    if (!result.ok) throw new Error(result.code);
    expect(result.value.problems.map((p) => [p.index, p.code])).toEqual([
      [1, 'INTEROP_THUMBPRINT_MISMATCH'],
    ]);
    expect(result.value.problems[0]!.params.computed).toBe(S.items[1]!.thumbprint);
    expect(result.value.entries).toEqual([S.entries[0], S.entries[2]]);
  });

  it('reports a DSC whose kid is not the first 8 bytes of its SHA-256', async () => {
    const item = { ...S.items[0]!, kid: toBase64(new Uint8Array(8).fill(7)) };
    const result = await parseEuTrustList([item]);
    if (!result.ok) throw new Error(result.code);
    expect(result.value.problems.map((p) => p.code)).toEqual(['INTEROP_KID_MISMATCH']);
    expect(result.value.problems[0]!.params.computed).toBe(S.items[0]!.kid);
    expect(result.value.entries).toEqual([]);
  });

  it('keeps the kid a CSCA, UPLOAD or AUTHENTICATION entry is given', async () => {
    const kid = new Uint8Array(8).fill(7);
    const item = { ...S.items[0]!, certificateType: 'CSCA' as const, kid: toBase64(kid) };
    const result = await parseEuTrustList([item]);
    if (!result.ok) throw new Error(result.code);
    expect(result.value.problems).toEqual([]);
    expect(result.value.entries[0]).toMatchObject({ kind: 'CSCA', kid });
  });

  it('warns, and keeps the entry, when the country differs from the certificate', async () => {
    const item = { ...S.items[0]!, country: S.items[0]!.country === 'XX' ? 'XY' : 'XX' };
    const result = await parseEuTrustList([item]);
    if (!result.ok) throw new Error(result.code);
    expect(result.value.problems.map((p) => [p.code, p.severity])).toEqual([
      ['INTEROP_COUNTRY_MISMATCH', 'warning'],
    ]);
    expect(result.value.entries).toHaveLength(1);
  });

  it('refuses certificate types Corridor has no place for', async () => {
    const result = await parseEuTrustList([{ ...S.items[0]!, certificateType: 'ISSUER' }]);
    if (!result.ok) throw new Error(result.code);
    expect(result.value.problems.map((p) => p.code)).toEqual(['INTEROP_KIND_UNSUPPORTED']);
    expect(result.value.entries).toEqual([]);
  });

  it('round-trips the verifier-app DSC list ({ certificates }) and leaves out non-DSCs', async () => {
    const mixed: TrustListEntry[] = [...S.entries, { ...S.entries[0]!, kind: 'CSCA' }];
    const list = await toEuDscList(mixed);
    expect(list.certificates).toHaveLength(S.entries.length);
    const result = await parseEuDscList(JSON.stringify(list));
    if (!result.ok) throw new Error(result.code);
    expect(result.value.problems).toEqual([]);
    expect(result.value.entries).toEqual(S.entries);
    const wrong = await parseEuDscList(S.items);
    expect(wrong).toMatchObject({ ok: false, code: 'INTEROP_SHAPE_INVALID' });
  });

  it('feeds DscTrustList.create, and the vectors then verify at their validation clock', async () => {
    const result = await parseEuTrustList(JSON.stringify(S.items));
    if (!result.ok) throw new Error(result.code);
    const trust = await DscTrustList.create(
      result.value.entries.map((e) => ({ certificate: e.certificate, kid: e.kid })),
    );
    const checked: string[] = [];
    for (const name of ['AT/1.json', 'CH/1.json']) {
      const v = S.vectors.find((x) => x.name === name)!;
      expect(v, name).toBeDefined();
      expect(publicKeyParts(readDsc(v.certificate))!.kty).toBe(name === 'AT/1.json' ? 'EC' : 'RSA');
      const report = await verify(v.prefix, { trust, at: v.clock });
      expect(report.status, `${name}: ${report.findings.map((f) => f.code).join()}`).toBe('valid');
      checked.push(name);
    }
    expect(checked).toHaveLength(2);
  });

  it('drops a tampered DSC, so its codes no longer verify', async () => {
    const at = S.vectors.find((x) => x.name === 'AT/1.json')!;
    const der = fromBase64(at.certificate);
    const items = S.items.map((i) =>
      fromBase64(i.rawData).length === der.length && i.rawData === toBase64(der)
        ? { ...i, thumbprint: 'f'.repeat(64) }
        : i,
    );
    const result = await parseEuTrustList(items);
    if (!result.ok) throw new Error(result.code);
    expect(result.value.problems.map((p) => p.code)).toEqual(['INTEROP_THUMBPRINT_MISMATCH']);
    const trust = await DscTrustList.create(
      result.value.entries.map((e) => ({ certificate: e.certificate, kid: e.kid })),
    );
    const report = await verify(at.prefix, { trust, at: at.clock });
    expect(report.status).toBe('invalid');
    expect(report.findings.map((f) => f.code)).toContain('DSC_UNKNOWN_KID');
  });
});

describe('EU DCC gateway trust list: malformed input gives coded results', () => {
  it('refuses text that is not JSON, or not an array', async () => {
    expect(await parseEuTrustList('[{')).toMatchObject({
      ok: false,
      code: 'INTEROP_JSON_MALFORMED',
    });
    for (const input of ['{}', 'null', '42', '"x"', { certificates: [] }, null, 7]) {
      expect(await parseEuTrustList(input)).toMatchObject({
        ok: false,
        code: 'INTEROP_SHAPE_INVALID',
      });
    }
  });

  it('bounds the number of entries and the text length', async () => {
    const huge = new Array(100_001).fill(null);
    expect(await parseEuTrustList(huge)).toMatchObject({
      ok: false,
      code: 'INTEROP_TOO_MANY_ENTRIES',
      params: { count: 100_001, limit: 100_000 },
    });
    expect(await parseEuDscList({ certificates: huge })).toMatchObject({
      ok: false,
      code: 'INTEROP_TOO_MANY_ENTRIES',
    });
    expect(await parseEuTrustList('[]'.padEnd(2000), { limits: { maxTextLength: 1000 } })).toEqual({
      ok: false,
      code: 'INTEROP_TOO_LARGE',
      params: { size: 2000, limit: 1000 },
    });
  });

  it('reports entries of the wrong type or with wrongly typed fields, per field', async () => {
    const base = {
      kid: 'AAAAAAAAAAA=',
      timestamp: '2021-06-01T10:00:00Z',
      country: 'AT',
      certificateType: 'DSC',
      thumbprint: '0'.repeat(64),
      signature: '',
      rawData: 'MIIB',
    };
    const cases: [unknown, string][] = [
      [null, '(entry)'],
      [[], '(entry)'],
      ['x', '(entry)'],
      [{ ...base, country: 'at' }, 'country'],
      [{ ...base, country: 1 }, 'country'],
      [{ ...base, certificateType: 3 }, 'certificateType'],
      [{ ...base, kid: 12 }, 'kid'],
      [{ ...base, kid: '$$$' }, 'kid'],
      [{ ...base, kid: 'A'.repeat(500) }, 'kid'],
      [{ ...base, thumbprint: 'xyz' }, 'thumbprint'],
      [{ ...base, timestamp: 'yesterday' }, 'timestamp'],
      [{ ...base, timestamp: 20210601 }, 'timestamp'],
      [{ ...base, signature: { cms: 1 } }, 'signature'],
      [{ ...base, rawData: undefined }, 'rawData'],
      [{ ...base, rawData: ['MIIB'] }, 'rawData'],
      [{ ...base, rawData: '!!!' }, 'rawData'],
    ];
    const result = await parseEuTrustList(cases.map(([item]) => item));
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

  it('bounds certificate size and reports unreadable certificates', async () => {
    const base = {
      kid: 'AAAAAAAAAAA=',
      country: 'AT',
      certificateType: 'DSC',
      thumbprint: '0'.repeat(64),
    };
    const result = await parseEuTrustList([
      { ...base, rawData: toBase64(new Uint8Array(16 * 1024 + 1)) },
      { ...base, rawData: 'A'.repeat(10_000_000) },
      { ...base, rawData: toBase64(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00])) },
    ]);
    if (!result.ok) throw new Error(result.code);
    expect(result.value.problems.map((p) => [p.index, p.code])).toEqual([
      [0, 'INTEROP_CERTIFICATE_TOO_LARGE'],
      [1, 'INTEROP_CERTIFICATE_TOO_LARGE'],
      [2, 'INTEROP_CERTIFICATE_UNREADABLE'],
    ]);
  });

  it('refuses to export something that is not an entry (a programming error)', async () => {
    await expect(toEuTrustList([{ country: 'AT' } as unknown as TrustListEntry])).rejects.toThrow(
      TypeError,
    );
  });
});

describe('interop findings', () => {
  it('are in the shared catalog with a message in every language', () => {
    for (const code of Object.keys(INTEROP_FINDINGS) as (keyof typeof INTEROP_FINDINGS)[]) {
      expect(FINDINGS[code]).toBe(INTEROP_FINDINGS[code]);
      expect(code).toMatch(/^INTEROP_[A-Z_]+$/);
      for (const lang of LANGS) {
        const finding = makeFinding(code, lang, {
          index: 3,
          field: 'kid',
          reason: 'r',
          given: 'g',
          computed: 'c',
          member: 'x',
          key: 'OKP',
          type: 't',
          kind: 'ISSUER',
          country: 'AT',
          certificateCountry: 'DE',
          did: 'did:web:x',
          size: 2,
          limit: 1,
          count: 2,
        });
        expect(finding.layer).toBe('trust');
        expect(finding.message, `${code} ${lang}`).not.toMatch(/\{\w+\}/);
      }
    }
  });
});
