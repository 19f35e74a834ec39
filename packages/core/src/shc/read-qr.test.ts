/** The `shc:/` numeric encoding and the reassembly of chunked cards. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleShcQr, MAX_CHUNK_JWS, MAX_SINGLE_QR_JWS } from './assemble.js';
import { encodeShcQr } from './encode-qr.js';
import { readShcQr, readShcQrBytes } from './read-qr.js';

const SEED = 0x5c_0de;
const JWS_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';

describe('readShcQr', () => {
  it('decodes each digit pair as a character code minus 45 (the spec example "X" = 43)', () => {
    expect(readShcQr('shc:/43', 1)).toEqual({ ok: true, value: { jws: 'X' } });
    expect(readShcQr('shc:/56762909', 1)).toEqual({ ok: true, value: { jws: 'eyJ6' } });
    expect(readShcQr('shc:/2/3/0001', 1)).toEqual({
      ok: true,
      value: { jws: '-.', index: 2, total: 3 },
    });
  });

  it('round-trips every compact-JWS character, single and chunked', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...JWS_CHARS), minLength: 1, maxLength: 400 }),
        fc.option(
          fc.record({
            index: fc.integer({ min: 1, max: 99 }),
            total: fc.integer({ min: 1, max: 99 }),
          }),
        ),
        (jws, chunk) => {
          const read = readShcQr(encodeShcQr(jws, chunk ?? undefined), 1);
          expect(read).toEqual({ ok: true, value: { jws, ...(chunk ?? {}) } });
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it.each([
    ['https://example.org', 'SHC_PREFIX_MISSING', undefined],
    ['SHC:/5676', 'SHC_PREFIX_MISSING', undefined],
    ['shc:5676', 'SHC_QR_HEADER_INVALID', undefined],
    ['shc:/0/2/5676', 'SHC_QR_HEADER_INVALID', undefined],
    ['shc:/1/2/', 'SHC_NUMERIC_INVALID', 'no digits'],
    ['shc:/', 'SHC_NUMERIC_INVALID', 'no digits'],
    ['shc:/567', 'SHC_NUMERIC_INVALID', 'odd number of digits'],
    ['shc:/5678', 'SHC_NUMERIC_INVALID', 'pair 78 is no JWS character'],
    ['shc:/5602', 'SHC_NUMERIC_INVALID', 'pair 02 is no JWS character'],
    ['shc:/56 76', 'SHC_NUMERIC_INVALID', 'U+0020 is not a digit'],
    ['shc:/56a6', 'SHC_NUMERIC_INVALID', '"a" is not a digit'],
  ])('refuses %j with %s', (text, code, reason) => {
    const read = readShcQr(text, 1);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.code).toBe(code);
    if (reason) expect(read.params?.reason).toBe(reason);
  });

  it('names the position of the first bad pair in the QR text', () => {
    const read = readShcQr('shc:/567699', 3);
    expect(read).toEqual({
      ok: false,
      code: 'SHC_NUMERIC_INVALID',
      params: { part: 3, position: 9, reason: 'pair 99 is no JWS character' },
    });
  });
});

describe('readShcQrBytes', () => {
  /** Digits with now and then a character that is none (ASCII or not). */
  const noisy = fc.string({
    unit: fc.oneof(
      { weight: 20, arbitrary: fc.constantFrom(...'0123456789') },
      { weight: 1, arbitrary: fc.constantFrom('a', ' ', '/', '\u00e9', '\ud83d', '\u0660') },
    ),
    maxLength: 60,
  });
  /** The spec's reading, one pair at a time: the JWS characters, or the first bad position. */
  const model = (digits: string): string | number => {
    let jws = '';
    for (let i = 0; i < digits.length; i += 2) {
      if (!/^[0-9]$/.test(digits[i]!)) return i;
      if (!/^[0-9]$/.test(digits[i + 1] ?? '')) return i + 1 < digits.length ? i + 1 : i;
      const c = String.fromCharCode(Number(digits.slice(i, i + 2)) + 45);
      if (!JWS_CHARS.includes(c)) return i;
      jws += c;
    }
    return jws;
  };

  it('gives the ASCII bytes of the JWS characters, or names the first bad pair, after any header', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('shc:/', 'shc:/1/2/', 'shc:/12/34/', 'shc:/3/999/'),
        fc.oneof(
          fc
            .string({ unit: fc.constantFrom(...JWS_CHARS), minLength: 1, maxLength: 300 })
            .map((jws) => encodeShcQr(jws).slice(5)),
          noisy.filter((d) => d.length > 0 && !d.includes('/')),
        ),
        (prefix, digits) => {
          const read = readShcQrBytes(prefix + digits, 2);
          const expected = model(digits);
          if (typeof expected === 'number') {
            expect(read).toMatchObject({
              ok: false,
              code: 'SHC_NUMERIC_INVALID',
              params: { part: 2, position: prefix.length + expected },
            });
            return;
          }
          expect(read.ok).toBe(true);
          if (!read.ok) return;
          expect(new TextDecoder().decode(read.value.ascii)).toBe(expected);
          expect(read.value.ascii).toHaveLength(expected.length);
          // Room to decode the base64url right after the characters, in the same allocation.
          expect(read.value.spare).toHaveLength(Math.floor((expected.length * 3) / 4));
          expect(read.value.spare.buffer).toBe(read.value.ascii.buffer);
          expect(read.value.spare.byteOffset).toBe(read.value.ascii.byteOffset + expected.length);
          expect(readShcQr(prefix + digits, 2)).toMatchObject({
            ok: true,
            value: { jws: expected },
          });
        },
      ),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it('names the first bad character or pair whatever the offset of the digits', () => {
    for (const prefix of ['shc:/', 'shc:/1/2/', 'shc:/10/20/']) {
      const at = prefix.length;
      expect(readShcQrBytes(`${prefix}5676\u00e909`, 1)).toEqual({
        ok: false,
        code: 'SHC_NUMERIC_INVALID',
        params: { part: 1, position: at + 4, reason: 'U+00E9 is not a digit' },
      });
      expect(readShcQrBytes(`${prefix}567699`, 1)).toMatchObject({
        params: { position: at + 4, reason: 'pair 99 is no JWS character' },
      });
      expect(readShcQrBytes(`${prefix}56767`, 1)).toMatchObject({
        params: { position: at + 4, reason: 'odd number of digits' },
      });
    }
  });
});

