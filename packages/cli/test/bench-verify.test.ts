import { describe, expect, it } from 'vitest';
import { vectorsDir } from '../../core/test-support/vectors.js';
import { runCli } from './helpers.js';

const dgc = vectorsDir('dgc-testdata');

// The figures are the benchmark's business (README, `npm run bench`); this checks the command
// runs the vector codes through both paths and reports in the shape the issue asks for.
describe.skipIf(!dgc)('corridor bench verify', () => {
  it('prints ES256 and PS256 rates and ratios as JSON', async () => {
    const r = await runCli(['bench', 'verify', '--json', '--seconds', '0.5']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(Object.keys(result).sort()).toEqual(['es256', 'ps256']);
    for (const alg of ['es256', 'ps256']) {
      const { codes, raw_ops_per_s, corridor_ops_per_s, ratio } = result[alg];
      expect(codes).toBeGreaterThan(0);
      expect(raw_ops_per_s).toBeGreaterThan(0);
      expect(corridor_ops_per_s).toBeGreaterThan(0);
      expect(ratio).toBeCloseTo(corridor_ops_per_s / raw_ops_per_s, 2);
    }
    expect(result.es256.codes).toBe(120);
    expect(result.ps256.codes).toBe(15);
  }, 60_000);
});
