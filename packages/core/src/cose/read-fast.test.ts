import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCbor } from '../cbor/decode.js';
import { encodeCbor } from '../cbor/encode.js';
import { Tagged } from '../cbor/tagged.js';
import { readCoseSign1Fast } from './read-fast.js';
import { readCoseSign1 } from './sign1.js';

/** What a reader gives, in comparable form. */
function view(s: ReturnType<typeof readCoseSign1Fast>) {
  if (!s) return undefined;
  return {
    protectedBytes: Array.from(s.protectedBytes),
    protectedHeader: [...s.protectedHeader],
    unprotectedHeader: [...s.unprotectedHeader],
    payload: Array.from(s.payload),
    signature: Array.from(s.signature),
    alg: s.alg,
    algId: s.algId,
    kid: s.kid && Array.from(s.kid),
    tags: [...s.tags],
  };
}

function generic(bytes: Uint8Array) {
  const value = decodeCbor(bytes);
  if (!value.ok) return undefined;
  const read = readCoseSign1(value.value);
  return read.ok ? read.value : undefined;
}

const headerEntry: fc.Arbitrary<[number, unknown]> = fc.oneof(
  fc.tuple(
    fc.constant(1),
    fc.constantFrom<unknown>(-7, -37, -35, 1, 23, 24, 255, -24, -25, -256, 'ES256'),
  ),
  fc.tuple(fc.constant(4), fc.uint8Array({ maxLength: 40 }) as fc.Arbitrary<unknown>),
  fc.tuple(fc.constantFrom(3, 5, 33), fc.constantFrom<unknown>('x', 7)),
);
const header = fc
  .array(headerEntry, { maxLength: 3 })
  .map((entries) => new Map<number, unknown>(entries));

describe('readCoseSign1Fast', () => {
  it('agrees with the generic reader wherever it answers, and answers for the usual shape', () => {
    let answered = 0;
    fc.assert(
      fc.property(
        header,
        header,
        fc.uint8Array({ maxLength: 400 }),
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom([], [18], [61, 18], [61], [18, 61]),
        fc.boolean(),
        (prot, unprot, payload, signature, tags, emptyProtected) => {
          const protBytes = emptyProtected && prot.size === 0 ? new Uint8Array() : encodeCbor(prot);
          let value: unknown = [protBytes, unprot, payload, signature];
          for (const tag of [...tags].reverse()) value = new Tagged(tag, value);
          const bytes = encodeCbor(value);
          const fast = readCoseSign1Fast(bytes);
          if (fast) {
            answered++;
            expect(view(fast)).toEqual(view(generic(bytes)));
          }
        },
      ),
      { numRuns: 3000, seed: 1852 },
    );
    expect(answered).toBeGreaterThan(300);
  });

  it('agrees with the generic reader on mutated and truncated encodings', () => {
    const base = encodeCbor(
      new Tagged(18, [
        encodeCbor(
          new Map<number, unknown>([
            [1, -7],
            [4, new Uint8Array(8).fill(9)],
          ]),
        ),
        new Map(),
        new Uint8Array(120).fill(7),
        new Uint8Array(64).fill(3),
      ]),
    );
    expect(readCoseSign1Fast(base)).toBeDefined();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.nat(base.length),
        (edits, cut) => {
          const bytes = base.slice(0, Math.max(1, base.length - (cut % 4 === 0 ? cut : 0)));
          for (const [at, b] of edits) if (at < bytes.length) bytes[at] = b;
          const fast = readCoseSign1Fast(bytes);
          if (fast) expect(view(fast)).toEqual(view(generic(bytes)));
        },
      ),
      { numRuns: 5000, seed: 61 },
    );
  });
});
