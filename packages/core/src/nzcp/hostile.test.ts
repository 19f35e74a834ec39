import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { vectorsDir } from '../../test-support/vectors.js';
import type { Report } from '../report/report.js';
import { FINDINGS } from '../report/tables.js';
import { encodeBase32 } from './base32.js';
import { NZCP_EXAMPLE_ISSUER, NzcpTrust } from './trust.js';
import { verifyNzcp } from './verify.js';

/** Fixed seed: a failure prints it with the counterexample, and reruns reproduce it. */
const SEED = 20261206;
const FC = (numRuns: number) => ({ seed: SEED, numRuns, endOnFailure: true });
const AT = new Date('2021-11-26T00:00:00Z');
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

let trust: NzcpTrust;
beforeAll(async () => {
  trust = await NzcpTrust.create({ didDocuments: [], trustedIssuers: [NZCP_EXAMPLE_ISSUER] });
});

/** Every finding is a catalogued code; an invalid report says why with an error. */
function expectCoded(report: Report): void {
  for (const f of report.findings) expect(FINDINGS, f.code).toHaveProperty(f.code);
  if (report.status === 'invalid') {
    expect(report.findings.some((f) => f.severity === 'error')).toBe(true);
  }
}

describe('NZCP hostile input (fast-check, seed 20261206)', () => {
  it('refuses random strings with a coded finding', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 600 }), async (s) => {
        const report = await verifyNzcp(s, { trust, at: AT });
        expect(report.status).toBe('invalid');
        expectCoded(report);
      }),
      FC(500),
    );
  });

  it('refuses random Base32 and random CBOR after the prefix', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: fc.constantFrom(...BASE32), maxLength: 800 }),
          fc.uint8Array({ maxLength: 500 }).map(encodeBase32),
          fc.uint8Array({ maxLength: 500 }).map((b) => encodeBase32(new Uint8Array([0xd2, ...b]))),
        ),
        async (s) => {
          const report = await verifyNzcp(`NZCP:/1/${s}`, { trust, at: AT });
          expect(report.status).toBe('invalid');
          expectCoded(report);
        },
      ),
      FC(800),
    );
  });

  it('refuses random bytes as input (not UTF-8, or not a pass)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (b) => {
        const report = await verifyNzcp(b, { trust, at: AT });
        expect(report.status).toBe('invalid');
        expectCoded(report);
      }),
      FC(300),
    );
  });

  it('stops a 100,000-deep CBOR nest at the decoder depth limit', async () => {
    const nest = new Uint8Array(100_000).fill(0x81);
    const report = await verifyNzcp(`NZCP:/1/${encodeBase32(nest)}`, {
      trust,
      at: AT,
      limits: { maxInputLength: 200_000 },
    });
    expect(report.findings.map((f) => f.code)).toEqual(['CBOR_LIMIT_EXCEEDED']);
  });

  it('refuses oversize input before decoding it', async () => {
    const report = await verifyNzcp(`NZCP:/1/${'A'.repeat(1_000_000)}`, { trust, at: AT });
    expect(report.findings.map((f) => f.code)).toEqual(['INPUT_TOO_LARGE']);
    const bytes = await verifyNzcp(new Uint8Array(1_000_000), { trust, at: AT });
    expect(bytes.findings.map((f) => f.code)).toEqual(['INPUT_TOO_LARGE']);
  });

  it('names the version and prefix problems', async () => {
    const codes = async (s: string) =>
      (await verifyNzcp(s, { trust, at: AT })).findings.map((f) => f.code);
    expect(await codes('NZCP:/2/AAAA')).toEqual(['NZCP_VERSION_UNSUPPORTED']);
    expect(await codes('NZCP:/1')).toEqual(['NZCP_VERSION_UNSUPPORTED']);
    expect(await codes('nzcp:/1/AAAA')).toEqual(['NZCP_PREFIX_MISSING']);
    expect(await codes('HC1:6BFOXN')).toEqual(['NZCP_PREFIX_MISSING']);
    expect(await codes('')).toEqual(['INPUT_EMPTY']);
    expect(await codes('NZCP:/1/A')).toEqual(['NZCP_BASE32_INVALID']);
    expect(await codes('NZCP:/1/AA1A')).toEqual(['NZCP_BASE32_INVALID']);
  });
});

const dir = vectorsDir('nzcp');

describe.skipIf(!dir)('NZCP mutated passes (fast-check, seed 20261206)', () => {
  it('never accepts the worked example with one Base32 character before the last changed', async () => {
    const { readFileSync } = await import('node:fs');
    const pass = readFileSync(`${dir}/spec-examples/valid/nzcp.txt`, 'utf8').trim();
    const exampleTrust = await NzcpTrust.create({
      didDocuments: [readFileSync(`${dir}/spec-examples/valid/did.json`)],
      trustedIssuers: [NZCP_EXAMPLE_ISSUER],
    });
    const start = 'NZCP:/1/'.length;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: start, max: pass.length - 2 }),
        fc.constantFrom(...BASE32),
        async (i, c) => {
          fc.pre(pass[i] !== c);
          const mutated = pass.slice(0, i) + c + pass.slice(i + 1);
          const report = await verifyNzcp(mutated, { trust: exampleTrust, at: AT });
          // Every character but the last carries 5 signed bits, so any change is caught.
          expect(report.status).toBe('invalid');
          expectCoded(report);
        },
      ),
      FC(400),
    );
  });
});
