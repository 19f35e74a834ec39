import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCbor } from './decode.js';

/** A CBOR text string head (major type 3) followed by `bytes` as they are, valid or not. */
function textItem(bytes: Uint8Array): Uint8Array {
  const head = bytes.length < 24 ? [0x60 | bytes.length] : [0x78, bytes.length];
  return new Uint8Array([...head, ...bytes]);
}

const reference = new TextDecoder('utf-8', { fatal: true });

/** What TextDecoder (the reference) makes of the bytes, as decodeCbor reports it. */
function expected(bytes: Uint8Array) {
  try {
    return { ok: true, value: reference.decode(bytes) };
  } catch {
    return { ok: false, code: 'CBOR_MALFORMED' };
  }
}

describe('decodeCbor text strings', () => {
  it('decodes text exactly as TextDecoder does: ASCII, accents, CJK, emoji, and bad UTF-8', () => {
    const valid = fc
      .string({ unit: 'binary', maxLength: 40 })
      .map((s) => new TextEncoder().encode(s))
      .filter((b) => b.length <= 255);
    const mutated = fc
      .tuple(
        valid,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
      )
      .map(([b, edits]) => {
        const out = b.slice();
        for (const [at, v] of edits) if (out.length > 0) out[at % out.length] = v;
        return out;
      });
    const raw = fc.uint8Array({ maxLength: 80 });
    fc.assert(
      fc.property(fc.oneof(valid, mutated, raw), (bytes) => {
        const got = decodeCbor(textItem(bytes));
        const want = expected(bytes);
        if (want.ok) expect(got).toEqual({ ok: true, value: want.value });
        else expect(got).toMatchObject({ ok: false, code: 'CBOR_MALFORMED' });
      }),
      { numRuns: 20000, seed: 3629 },
    );
  });

  it('names with accents and the edge cases of UTF-8', () => {
    const cases: [number[], string | null][] = [
      [[0x47, 0xc3, 0xb6, 0xc3, 0x9f], 'Göß'],
      [[0xe4, 0xb8, 0xad, 0xe6, 0x96, 0x87], '中文'],
      [[0xf0, 0x9f, 0x98, 0x80], '😀'],
      [[0xef, 0xbb, 0xbf, 0x41], 'A'], // TextDecoder drops a leading byte-order mark
      [[0xc0, 0x80], null], // overlong
      [[0xed, 0xa0, 0x80], null], // a surrogate
      [[0xf4, 0x90, 0x80, 0x80], null], // above U+10FFFF
      [[0x41, 0xc3], null], // truncated
    ];
    for (const [bytes, text] of cases) {
      const got = decodeCbor(textItem(new Uint8Array(bytes)));
      if (text === null) expect(got).toMatchObject({ ok: false, code: 'CBOR_MALFORMED' });
      else expect(got).toEqual({ ok: true, value: text });
    }
  });
});
