import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

// The figure belongs to the benchmark (README); this checks that the decision admits (the
// command throws otherwise) and that the output has the shape the issue asks for.
describe('corridor bench lane', () => {
  it('compares a boarding decision with its two signature checks, as JSON', async () => {
    const r = await runCli(['bench', 'lane', '--json', '--seconds', '0.2']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(Object.keys(result).sort()).toEqual([
      'cpu',
      'decision_per_s',
      'load',
      'parts',
      'round_time_ratios',
      'rules',
      'target',
      'time_ratio',
      'two_signatures_per_s',
    ]);
    expect(result.decision_per_s).toBeGreaterThan(0);
    expect(result.two_signatures_per_s).toBeGreaterThan(0);
    // The rates are rounded to whole numbers, so the ratio of the rounded rates is near, not equal.
    const fromRates = result.two_signatures_per_s / result.decision_per_s;
    expect(Math.abs(result.time_ratio - fromRates) / fromRates).toBeLessThan(0.05);
    expect(result.rules).toBeGreaterThan(0);
    expect(result.parts.pass_verify_per_s).toBeGreaterThan(0);
    expect(result.parts.credential_verify_per_s).toBeGreaterThan(0);
    expect(result.target).toBe(1.5);
    expect(result.cpu.decision_us).toBeGreaterThan(result.cpu.two_signatures_us);
    expect(result.cpu.ratio).toBeCloseTo(result.cpu.decision_us / result.cpu.two_signatures_us, 2);
    expect(result.load.start).toHaveLength(3);
    expect(result.round_time_ratios.max).toBeGreaterThanOrEqual(result.round_time_ratios.min);
  }, 180_000);

  it('prints one line in words without --json', async () => {
    const r = await runCli(['bench', 'lane', '--seconds', '0.2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^Boarding decision .* a decision takes \d+\.\d{2}x the time of the two checks/,
    );
  }, 180_000);
});
