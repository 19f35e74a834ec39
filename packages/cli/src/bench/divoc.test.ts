import { describe, expect, it } from 'vitest';
import { vectorsDir } from '../../../core/test-support/vectors.js';
import { benchDivoc } from './divoc.js';

const dir = vectorsDir('divoc');

describe.skipIf(!dir)('benchDivoc', () => {
  it('measures the three valid DIVOC vectors and shows canonicalisation apart (no timing asserted)', async () => {
    const bench = await benchDivoc(dir!, { seconds: 0.2 });
    expect(bench.codes).toBe(3);
    expect(bench.ratio).toBeGreaterThan(0);
    expect(bench.canonicalize_share).toBeGreaterThan(0);
  }, 180_000);
});
