/** The compact JWS, its base64url and its payload, taken apart without any trust. */
import fc from 'fast-check';
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { rawDeflate } from '../../test-support/shc-issuer.js';
import { fromBase64Url, fromBase64UrlBytes, toBase64Url, utf8Encode } from '../lib/bytes.js';
import { decodeShcPayload } from './decode-payload.js';
import { parseBoundedJson } from './json.js';
import { parseShcJws, parseShcJwsBytes } from './parse-jws.js';

const b64 = (value: unknown) => toBase64Url(utf8Encode(JSON.stringify(value)));
const SIG64 = 'A'.repeat(86);

describe('fromBase64Url', () => {
  it('decodes the URL-safe alphabet without padding', () => {
    expect([...fromBase64Url('-_8')]).toEqual([0xfb, 0xff]);
    expect(fromBase64Url('')).toEqual(new Uint8Array(0));
  });

  it.each([
    ['+/8', 'standard base64 characters'],
    ['AQ==', 'padding'],
    ['AQI D', 'white space'],
    ['A', 'an impossible length'],
    ['AB', 'non-zero bits after the last byte'],
    ['AQJ', 'non-zero bits after the last byte'],
  ])('refuses %j (%s)', (text) => {
    expect(() => fromBase64Url(text)).toThrow(TypeError);
  });
});

describe('fromBase64UrlBytes', () => {
  it('decodes and refuses exactly what fromBase64Url does, from any offset', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(
            {
              weight: 30,
              arbitrary: fc.constantFrom(
                ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
              ),
            },
            { weight: 1, arbitrary: fc.constantFrom('+', '/', '=', ' ', '.', '\u00e9', '\u0080') },
          ),
          maxLength: 40,
        }),
        fc.nat(3),
        (text, pad) => {
          // Latin-1 bytes, so that a non-ASCII character is one byte at or above 0x80.
          const bytes = new Uint8Array(pad + text.length + 2).fill(0x41);
          for (let i = 0; i < text.length; i++) bytes[pad + i] = text.charCodeAt(i);
          let expected: number[] | undefined;
          try {
            expected = [...fromBase64Url(text)];
          } catch {
            expected = undefined;
          }
          const got = fromBase64UrlBytes(bytes, pad, pad + text.length);
          expect(got && [...got]).toEqual(expected);
        },
      ),
      { seed: 0xb_64, numRuns: 2000 },
    );
  });
});

describe('parseShcJws', () => {
  it('reads the header members and keeps the signed text exactly', () => {
    const h = b64({ zip: 'DEF', alg: 'ES256', kid: 'k1' });
    const { jws, problems } = parseShcJws(`${h}.AQID.${SIG64}`, 16);
    expect(problems).toEqual([]);
    expect(jws).toMatchObject({ alg: 'ES256', zip: 'DEF', kid: 'k1' });
    expect([...jws!.payload]).toEqual([1, 2, 3]);
    expect(new TextDecoder().decode(jws!.signingInput)).toBe(`${h}.AQID`);
  });

  it.each([
    ['a.b', '2 dot-separated parts instead of 3'],
    ['a.b.c.d', '4 dot-separated parts instead of 3'],
    [`.AQID.${SIG64}`, 'empty header or payload'],
    [`${b64([1])}.AQID.${SIG64}`, 'header is not a JSON object'],
    [`${toBase64Url(new Uint8Array([0xff]))}.AQID.${SIG64}`, 'header is not UTF-8'],
    [
      `${b64({ alg: 'ES256', crit: ['x'] })}.AQID.${SIG64}`,
      'header lists critical extensions (crit)',
    ],
    [`e30.AQ+D.${SIG64}`, 'payload is not canonical base64url'],
    [`e30.AQ\u00e9D.${SIG64}`, 'payload is not canonical base64url'],
    [`e30.AQID.${SIG64.slice(1)}\u{1f600}`, 'signature is not canonical base64url'],
    ['e30.AQID\u2024.x', 'payload is not canonical base64url'],
  ])('refuses %j: %s', (text, reason) => {
    const parsed = parseShcJws(text, 16);
    expect(parsed.jws).toBeUndefined();
    expect(parsed.problems).toEqual([{ code: 'SHC_JWS_MALFORMED', params: { reason } }]);
  });

  it('names a broken structure as splitting at every dot would, whatever the dots and characters', () => {
    /** The structure checks in the order the parser makes them, on the text split at every dot. */
    const model = (text: string): string | undefined => {
      const parts = text.split('.');
      if (parts.length !== 3) return `${parts.length} dot-separated parts instead of 3`;
      if (parts[0] === '' || parts[1] === '') return 'empty header or payload';
      for (const [i, name] of ['header', 'payload', 'signature'].entries()) {
        try {
          fromBase64Url(parts[i]!);
        } catch {
          return `${name} is not canonical base64url`;
        }
      }
      return undefined;
    };
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('e', '3', '0', 'A', '.', '.', '+', '\u00e9'),
          maxLength: 14,
        }),
        (text) => {
          const expected = model(text);
          const problem = parseShcJws(text, 16).problems[0];
          if (expected) {
            expect(problem).toEqual({ code: 'SHC_JWS_MALFORMED', params: { reason: expected } });
          } else if (problem?.code === 'SHC_JWS_MALFORMED') {
            expect(String(problem.params?.reason)).toMatch(/^header is not/);
          }
        },
      ),
      { seed: 0x0d07, numRuns: 4000 },
    );
  });

  it('reads the JWS from its ASCII bytes as from its text, the signed bytes a view of them', () => {
    const h = b64({ zip: 'DEF', alg: 'ES256', kid: 'k1' });
    const text = `${h}.AQID.${SIG64}`;
    const ascii = utf8Encode(text);
    const parsed = parseShcJwsBytes(ascii, 16);
    expect(parsed).toEqual(parseShcJws(text, 16));
    expect(parsed.jws!.signingInput.buffer).toBe(ascii.buffer);
    expect(parsed.jws!.signingInput).toHaveLength(h.length + 5);
    const room = new Uint8Array(200).fill(7);
    const into = parseShcJwsBytes(ascii, 16, room);
    expect(into).toEqual(parsed);
    expect(into.jws!.payload.buffer).toBe(room.buffer);
    expect(into.jws!.signature.buffer).toBe(room.buffer);
    const small = parseShcJwsBytes(ascii, 16, new Uint8Array(10));
    expect(small).toEqual(parsed);
    expect(small.jws!.payload.buffer.byteLength).toBeGreaterThan(10);
  });

  it('reports each header defect and the signature form, and still returns the parts', () => {
    const parsed = parseShcJws(
      `${b64({ alg: 'none', zip: 1 })}.AQID.${toBase64Url(new Uint8Array(70))}`,
      16,
    );
    expect(parsed.jws).toBeDefined();
    expect(parsed.problems).toEqual([
      { code: 'SHC_JWS_ALG_UNSUPPORTED', params: { alg: '"none"' } },
      { code: 'SHC_JWS_ZIP_MISSING', params: { zip: '(number)' } },
      { code: 'SHC_JWS_KID_MISSING' },
      { code: 'SHC_SIGNATURE_LENGTH', params: { length: 70 } },
    ]);
    const der = new Uint8Array(70);
    der.set([0x30, 68, 0x02, 0x20]);
    const h = b64({ alg: 'ES256', zip: 'DEF', kid: 'k' });
    expect(parseShcJws(`${h}.AQID.${toBase64Url(der)}`, 16).problems).toEqual([
      { code: 'SHC_SIGNATURE_DER', params: { length: 70 } },
    ]);
  });
});

