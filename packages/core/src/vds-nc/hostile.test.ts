import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { measure } from '../../test-support/hostile.js';
import { vectorsDir } from '../../test-support/vectors.js';
import { utf8Encode } from '../lib/bytes.js';
import type { Report } from '../report/report.js';
import { FINDINGS } from '../report/tables.js';
import { VdsNcTrust } from './trust.js';
import { verifyVdsNc } from './verify.js';

/** Fixed seed: a failure prints it with the counterexample, and reruns reproduce it. */
const SEED = 20261206;
const FC = (numRuns: number) => ({ seed: SEED, numRuns, endOnFailure: true });
const AT = new Date('2021-11-01T00:00:00Z');

let empty: VdsNcTrust;
beforeAll(async () => {
  empty = await VdsNcTrust.create({ cscas: [] });
});

function expectCoded(report: Report): void {
  for (const f of report.findings) expect(FINDINGS, f.code).toHaveProperty(f.code);
  expect(report.status).toBe('invalid');
  expect(report.findings.some((f) => f.severity === 'error')).toBe(true);
}

const codes = (report: Report) => report.findings.map((f) => f.code);

describe('VDS-NC hostile input (fast-check, seed 20261206)', () => {
  it('refuses random strings and random JSON values with a coded finding', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 600 }),
          fc.json({ maxDepth: 6 }),
          fc
            .record({ data: fc.jsonValue({ maxDepth: 4 }), sig: fc.jsonValue({ maxDepth: 2 }) })
            .map((v) => JSON.stringify(v)),
        ),
        async (s) => expectCoded(await verifyVdsNc(s, { trust: empty, at: AT })),
      ),
      FC(600),
    );
  });

  it('refuses random bytes (not UTF-8, or not JSON)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (b) =>
        expectCoded(await verifyVdsNc(b, { trust: empty, at: AT })),
      ),
      FC(300),
    );
  });

  it('refuses a 10,000-deep seal with VDS_JSON_TOO_DEEP, never a stack overflow', async () => {
    const depth = 10_000;
    const deep = `{"data":{"hdr":{"t":"icao.vacc","v":1,"is":"AUS"},"msg":${'['.repeat(depth)}${']'.repeat(depth)}},"sig":{}}`;
    const report = await verifyVdsNc(deep, {
      trust: empty,
      at: AT,
      limits: { maxInputLength: 100_000 },
    });
    expect(codes(report)).toEqual(['VDS_JSON_TOO_DEEP']);
    // Deeper than any JSON.parse stack: still a finding, found in one linear scan.
    const deeper = '{"a":'.repeat(1_000_000);
    const report2 = await verifyVdsNc(deeper, {
      trust: empty,
      at: AT,
      limits: { maxInputLength: 10_000_000 },
    });
    expect(codes(report2)).toEqual(['VDS_JSON_TOO_DEEP']);
    // The scan stops at the limit: refusing the 5 MB text allocates next to nothing.
    const cost = await measure(() =>
      verifyVdsNc(deeper, { trust: empty, at: AT, limits: { maxInputLength: 10_000_000 } }),
    );
    expect(codes(cost.value)).toEqual(['VDS_JSON_TOO_DEEP']);
    expect(cost.bytes).toBeLessThan(1024 * 1024);
  });

  it('refuses oversize input before parsing it', async () => {
    const big = `{"data":"${'x'.repeat(1_000_000)}"}`;
    expect(codes(await verifyVdsNc(big, { trust: empty, at: AT }))).toEqual(['INPUT_TOO_LARGE']);
    expect(codes(await verifyVdsNc(utf8Encode(big), { trust: empty, at: AT }))).toEqual([
      'INPUT_TOO_LARGE',
    ]);
  });

  it('names structural problems', async () => {
    const run = async (s: string) => codes(await verifyVdsNc(s, { trust: empty, at: AT }));
    expect(await run('   ')).toEqual(['INPUT_EMPTY']);
    expect(await run('[1]')).toEqual(['VDS_SEAL_INVALID']);
    expect(await run('{"data":{"hdr":{},"msg":{}}}')).toEqual(['VDS_SEAL_INVALID']);
    expect(await run('{"data":{"a":1,"a":2}}')).toEqual(['VDS_JSON_DUPLICATE_KEY']);
    const seal = (hdr: object, sig: object) => JSON.stringify({ data: { hdr, msg: {} }, sig });
    expect(await run(seal({ t: 'icao.pass', v: 2, is: 'ZZZ' }, { cer: '!!' }))).toEqual([
      'VDS_COUNTRY_UNKNOWN',
      'VDS_VERSION_UNSUPPORTED',
      'VDS_TYPE_UNSUPPORTED',
      'VDS_SIGNER_UNREADABLE',
    ]);
  });
});

const dir = vectorsDir('vds-nc');

describe.skipIf(!dir)('VDS-NC mutated seals (fast-check, seed 20261206)', () => {
  it('never accepts the AU seal with a value inside data changed', async () => {
    const { readFileSync } = await import('node:fs');
    const seal = JSON.parse(readFileSync(`${dir}/au-reader-ios/valid.json`, 'utf8'));
    const trust = await VdsNcTrust.create({
      cscas: [readFileSync(`${dir}/trust/AU_CSCA.der`)],
      crls: [readFileSync(`${dir}/trust/AU_CRL.crl`)],
    });
    const paths: string[][] = [
      ['hdr', 'is'],
      ['hdr', 't'],
      ['msg', 'pid', 'n'],
      ['msg', 'pid', 'dob'],
      ['msg', 'uvci'],
      ['msg', 've', '0', 'nam'],
      ['msg', 've', '0', 'vd', '1', 'dvc'],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.constant(null)),
        async (path, value) => {
          const copy = structuredClone(seal);
          let node = copy.data;
          for (const key of path.slice(0, -1)) node = node[key];
          fc.pre(node[path.at(-1)!] !== value);
          node[path.at(-1)!] = value;
          const report = await verifyVdsNc(JSON.stringify(copy), { trust, at: AT });
          expectCoded(report);
          expect(codes(report)).toContain('VDS_SIGNATURE_INVALID');
        },
      ),
      FC(200),
    );
  });
});
