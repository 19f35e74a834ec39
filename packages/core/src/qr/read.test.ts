import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBarcodes } from 'zxing-wasm/reader';
import { hc1Shaped } from '../../test-support/hc1-shaped.js';
import { vectorsDir } from '../../test-support/vectors.js';
import { QUIET_ZONE, qrMatrix, qrPng } from './draw.js';
import { DEFAULT_IMAGE_LIMITS, probeImage } from './image-header.js';
import { encodeBilevelPng } from './png.js';
import { createQrReader, QR_READER_OPTIONS, type QrReader, readQrText } from './read.js';

const require = createRequire(import.meta.url);
const WASM = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));

interface PictureVector {
  name: string;
  picture: Uint8Array;
  prefix: string;
  expected: boolean | undefined;
}

/** Every vector with an enabled `2DCODE` picture (`_2DCODE` marks a disabled one). */
function pictureVectors(dir: string): PictureVector[] {
  const out: PictureVector[] = [];
  for (const country of readdirSync(dir).sort()) {
    const raw = path.join(dir, country, '2DCode', 'raw');
    let files: string[];
    try {
      files = readdirSync(raw);
    } catch {
      continue;
    }
    for (const file of files.filter((f) => f.endsWith('.json')).sort()) {
      const v = JSON.parse(readFileSync(path.join(raw, file), 'utf8'));
      if (typeof v['2DCODE'] !== 'string') continue;
      out.push({
        name: `${country}/${file}`,
        picture: new Uint8Array(Buffer.from(v['2DCODE'], 'base64')),
        prefix: v.PREFIX,
        expected: v.EXPECTEDRESULTS?.EXPECTEDPICTUREDECODE,
      });
    }
  }
  return out;
}

/**
 * Vectors whose picture holds a different certificate than their PREFIX (the Canary Islands
 * test set of dgc-testdata; they do not state EXPECTEDPICTUREDECODE).
 */
const PICTURE_DIFFERS_FROM_PREFIX = new Set(['ES/501.json', 'ES/502.json', 'ES/503.json']);

let reader: QrReader;
beforeAll(async () => {
  reader = await createQrReader(WASM);
});

const dir = vectorsDir('dgc-testdata');

describe.skipIf(!dir)('readQrText on the dgc-testdata pictures', () => {
  const vectors = dir ? pictureVectors(dir) : [];

  it('finds the pictures', () => {
    expect(vectors.length).toBeGreaterThan(100);
  });

  it('decodes exactly PREFIX from every picture with EXPECTEDPICTUREDECODE true', async () => {
    const wanted = vectors.filter((v) => v.expected === true);
    expect(wanted.length).toBeGreaterThan(80);
    for (const v of wanted) {
      expect({ name: v.name, read: await readQrText(reader, v.picture) }).toEqual({
        name: v.name,
        read: { ok: true, value: v.prefix },
      });
    }
  });

  it('fails with a code on every picture with EXPECTEDPICTUREDECODE false', async () => {
    const refused = vectors.filter((v) => v.expected === false);
    expect(refused.map((v) => v.name)).toEqual(['common/Q1.json']);
    for (const v of refused) {
      const read = await readQrText(reader, v.picture);
      expect(read.ok).toBe(false);
      if (!read.ok) expect(read.code).toMatch(/^QR_/);
    }
  });

  it('decodes the pictures that state no expectation to their HC1 code', async () => {
    const rest = vectors.filter((v) => v.expected === undefined);
    for (const v of rest) {
      const read = await readQrText(reader, v.picture);
      if (!read.ok) throw new Error(`${v.name}: ${read.code}`);
      expect(read.value.startsWith('HC1:'), v.name).toBe(true);
      if (!PICTURE_DIFFERS_FROM_PREFIX.has(v.name)) expect(read.value, v.name).toBe(v.prefix);
    }
  });

  it('round-trips real HC1 codes through qrPng at several scales', async () => {
    const codes = [...new Set(vectors.filter((v) => v.expected === true).map((v) => v.prefix))];
    const sample = codes.filter((_, i) => i % Math.ceil(codes.length / 8) === 0);
    expect(sample.length).toBeGreaterThanOrEqual(6);
    for (const text of sample) {
      for (const scale of [2, 5]) {
        expect(await readQrText(reader, qrPng(text, { scale }))).toEqual({ ok: true, value: text });
      }
    }
  });
});

