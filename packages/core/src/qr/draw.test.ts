import { createRequire } from 'node:module';
import { crc32 as nodeCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { hc1Shaped } from '../../test-support/hc1-shaped.js';
import { QUIET_ZONE, qrMatrix, qrPng, qrSvg } from './draw.js';
import { crc32 } from './png.js';

const require = createRequire(import.meta.url);
const Version = require('qrcode/lib/core/version.js') as {
  getCapacity(version: number, level: unknown, mode: unknown): number;
};
const Mode = require('qrcode/lib/core/mode.js') as Record<'ALPHANUMERIC' | 'BYTE', unknown>;
const ECLevel = require('qrcode/lib/core/error-correction-level.js') as Record<'Q', unknown>;

/** An HC1-shaped code (Base45 text of a typical certificate's length); drawing does not parse it. */
const HC1 = hc1Shaped(582);

function darkCount(modules: Uint8Array): number {
  return modules.reduce((n, m) => n + m, 0);
}

/** Every element of `svg`, in order, with whether it opens, closes or is self-closing. */
function tags(svg: string): { name: string; kind: 'open' | 'close' | 'self' }[] {
  return [...svg.matchAll(/<(\/?)([a-zA-Z]+)(?:\s[^<>]*?)?(\/?)>/g)].map((m) => ({
    name: m[2]!,
    kind: m[1] ? 'close' : m[3] ? 'self' : 'open',
  }));
}

describe('qrMatrix', () => {
  it('encodes an HC1 string in alphanumeric mode at level Q (smallest version that fits)', () => {
    const matrix = qrMatrix(HC1);
    let expected = 1;
    while (Version.getCapacity(expected, ECLevel.Q, Mode.ALPHANUMERIC) < HC1.length) expected++;
    expect(matrix.version).toBe(expected);
    // Byte mode would need a larger symbol for the same text.
    expect(Version.getCapacity(matrix.version, ECLevel.Q, Mode.BYTE)).toBeLessThan(HC1.length);
    expect(matrix.size).toBe(17 + 4 * matrix.version);
    expect(matrix.modules).toHaveLength(matrix.size ** 2);
    expect(matrix.modules.every((m) => m === 0 || m === 1)).toBe(true);
  });

  it('draws the three finder patterns in their corners', () => {
    const { size, modules } = qrMatrix(HC1);
    const at = (x: number, y: number) => modules[y * size + x];
    for (const [x0, y0] of [
      [0, 0],
      [size - 7, 0],
      [0, size - 7],
    ] as const) {
      // The outer ring of a finder is dark, the ring inside it light, the 3×3 centre dark.
      expect(at(x0, y0)).toBe(1);
      expect(at(x0 + 6, y0 + 6)).toBe(1);
      expect(at(x0 + 1, y0 + 1)).toBe(0);
      expect(at(x0 + 3, y0 + 3)).toBe(1);
    }
  });

  it('still encodes text outside the alphanumeric set (byte mode)', () => {
    expect(qrMatrix('https://example.org/?q=ü').version).toBeGreaterThanOrEqual(1);
  });
});

describe('qrSvg', () => {
  it('is well-formed, one path, with the quiet zone and as many dark modules as the matrix', () => {
    const svg = qrSvg(HC1);
    const { size, modules } = qrMatrix(HC1);
    const list = tags(svg);
    const stack: string[] = [];
    for (const tag of list) {
      if (tag.kind === 'open') stack.push(tag.name);
      if (tag.kind === 'close') expect(stack.pop()).toBe(tag.name);
    }
    expect(stack).toEqual([]);
    expect(list[0]).toEqual({ name: 'svg', kind: 'open' });
    expect(list.filter((t) => t.name === 'path')).toHaveLength(1);
    const full = size + 2 * QUIET_ZONE;
    expect(svg).toContain(`viewBox="0 0 ${full} ${full}"`);
    const d = /<path[^>]* d="([^"]*)"/.exec(svg)![1]!;
    let dark = 0;
    let minX = Number.POSITIVE_INFINITY;
    let maxX = 0;
    for (const run of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g)) {
      const [x, y, w, back] = run.slice(1).map(Number) as [number, number, number, number];
      expect(back).toBe(w);
      expect(y).toBeGreaterThanOrEqual(QUIET_ZONE);
      expect(y).toBeLessThan(QUIET_ZONE + size);
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x + w);
      dark += w;
    }
    expect(d.replace(/M\d+ \d+h\d+v1h-\d+z/g, '')).toBe('');
    expect(dark).toBe(darkCount(modules));
    expect(minX).toBe(QUIET_ZONE);
    expect(maxX).toBe(QUIET_ZONE + size);
  });

  it('is accessible: role="img", aria-label and title carry the (escaped) label', () => {
    const svg = qrSvg('HC1:ABC', { label: 'Certificate <Kim & "Lee">', size: 256 });
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-label="Certificate &lt;Kim &amp; &quot;Lee&quot;&gt;"');
    expect(svg).toContain('<title>Certificate &lt;Kim &amp; &quot;Lee&quot;&gt;</title>');
    expect(svg).toContain('width="256" height="256"');
    expect(qrSvg('HC1:ABC')).toContain('aria-label="QR code"');
  });
});

describe('qrPng', () => {
  it('writes a 1-bit greyscale PNG whose size is (modules + quiet zone) × scale', () => {
    const png = qrPng(HC1, { scale: 3 });
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const side = (qrMatrix(HC1).size + 2 * QUIET_ZONE) * 3;
    expect(view.getUint32(16)).toBe(side);
    expect(view.getUint32(20)).toBe(side);
    expect(png[24]).toBe(1); // bit depth
    expect(png[25]).toBe(0); // greyscale
    // Every chunk's CRC matches node:zlib's CRC-32.
    const types: string[] = [];
    for (let at = 8; at < png.length; ) {
      const length = view.getUint32(at);
      types.push(new TextDecoder().decode(png.subarray(at + 4, at + 8)));
      expect(view.getUint32(at + 8 + length)).toBe(
        nodeCrc32(png.subarray(at + 4, at + 8 + length)),
      );
      at += 12 + length;
    }
    expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
  });

  it('computes CRC-32 like zlib', () => {
    const bytes = new TextEncoder().encode('The quick brown fox jumps over the lazy dog');
    expect(crc32(bytes)).toBe(nodeCrc32(bytes));
    expect(crc32(bytes)).toBe(0x414fa339);
  });

  it('refuses a scale that is not an integer from 1 to 64', () => {
    expect(() => qrPng('HC1:A', { scale: 0 })).toThrow(RangeError);
    expect(() => qrPng('HC1:A', { scale: 65 })).toThrow(RangeError);
    expect(() => qrPng('HC1:A', { scale: 1.5 })).toThrow(RangeError);
  });
});
