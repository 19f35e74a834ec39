import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Decode, utf8Encode } from '../lib/bytes.js';
import { decodeBase45 } from './decode.js';
import { encodeBase45 } from './encode.js';

describe('base45 (RFC 9285)', () => {
  it.each([
    ['AB', 'BB8'],
    ['Hello!!', '%69 VD92EX0'],
    ['base-45', 'UJCLQE7W581'],
    ['ietf!', 'QED8WEX0'],
  ])('encodes and decodes the RFC examples: %s', (plain, encoded) => {
    expect(encodeBase45(utf8Encode(plain))).toBe(encoded);
    const decoded = decodeBase45(encoded);
    expect(decoded.ok && utf8Decode(decoded.value)).toBe(plain);
  });

  it('refuses characters outside the alphabet with their position', () => {
    const r = decodeBase45('GGW');
    expect(r.ok).toBe(false);
    const bad = decodeBase45('AB8a');
    expect(bad).toMatchObject({ ok: false, code: 'HC1_BASE45_INVALID' });
    const lower = decodeBase45('BB8bb8');
    expect(lower).toMatchObject({ ok: false, params: { position: 3 } });
  });

  it('refuses a triplet above 65535 (RFC 9285 section 4.2)', () => {
    expect(decodeBase45('GGW')).toMatchObject({
      ok: false,
      params: { reason: 'triplet out of range' },
    });
    expect(decodeBase45('FGW')).toMatchObject({ ok: true });
  });

  it('refuses a dangling single character and an out-of-range final pair', () => {
    expect(decodeBase45('BB8A')).toMatchObject({
      ok: false,
      params: { reason: 'dangling character' },
    });
    expect(decodeBase45('::')).toMatchObject({
      ok: false,
      params: { reason: 'pair out of range' },
    });
  });

  it('round-trips every byte value', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const back = decodeBase45(encodeBase45(all));
    expect(back.ok && Array.from(back.value)).toEqual(Array.from(all));
  });

  it('decodes after an offset exactly as the sliced text, on both paths (fast and exact)', () => {
    // Texts from the alphabet (fast path), with stray ASCII, and with non-ASCII characters
    // (which send the text to the character-by-character path): same value or same finding.
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
    const char = fc.oneof(
      { weight: 20, arbitrary: fc.constantFrom(...alphabet) },
      { weight: 1, arbitrary: fc.constantFrom('a', '#', '\u00e9', '\u4e2d', '\u{1F600}') },
    );
    fc.assert(
      fc.property(
        fc.array(char, { maxLength: 60 }).map((cs) => cs.join('')),
        fc.integer({ min: 0, max: 5 }),
        (body, prefixLength) => {
          const text = `${'HC1:X'.slice(0, prefixLength)}${body}`;
          const from = Math.min(prefixLength, text.length);
          const offset = decodeBase45(text, new Uint8Array(64), from);
          const sliced = decodeBase45(text.slice(from));
          if (sliced.ok)
            expect(offset.ok && Array.from(offset.value)).toEqual(Array.from(sliced.value));
          else expect(offset).toEqual(sliced);
        },
      ),
      { numRuns: 3000, seed: 45 },
    );
  });

  it('decodes texts longer than the fast path takes, character by character', () => {
    const data = new Uint8Array(45_000).map((_, i) => (i * 131 + 7) & 0xff);
    const text = encodeBase45(data);
    expect(text.length).toBeGreaterThan(65_536);
    const back = decodeBase45(text);
    expect(back.ok && Array.from(back.value)).toEqual(Array.from(data));
    const bad = `${text.slice(0, 66_000)}a${text.slice(66_001)}`;
    expect(decodeBase45(bad)).toMatchObject({ ok: false, params: { position: 66_000 } });
  });

  it('reports the position of a bad character relative to the offset', () => {
    expect(decodeBase45('HC1:BB8bb8', undefined, 4)).toMatchObject({
      ok: false,
      params: { position: 3 },
    });
    expect(decodeBase45('HC1:BB8\u00e9B8', undefined, 4)).toMatchObject({
      ok: false,
      params: { position: 3 },
    });
  });
});