describe('readQrText', () => {
  const HC1 = hc1Shaped(82);

  it('round-trips qrPng output, read back as level Q', async () => {
    const png = qrPng(HC1);
    expect(await readQrText(reader, png)).toEqual({ ok: true, value: HC1 });
    const [result] = await readBarcodes(png, QR_READER_OPTIONS);
    expect(result?.ecLevel).toMatch(/^Q|25/);
  });

  it('accepts an ArrayBuffer as well as a Uint8Array', async () => {
    const png = qrPng(HC1);
    const buffer: ArrayBuffer = png.slice().buffer;
    expect(await readQrText(reader, buffer)).toEqual({ ok: true, value: HC1 });
  });

  it('reports QR_NOT_FOUND for a blank picture', async () => {
    const blank = encodeBilevelPng(200, 200, new Uint8Array(200 * 200));
    expect(await readQrText(reader, blank)).toEqual({ ok: false, code: 'QR_NOT_FOUND' });
  });

  it('reports QR_UNREADABLE for a code that is found but too damaged to correct', async () => {
    const { size, modules } = qrMatrix(HC1);
    const damaged = modules.slice();
    let seed = 1;
    // Flip about 30 % of the modules away from the finder patterns: level Q corrects 25 %.
    for (let y = 9; y < size - 9; y++) {
      for (let x = 9; x < size - 9; x++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        if (seed % 10 < 3) damaged[y * size + x]! ^= 1;
      }
    }
    const scale = 4;
    const side = (size + 2 * QUIET_ZONE) * scale;
    const black = new Uint8Array(side * side);
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const mx = Math.floor(x / scale) - QUIET_ZONE;
        const my = Math.floor(y / scale) - QUIET_ZONE;
        if (mx >= 0 && my >= 0 && mx < size && my < size)
          black[y * side + x] = damaged[my * size + mx]!;
      }
    }
    expect(await readQrText(reader, encodeBilevelPng(side, side, black))).toEqual({
      ok: false,
      code: 'QR_UNREADABLE',
      params: { reason: 'ChecksumError' },
    });
  });

  it('reports QR_IMAGE_UNSUPPORTED for random bytes', async () => {
    const noise = new Uint8Array(4096);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    noise[0] = 0x42;
    expect(await readQrText(reader, noise)).toEqual({ ok: false, code: 'QR_IMAGE_UNSUPPORTED' });
  });

  it('reports QR_IMAGE_INVALID for an empty file, a bad header and a truncated PNG', async () => {
    const png = qrPng(HC1);
    for (const bytes of [
      new Uint8Array(0),
      png.subarray(0, 20), // header cut short
      png.subarray(0, png.length >> 1), // pixel data cut short
      Uint8Array.of(...png.subarray(0, 8), 0, 0, 0, 13, 0x49, 0x44, 0x41, 0x54, ...new Array(17)),
    ]) {
      const read = await readQrText(reader, bytes);
      expect(read.ok ? 'ok' : read.code).toBe('QR_IMAGE_INVALID');
    }
  });

  it('refuses a PNG header claiming 100000 × 100000 pixels before decoding anything', async () => {
    const png = qrPng(HC1).slice();
    const view = new DataView(png.buffer);
    view.setUint32(16, 100_000);
    view.setUint32(20, 100_000);
    const rssBefore = process.memoryUsage().rss;
    const read = await readQrText(reader, png);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 1024 * 1024);
    expect(read).toEqual({
      ok: false,
      code: 'QR_IMAGE_DIMENSIONS_TOO_LARGE',
      params: {
        width: 100_000,
        height: 100_000,
        limit: DEFAULT_IMAGE_LIMITS.maxPixels,
        side: DEFAULT_IMAGE_LIMITS.maxSide,
      },
    });
  });

  it('refuses a JPEG header claiming 60000 × 60000 pixels', () => {
    const jpeg = Uint8Array.of(
      ...[0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00], // SOI, APP0 (2 bytes of data)
      ...[0xff, 0xc0, 0x00, 0x0b, 0x08, 0xea, 0x60, 0xea, 0x60, 0x01, 0x01, 0x11, 0x00],
    );
    const probe = probeImage(jpeg);
    expect(probe.ok ? 'ok' : probe.code).toBe('QR_IMAGE_DIMENSIONS_TOO_LARGE');
  });

  it('refuses a file over the byte limit without looking inside', async () => {
    const big = new Uint8Array(DEFAULT_IMAGE_LIMITS.maxBytes + 1);
    expect(await readQrText(reader, big)).toEqual({
      ok: false,
      code: 'QR_IMAGE_TOO_LARGE',
      params: { size: big.length, limit: DEFAULT_IMAGE_LIMITS.maxBytes },
    });
  });

  it('applies caller limits', async () => {
    const png = qrPng(HC1, { scale: 4 });
    const limits = { ...DEFAULT_IMAGE_LIMITS, maxSide: 100 };
    const read = await readQrText(reader, png, limits);
    expect(read.ok ? 'ok' : read.code).toBe('QR_IMAGE_DIMENSIONS_TOO_LARGE');
  });

  it('refuses wasm bytes that are not the installed reader build', async () => {
    const wrong = WASM.slice();
    wrong[wrong.length - 1]! ^= 1;
    await expect(createQrReader(wrong)).rejects.toThrow(/SHA-256/);
  });
});