describe('decodeShcPayload', () => {
  const json = utf8Encode('{"iss":"https://x.example"}');

  it('inflates raw DEFLATE into the claims', () => {
    expect(decodeShcPayload(rawDeflate(json), 'DEF', 1024, 8)).toEqual({
      claims: { iss: 'https://x.example' },
      problems: [],
    });
  });

  it('names zlib-wrapped data, corrupt data and the size limit', () => {
    expect(decodeShcPayload(zlibSync(json), 'DEF', 1024, 8).problems).toEqual([
      { code: 'SHC_PAYLOAD_ZLIB_WRAPPED' },
    ]);
    expect(
      decodeShcPayload(new Uint8Array([0xff, 0xff, 0xff]), 'DEF', 1024, 8).problems[0]?.code,
    ).toBe('SHC_INFLATE_FAILED');
    expect(decodeShcPayload(rawDeflate(json), 'DEF', 8, 8).problems).toEqual([
      { code: 'SHC_INFLATE_LIMIT', params: { limit: 8 } },
    ]);
  });

  it('reads an uncompressed payload only for display when zip is not DEF', () => {
    expect(decodeShcPayload(json, undefined, 1024, 8).claims).toEqual({ iss: 'https://x.example' });
  });

  it('refuses text that is not UTF-8 JSON of an object', () => {
    for (const [bytes, reason] of [
      [new Uint8Array([0xc3, 0x28]), 'not UTF-8'],
      [utf8Encode('[1]'), 'not a JSON object'],
      [utf8Encode('{"a":'), undefined],
    ] as const) {
      const problems = decodeShcPayload(rawDeflate(bytes), 'DEF', 1024, 8).problems;
      expect(problems[0]?.code).toBe('SHC_PAYLOAD_MALFORMED');
      if (reason) expect(problems[0]?.params?.reason).toBe(reason);
    }
  });
});

describe('parseBoundedJson', () => {
  it('counts depth outside strings only', () => {
    expect(parseBoundedJson('{"a":"[[[[[[","b":[1]}', 2)).toEqual({
      ok: true,
      value: { a: '[[[[[[', b: [1] },
    });
    expect(parseBoundedJson('{"a":"\\"[[[","b":[[1]]}', 2).ok).toBe(false);
    expect(parseBoundedJson('[[1]]', 2).ok).toBe(true);
  });

  it('judges depth alike whether or not the text holds more { and [ than the bound', () => {
    const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
    expect(parseBoundedJson(deep(64), 64).ok).toBe(true);
    expect(parseBoundedJson(deep(65), 64)).toEqual({
      ok: false,
      code: 'JSON',
      params: { reason: 'nested deeper than 64 levels' },
    });
    const shallowButMany = JSON.stringify({ a: '[{'.repeat(100), b: [[1], [2], [3]] });
    expect(parseBoundedJson(shallowButMany, 3)).toEqual({
      ok: true,
      value: JSON.parse(shallowButMany),
    });
    expect(parseBoundedJson(shallowButMany, 2).ok).toBe(false);
  });

  it('agrees with JSON.parse, and refuses exactly the values nested deeper than the bound', () => {
    const depth = (v: unknown): number =>
      v !== null && typeof v === 'object'
        ? 1 + Math.max(0, ...Object.values(v as object).map(depth))
        : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 8 }), (value, bound) => {
        const text = JSON.stringify(value);
        const parsed = parseBoundedJson(text, bound);
        expect(parsed.ok).toBe(depth(value) <= bound);
        if (parsed.ok) expect(parsed.value).toEqual(JSON.parse(text));
      }),
      { seed: 0x15_0de9, numRuns: 400 },
    );
  });
});
