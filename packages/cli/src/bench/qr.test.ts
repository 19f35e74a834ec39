import { describe, expect, it } from 'vitest';
import { vectorsDir } from '../../../core/test-support/vectors.js';
import { benchQrDecode } from './qr.js';

const dir = vectorsDir('dgc-testdata');

describe.skipIf(!dir)('benchQrDecode', () => {
  it('times every vector picture and reports median and p95 in milliseconds', async () => {
    const result = await benchQrDecode(dir!);
    console.log(`QR decode: ${JSON.stringify(result)}`);
    expect(result.pictures).toBeGreaterThan(100);
    expect(result.median_ms).toBeGreaterThan(0);
    expect(result.p95_ms).toBeGreaterThanOrEqual(result.median_ms);
    // Speed is the benchmark's business (`corridor bench qr`, target ≤ 3 ms), never a test's.
  });
});