describe('assembleShcQr', () => {
  const chunked = (jws: string, n: number) => {
    const size = Math.ceil(jws.length / n);
    return Array.from({ length: n }, (_, i) =>
      encodeShcQr(jws.slice(i * size, (i + 1) * size), { index: i + 1, total: n }),
    );
  };

  it('joins chunks scanned in any order', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...JWS_CHARS), minLength: 2000, maxLength: 3000 }),
        fc.integer({ min: 2, max: 5 }),
        fc.integer(),
        (jws, n, shuffle) => {
          const parts = chunked(jws, n);
          const order = parts.map((p, i) => [p, (i * 7919 + shuffle) % 1009] as const);
          order.sort((a, b) => a[1] - b[1]);
          const assembly = assembleShcQr(
            order.map(([p]) => p),
            32,
          );
          expect(assembly.jws).toBe(jws);
          expect(assembly.problems.map((p) => p.code)).toContain('SHC_CHUNKING_DEPRECATED');
          expect(
            assembly.problems.filter(
              (p) => p.code.startsWith('SHC_CHUNK_') && p.code !== 'SHC_CHUNKS_UNBALANCED',
            ),
          ).toEqual([]);
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('names missing, duplicate, out-of-range and disagreeing chunks', () => {
    const [a, b, c] = chunked('x'.repeat(2400), 3) as [string, string, string];
    const codes = (parts: string[]) => assembleShcQr(parts, 32).problems.map((p) => p.code);
    expect(codes([a, c])).toEqual(['SHC_CHUNK_MISSING']);
    expect(assembleShcQr([a, c], 32).problems[0]?.params).toEqual({ missing: '2', total: 3 });
    expect(codes([a, c, a])).toEqual(['SHC_CHUNK_DUPLICATE', 'SHC_CHUNK_MISSING']);
    expect(codes([a, b, encodeShcQr('xx', { index: 4, total: 3 })])).toEqual([
      'SHC_CHUNK_INCONSISTENT',
      'SHC_CHUNK_MISSING',
    ]);
    expect(codes([a, b, encodeShcQr('xx', { index: 3, total: 4 })])).toEqual([
      'SHC_CHUNK_INCONSISTENT',
    ]);
    expect(codes([a, b, encodeShcQr('xx')])).toEqual(['SHC_QR_HEADER_INVALID']);
    expect(codes([b])).toEqual(['SHC_CHUNK_MISSING']);
    expect(codes([` ${a}`, b, c])).toEqual(['SHC_QR_WHITESPACE']);
  });

  it('holds single QR codes to 1195 JWS characters and chunks to 1191', () => {
    expect(assembleShcQr([encodeShcQr('a'.repeat(MAX_SINGLE_QR_JWS))], 32).problems).toEqual([]);
    const long = assembleShcQr([encodeShcQr('a'.repeat(MAX_SINGLE_QR_JWS + 1))], 32);
    expect(long.problems).toEqual([
      { code: 'SHC_QR_TOO_LONG', params: { part: 1, length: 1196, limit: 1195 } },
    ]);
    expect(long.jws).toHaveLength(1196);
    const big = chunked('b'.repeat(2 * (MAX_CHUNK_JWS + 1)), 2);
    expect(assembleShcQr(big, 32).problems.map((p) => p.code)).toEqual([
      'SHC_QR_TOO_LONG',
      'SHC_QR_TOO_LONG',
      'SHC_CHUNKING_DEPRECATED',
    ]);
  });

  it('warns about a 1/1 header, needless chunks and unbalanced sizes', () => {
    const one = assembleShcQr([encodeShcQr('abc', { index: 1, total: 1 })], 32);
    expect(one).toEqual({ jws: 'abc', problems: [{ code: 'SHC_SINGLE_CHUNK_HEADER' }] });
    const needless = assembleShcQr(
      [
        encodeShcQr('a'.repeat(100), { index: 1, total: 2 }),
        encodeShcQr('b'.repeat(10), { index: 2, total: 2 }),
      ],
      32,
    );
    expect(needless.problems.map((p) => p.code)).toEqual([
      'SHC_CHUNKING_DEPRECATED',
      'SHC_CHUNKS_UNNECESSARY',
      'SHC_CHUNKS_UNBALANCED',
    ]);
  });

  it('bounds the number of chunks, given or claimed', () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      encodeShcQr('ab', { index: i + 1, total: 40 }),
    );
    expect(assembleShcQr(many, 32).problems).toEqual([
      { code: 'SHC_CHUNK_TOO_MANY', params: { count: 40, limit: 32 } },
    ]);
    expect(assembleShcQr([encodeShcQr('ab', { index: 1, total: 999999 })], 32).problems).toEqual([
      { code: 'SHC_CHUNK_TOO_MANY', params: { count: 999999, limit: 32 } },
    ]);
  });
});
