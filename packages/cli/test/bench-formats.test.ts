import { describe, expect, it } from 'vitest';
import { vectorsDir } from '../../core/test-support/vectors.js';
import { runCli } from './helpers.js';

const dir = vectorsDir();

// The figures belong to the benchmark (README); this checks that each format's codes run
// through both paths and that the output has the shape the issue asks for.
describe.skipIf(!dir)('corridor bench verify --format', () => {
  it.each([
    ['shc', 5, ['ES256']],
    ['nzcp', 1, ['ES256']],
    ['vds-nc', 3, ['ES256']],
    ['divoc', 3, ['PS256', 'EdDSA']],
  ] as const)(
    '%s: full verification against the bare signature check, as JSON',
    async (format, codes, algs) => {
      const r = await runCli(['bench', 'verify', '--format', format, '--json', '--seconds', '0.2']);
      expect(r.code, r.stderr).toBe(0);
      const result = JSON.parse(r.stdout);
      expect(result).toMatchObject({ format, codes });
      expect([...result.algs].sort()).toEqual([...algs].sort());
      expect(result.raw_ops_per_s).toBeGreaterThan(0);
      expect(result.corridor_ops_per_s).toBeGreaterThan(0);
      expect(result.ratio).toBeCloseTo(result.corridor_ops_per_s / result.raw_ops_per_s, 1);
      expect(result.round_ratios.max).toBeGreaterThanOrEqual(result.round_ratios.min);
      if (format === 'divoc') expect(result.canonicalize_share).toBeGreaterThan(0);
      else expect(result.canonicalize_share).toBeUndefined();
    },
    60_000,
  );

  it('refuses an unknown format (exit 2)', async () => {
    const r = await runCli(['bench', 'verify', '--format', 'pdf']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format');
  });
});
