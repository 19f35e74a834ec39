import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

// The figures belong to the benchmark (README); this checks that `corridor bench web --quick`
// drives Chromium through the scanner, the wallet-free verification and the shell, and answers
// every field. No timing is asserted: only that each figure was measured.

const chromium = existsSync(process.env.CORRIDOR_CHROMIUM ?? '/usr/bin/chromium');
const ffmpeg = (() => {
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!(chromium && ffmpeg) && !process.env.CI)
  console.warn('\n!!! Chromium or ffmpeg missing: corridor bench web is SKIPPED\n');

describe.skipIf(!(chromium && ffmpeg) && !process.env.CI)('corridor bench web', () => {
  it('measures the scanner, verification against bare WebCrypto, the JavaScript size and the shell, as JSON', async () => {
    const r = await runCli(['bench', 'web', '--quick', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(Object.keys(result).sort()).toEqual([
      'bareSignatureMeanMs',
      'bareSignatureMedianMs',
      'frameToDecisionMedianMs',
      'frameToDecisionSamples',
      'machine',
      'rounds',
      'scannerJsBudgetBytes',
      'scannerJsFiles',
      'scannerJsGzipBytes',
      'scannerJsUncounted',
      'shellReadyColdMs',
      'shellReadyWarmMedianMs',
      'shellReadyWarmSamples',
      'targets',
      'verifyInPageMeanMs',
      'verifyInPageMedianMs',
      'verifyToBareMeanRatio',
      'verifyToBareRatio',
    ]);
    expect(result.rounds).toBe(5);
    // Every frame became a decision, every warm load was timed.
    expect(result.frameToDecisionSamples).toBe(5);
    expect(result.shellReadyWarmSamples).toBe(3);
    for (const key of [
      'frameToDecisionMedianMs',
      'verifyInPageMeanMs',
      'bareSignatureMeanMs',
      'verifyToBareMeanRatio',
      'shellReadyColdMs',
      'shellReadyWarmMedianMs',
    ])
      expect(result[key], key).toBeGreaterThan(0);
    expect(result.verifyToBareMeanRatio).toBeCloseTo(
      result.verifyInPageMeanMs / result.bareSignatureMeanMs,
      6,
    );
    // The budget test's count (scannerJs: entry, scanner page, lane chunk, QR worker), not the
    // wasm, against the budget test's limit in the same unit; every script the page fetched
    // for the camera scan is in it.
    expect(result.scannerJsGzipBytes).toBeGreaterThan(10_000);
    expect(result.scannerJsFiles.some((f: string) => f.endsWith('.wasm'))).toBe(false);
    expect(result.scannerJsFiles.some((f: string) => /qr-worker/.test(f))).toBe(true);
    expect(result.scannerJsUncounted).toEqual([]);
    expect(result.scannerJsBudgetBytes).toBe(250_000);
    expect(result.targets).toEqual({
      frameToDecisionMedianMs: 150,
      scannerJsGzipBytes: 250_000,
      shellReadyMs: 2000,
    });
    expect(result.machine.loadBefore).toHaveLength(3);
  }, 900_000);

  it('refuses a --rounds it cannot use', async () => {
    const r = await runCli(['bench', 'web', '--rounds', '1']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('--rounds takes a whole number from 3 to 500');
  });
});
