import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { vectorsDir } from '../../test-support/vectors.js';
import { utf8Encode } from '../lib/bytes.js';
import type { Report } from '../report/report.js';
import { FINDINGS } from '../report/tables.js';
import { DivocTrust } from './trust.js';
import { verifyDivoc } from './verify.js';

// Hostile input: every run ends in a report with catalogued codes, never a throw; bombs, deep
// JSON and oversize input are refused by their limits before any expensive work.
const SEED = 0xd1_7c;
const FC = (numRuns: number) => ({ seed: SEED, numRuns, endOnFailure: true });
const KNOWN = new Set(Object.keys(FINDINGS));
const dir = vectorsDir('divoc');
const AT = new Date('2021-09-01T00:00:00Z');

let trustPromise: Promise<DivocTrust> | undefined;
function trust(): Promise<DivocTrust> {
  trustPromise ??= DivocTrust.create({
    keys: [
      {
        verificationMethod: 'did:india',
        publicKeyPem: readFileSync(path.join(dir!, 'egov-divoc/keys/test-rsa-public.pem'), 'utf8'),
      },
      {
        verificationMethod: 'did:india',
        publicKeyPem: readFileSync(path.join(dir!, 'kde/did-india.pem'), 'utf8'),
      },
    ],
  });
  return trustPromise;
}

function expectCoded(report: Report): void {
  for (const f of report.findings) expect(KNOWN.has(f.code), f.code).toBe(true);
  if (report.status === 'invalid') {
    expect(
      report.findings.some((f) => f.severity === 'error') || report.steps.signature !== 'passed',
    ).toBe(true);
  }
}

function payloadOf(report: Report): unknown {
  return report.credential?.format === 'divoc' ? report.credential.payload : undefined;
}

async function run(input: string | Uint8Array, at = AT): Promise<Report> {
  const report = await verifyDivoc(input, { trust: await trust(), at });
  expectCoded(report);
  return report;
}

describe.skipIf(!dir)('DIVOC hostile input', () => {
  it('random bytes and text (some shaped like a ZIP) give coded findings', async () => {
    const zipLike = fc
      .uint8Array({ maxLength: 400 })
      .map((b) => new Uint8Array([0x50, 0x4b, 3, 4, ...b]));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.uint8Array({ maxLength: 400 }), zipLike, fc.string()),
        async (input) => {
          const report = await run(input);
          expect(report.status).toBe('invalid');
        },
      ),
      FC(300),
    );
  });

  it('mutated ZIP codes never verify with changed content', async () => {
    const zip = new Uint8Array(readFileSync(path.join(dir!, 'ddcc-validator/DIVOCQR1.zip')));
    const at = new Date('2021-03-15T00:00:00Z');
    const original = JSON.stringify(payloadOf(await run(zip, at)));
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: zip.length - 1 }), fc.integer({ min: 1, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        async (flips) => {
          const mutated = zip.slice();
          for (const [at, xor] of flips) mutated[at]! ^= xor;
          const report = await run(mutated, at);
          if (report.status === 'valid') {
            // Only bytes the reader ignores (version fields, times, the local sizes) changed.
            expect(JSON.stringify(payloadOf(report))).toBe(original);
          } else refused++;
        },
      ),
      FC(150),
    );
    expect(refused).toBeGreaterThan(100);
  });

  it('mutated credential JSON verifies only when its signed meaning is unchanged', async () => {
    const text = readFileSync(path.join(dir!, 'egov-divoc/rsa-signed.json'), 'utf8');
    const original = JSON.parse(text);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(fc.nat({ max: text.length - 1 }), fc.string({ minLength: 1, maxLength: 1 })),
          {
            minLength: 1,
            maxLength: 3,
          },
        ),
        async (edits) => {
          let mutated = text;
          for (const [at, ch] of edits) mutated = mutated.slice(0, at) + ch + mutated.slice(at + 1);
          const report = await run(mutated);
          if (report.status !== 'valid') return;
          let parsed: unknown;
          try {
            parsed = JSON.parse(mutated);
          } catch {
            throw new Error('unparseable JSON verified');
          }
          const unsigned = report.findings.some((f) => f.code === 'DIVOC_DATA_UNSIGNED');
          expect(unsigned || JSON.stringify(parsed) === JSON.stringify(original), mutated).toBe(
            true,
          );
        },
      ),
      FC(150),
    );
  });

  it('refuses 10,000-deep JSON, as text and inside a ZIP, before parsing it', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    expect((await run(deep)).findings.map((f) => f.code)).toEqual(['INPUT_TOO_LARGE']);
    const deepObject = `{"a":${'{"a":'.repeat(4000)}1${'}'.repeat(4001)}`;
    const zipped = zipSync({ 'certificate.json': utf8Encode(deepObject) });
    expect(zipped.length).toBeLessThan(8192);
    expect((await run(zipped)).findings.map((f) => f.code)).toEqual(['DIVOC_JSON_TOO_DEEP']);
    const report = await verifyDivoc(deep, {
      trust: await trust(),
      at: AT,
      limits: { maxInputLength: 100_000 },
    });
    expect(report.findings.map((f) => f.code)).toEqual(['DIVOC_JSON_TOO_DEEP']);
  });

  it('refuses a ZIP bomb and oversize input with their codes', async () => {
    // 4 MiB of zeros deflate to about 4 KiB: a QR-sized bomb, 64 times the inflation cap.
    const bomb = zipSync({ 'certificate.json': new Uint8Array(4 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(8192);
    expect((await run(bomb)).findings.map((f) => f.code)).toEqual(['DIVOC_ZIP_LIMIT']);
    expect((await run(new Uint8Array(9000))).findings.map((f) => f.code)).toEqual([
      'INPUT_TOO_LARGE',
    ]);
    expect((await run('')).findings.map((f) => f.code)).toEqual(['INPUT_EMPTY']);
  });

  it('canonicalises a credential full of look-alike blank nodes within the ZIP cap, with a code', async () => {
    const vc = JSON.parse(readFileSync(path.join(dir!, 'egov-divoc/rsa-signed.json'), 'utf8'));
    const { id: _id, ...evidence } = vc.evidence[0];
    const many = { ...vc, evidence: Array.from({ length: 110 }, () => ({ ...evidence })) };
    const zipped = zipSync({ 'certificate.json': utf8Encode(JSON.stringify(many)) });
    expect(zipped.length).toBeLessThan(8192);
    const report = await run(zipped);
    expect(report.status).toBe('invalid');
    expect(['DIVOC_SIGNATURE_INVALID', 'DIVOC_CANONICALIZATION_FAILED']).toContain(
      report.findings.find((f) => f.severity === 'error')?.code,
    );
  }, 180_000);

  it('takes the ZIP as a Latin-1 string too (how some scanners hand over binary QR content)', async () => {
    const zip = readFileSync(path.join(dir!, 'ddcc-validator/DIVOCQR1.zip'));
    const report = await run(zip.toString('latin1'), new Date('2021-03-15T00:00:00Z'));
    expect(report.status).toBe('valid');
  });
});
