import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { hc1Shaped } from '../../test-support/hc1-shaped.js';
import { QUIET_ZONE, qrMatrix } from './draw.js';
import { probeImage } from './image-header.js';
import { createQrReader, type QrReader, readQrText } from './read.js';

/*
 * No JPEG encoder is installed (no jpeg-js, no ImageMagick), so this test carries a minimal
 * baseline JPEG encoder: one greyscale component, the ITU-T T.81 Annex K tables, a plain DCT.
 * It exists only to make realistic lossy pictures of QR codes for the reader.
 */

const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
  13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52,
  45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];
const LUMA_QUANT = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
  14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
  92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const AC_BITS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
// biome-ignore format: the standard table reads best in rows of 16
const AC_VALUES = [
  0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
  0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0,
  0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28,
  0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
  0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
  0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
  0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
  0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5,
  0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
  0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
  0xf9, 0xfa,
];

/** value → [code, length] for a Huffman table given as counts per length and values. */
function huffmanCodes(bits: number[], values: number[]): Map<number, [number, number]> {
  const codes = new Map<number, [number, number]>();
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    for (let i = 0; i < bits[length - 1]!; i++) codes.set(values[k++]!, [code++, length]);
    code <<= 1;
  }
  return codes;
}

/** Encodes 8-bit greyscale pixels as a baseline JPEG of the given quality (1–100). */
function encodeGreyJpeg(
  width: number,
  height: number,
  grey: Uint8Array,
  quality: number,
): Uint8Array {
  const scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
  const quant = LUMA_QUANT.map((q) =>
    Math.min(255, Math.max(1, Math.floor((q * scale + 50) / 100))),
  );
  const dc = huffmanCodes(DC_BITS, DC_VALUES);
  const ac = huffmanCodes(AC_BITS, AC_VALUES);
  const out: number[] = [];
  const word = (n: number) => out.push(n >> 8, n & 0xff);
  out.push(0xff, 0xd8); // SOI
  out.push(0xff, 0xdb, 0, 67, 0, ...ZIGZAG.map((i) => quant[i]!)); // DQT
  out.push(0xff, 0xc0, 0, 11, 8); // SOF0, 8-bit
  word(height);
  word(width);
  out.push(1, 1, 0x11, 0);
  for (const [klass, bits, values] of [
    [0x00, DC_BITS, DC_VALUES],
    [0x10, AC_BITS, AC_VALUES],
  ] as const) {
    out.push(0xff, 0xc4);
    word(2 + 1 + 16 + values.length);
    out.push(klass, ...bits, ...values);
  }
  out.push(0xff, 0xda, 0, 8, 1, 1, 0x00, 0, 63, 0); // SOS

  let acc = 0;
  let count = 0;
  const put = (code: number, length: number) => {
    for (let b = length - 1; b >= 0; b--) {
      acc = (acc << 1) | ((code >> b) & 1);
      if (++count === 8) {
        out.push(acc);
        if (acc === 0xff) out.push(0); // byte stuffing
        acc = 0;
        count = 0;
      }
    }
  };
  const magnitude = (v: number): [number, number] => {
    const size = v === 0 ? 0 : Math.floor(Math.log2(Math.abs(v))) + 1;
    return [v < 0 ? v + (1 << size) - 1 : v, size];
  };
  const cos = Array.from({ length: 64 }, (_, i) =>
    Math.cos(((2 * (i >> 3) + 1) * (i & 7) * Math.PI) / 16),
  );
  const block = new Float64Array(64);
  const coefficient = new Int32Array(64);
  let previousDc = 0;
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          const sx = Math.min(width - 1, bx + x);
          const sy = Math.min(height - 1, by + y);
          block[y * 8 + x] = grey[sy * width + sx]! - 128;
        }
      }
      for (let v = 0; v < 8; v++) {
        for (let u = 0; u < 8; u++) {
          let sum = 0;
          for (let y = 0; y < 8; y++) {
            for (let x = 0; x < 8; x++)
              sum += block[y * 8 + x]! * cos[x * 8 + u]! * cos[y * 8 + v]!;
          }
          const c = (u === 0 ? Math.SQRT1_2 : 1) * (v === 0 ? Math.SQRT1_2 : 1) * 0.25 * sum;
          coefficient[v * 8 + u] = Math.round(c / quant[v * 8 + u]!);
        }
      }
      const [dcBits, dcSize] = magnitude(coefficient[0]! - previousDc);
      previousDc = coefficient[0]!;
      put(...dc.get(dcSize)!);
      put(dcBits, dcSize);
      let run = 0;
      for (let k = 1; k < 64; k++) {
        const value = coefficient[ZIGZAG[k]!]!;
        if (value === 0) {
          run++;
          continue;
        }
        for (; run > 15; run -= 16) put(...ac.get(0xf0)!);
        const [bits, size] = magnitude(value);
        put(...ac.get((run << 4) | size)!);
        put(bits, size);
        run = 0;
      }
      if (run > 0) put(...ac.get(0x00)!); // end of block
    }
  }
  if (count > 0) put((1 << (8 - count)) - 1, 8 - count); // pad with 1-bits
  out.push(0xff, 0xd9); // EOI
  return Uint8Array.from(out);
}

/** A QR code of `text` as greyscale pixels (`scale` per module, 4-module quiet zone). */
function greyQr(text: string, scale: number): { side: number; grey: Uint8Array } {
  const { size, modules } = qrMatrix(text);
  const side = (size + 2 * QUIET_ZONE) * scale;
  const grey = new Uint8Array(side * side).fill(255);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const mx = Math.floor(x / scale) - QUIET_ZONE;
      const my = Math.floor(y / scale) - QUIET_ZONE;
      if (mx >= 0 && my >= 0 && mx < size && my < size && modules[my * size + mx]) {
        grey[y * side + x] = 0;
      }
    }
  }
  return { side, grey };
}

const require = createRequire(import.meta.url);
let reader: QrReader;
beforeAll(async () => {
  reader = await createQrReader(
    readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm')),
  );
});

describe('readQrText on JPEG pictures', () => {
  const HC1 = hc1Shaped(185);

  it('reads the code from baseline JPEGs of several qualities', async () => {
    const { side, grey } = greyQr(HC1, 5);
    for (const quality of [90, 60, 30]) {
      const jpeg = encodeGreyJpeg(side, side, grey, quality);
      const probe = probeImage(jpeg);
      expect(probe).toEqual({ ok: true, value: { format: 'jpeg', width: side, height: side } });
      expect(await readQrText(reader, jpeg), `quality ${quality}`).toEqual({
        ok: true,
        value: HC1,
      });
    }
  });

  it('reports a coded failure for a JPEG cut short inside its header', async () => {
    const { side, grey } = greyQr(HC1, 3);
    const jpeg = encodeGreyJpeg(side, side, grey, 80);
    const read = await readQrText(reader, jpeg.subarray(0, 40));
    expect(read).toEqual({
      ok: false,
      code: 'QR_IMAGE_INVALID',
      params: { reason: 'JPEG header cut short' },
    });
  });

  it('reports a coded failure, not an exception, for a JPEG whose data is cut short', async () => {
    const { side, grey } = greyQr(HC1, 3);
    const jpeg = encodeGreyJpeg(side, side, grey, 80);
    const read = await readQrText(reader, jpeg.subarray(0, jpeg.length >> 2));
    expect(read.ok).toBe(false);
    if (!read.ok)
      expect(['QR_IMAGE_INVALID', 'QR_NOT_FOUND', 'QR_UNREADABLE']).toContain(read.code);
  });
});
