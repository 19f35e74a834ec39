import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { readQrText } from '@corridor/core/qr';
import { loadQrReader } from '../lib/qr-node.js';

/** Rounds of decoding every picture before timing starts. */
const WARM_UP_ROUNDS = 2;
/** Timed rounds; each picture is decoded this many times. */
const TIMED_ROUNDS = 5;

/**
 * Times QR decoding of every picture in the dgc-testdata vectors (`<vectorsDir>/*\/2DCode/raw/
 * *.json`, field `2DCODE`, base64): after warm-up, each picture is decoded several times and
 * the median and 95th percentile of one decode are reported in milliseconds. Pictures that do
 * not decode are timed too (a failing read is part of the work a scanner does).
 *
 * @param vectorsDir the `dgc-testdata` folder.
 */
export async function benchQrDecode(
  vectorsDir: string,
): Promise<{ pictures: number; median_ms: number; p95_ms: number }> {
  const pictures = await loadVectorPictures(vectorsDir);
  if (pictures.length === 0) throw new Error(`no 2DCODE pictures under ${vectorsDir}`);
  const reader = await loadQrReader();
  for (let round = 0; round < WARM_UP_ROUNDS; round++) {
    for (const picture of pictures) await readQrText(reader, picture);
  }
  const times: number[] = [];
  for (let round = 0; round < TIMED_ROUNDS; round++) {
    for (const picture of pictures) {
      const start = performance.now();
      await readQrText(reader, picture);
      times.push(performance.now() - start);
    }
  }
  times.sort((a, b) => a - b);
  return {
    pictures: pictures.length,
    median_ms: round3(quantile(times, 0.5)),
    p95_ms: round3(quantile(times, 0.95)),
  };
}

/** The decoded `2DCODE` pictures of every vector (the disabled `_2DCODE` ones are left out). */
export async function loadVectorPictures(vectorsDir: string): Promise<Uint8Array[]> {
  const pictures: Uint8Array[] = [];
  for (const country of (await readdir(vectorsDir)).sort()) {
    const raw = path.join(vectorsDir, country, '2DCode', 'raw');
    const files = await readdir(raw).catch(() => [] as string[]);
    for (const file of files.filter((f) => f.endsWith('.json')).sort()) {
      const vector = JSON.parse(await readFile(path.join(raw, file), 'utf8')) as {
        '2DCODE'?: unknown;
      };
      if (typeof vector['2DCODE'] === 'string') {
        pictures.push(new Uint8Array(Buffer.from(vector['2DCODE'], 'base64')));
      }
    }
  }
  return pictures;
}

function quantile(sorted: number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index]!;
}

function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
