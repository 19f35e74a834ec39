/**
 * Hostile input for the entry-pass decoder: whatever a scanned `CP1:` text holds,
 * `verifyEntryPass()` resolves to a report with declared codes, never throws, and a damaged
 * code never comes out valid unless it still carries the same signed content.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { PASS_INPUT, WINDOW } from '../../test-support/entry-pass.js';
import { testDocumentSigner } from '../../test-support/pass-issuer.js';
import { BASE45_ALPHABET, decodeBase45 } from '../base45/decode.js';
import { encodeBase45 } from '../base45/encode.js';
import { bytesEqual } from '../lib/bytes.js';
import { FINDINGS } from '../report/tables.js';
import type { TrustSource } from '../trust/trust-list.js';
import { OID_EKU_ENTRY_PASS } from '../x509/oids.js';
import { deflate } from '../zlib/deflate.js';
import { inflateCapped } from '../zlib/inflate.js';
import { issueEntryPass } from './issue.js';
import { verifyEntryPass } from './verify.js';

const SEED = 0xc0_9a55;
const FC = (numRuns: number) => ({ seed: SEED, numRuns, endOnFailure: true });
const AT = new Date('2021-03-10T00:30:00Z');
const KNOWN = new Set(Object.keys(FINDINGS));
const S = {} as { pass: string; cose: Uint8Array; trust: TrustSource };

function inflated(text: string): Uint8Array | undefined {
  const b = decodeBase45(text, undefined, 4);
  if (!b.ok) return undefined;
  const z = inflateCapped(b.value);
  return z.ok ? z.value : undefined;
}

beforeAll(async () => {
  const kr = await testDocumentSigner('KR', [OID_EKU_ENTRY_PASS]);
  S.trust = kr.trust;
  S.pass = await issueEntryPass(PASS_INPUT, { signer: kr.signer, ...WINDOW });
  S.cose = inflated(S.pass)!;
});

async function check(text: string): Promise<void> {
  const r = await verifyEntryPass(text, { trust: S.trust, at: AT });
  for (const f of r.findings) expect(KNOWN.has(f.code), f.code).toBe(true);
  if (r.status === 'valid') {
    const content = inflated(text);
    expect(content && bytesEqual(content, S.cose)).toBe(true);
  } else {
    expect(r.findings.some((f) => f.severity === 'error')).toBe(true);
  }
}

describe('verifyEntryPass on hostile input (fixed seed)', () => {
  it('answers arbitrary text and Base45 noise with declared codes', async () => {
    const b45 = fc.string({ unit: fc.constantFrom(...BASE45_ALPHABET.split('')), maxLength: 400 });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          b45.map((t) => `CP1:${t}`),
        ),
        check,
      ),
      FC(400),
    );
  });

  it('answers a damaged QR text (characters replaced) with declared codes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...BASE45_ALPHABET.split(''))), {
          minLength: 1,
          maxLength: 4,
        }),
        async (edits) => {
          const chars = S.pass.split('');
          for (const [i, c] of edits) chars[4 + (i % (chars.length - 4))] = c;
          await check(chars.join(''));
        },
      ),
      FC(400),
    );
  });

  it('answers damaged signed bytes (re-compressed, so they reach the CBOR layer) with declared codes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.nat(),
        async (edits, cut) => {
          const bytes = S.cose.slice(0, S.cose.length - (cut % 4 === 0 ? cut % 40 : 0));
          for (const [i, b] of edits) bytes[i % bytes.length] = b;
          await check(`CP1:${encodeBase45(deflate(bytes))}`);
        },
      ),
      FC(600),
    );
  });
});
