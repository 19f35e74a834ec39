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
    for (const alg of ['es256', 'ps256']) {
      const { min, max } = result[alg].round_ratios;
      expect(min).toBeGreaterThan(0);
      expect(max).toBeGreaterThanOrEqual(min);
      // Without --bounds the ceilings are not measured.
      expect(result[alg].bounds).toBeUndefined();
    }
  }, 180_000);

  it('with --bounds, measures the two ceilings in the same rounds', async () => {
    const r = await runCli(['bench', 'verify', '--bounds', '--seconds', '0.5']);
    expect(r.code).toBe(0);
    for (const alg of ['ES256', 'PS256']) {
      expect(r.stdout).toMatch(
        new RegExp(`^${alg} \\(\\d+ codes\\):.* ratio \\d\\.\\d{3} \\(rounds `, 'm'),
      );
    }
    const ceilings = [
      ...r.stdout.matchAll(/await only (\d\.\d{3}), plus JSON\.parse of the payload (\d\.\d{3})/g),
    ];
    expect(ceilings).toHaveLength(2);
    for (const [, awaitOnly, jsonParse] of ceilings) {
      expect(Number(awaitOnly)).toBeGreaterThan(0);
      expect(Number(jsonParse)).toBeGreaterThan(0);
    }
  }, 180_000);
});
