import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { vectorsDir } from '../../core/test-support/vectors.js';
import { readVector, runCli, tempDir, writeTemp } from './helpers.js';

const dgc = vectorsDir('dgc-testdata');

describe.skipIf(!dgc)('corridor verify --batch', () => {
  let dir: string;
  let trust: string;
  let valid: string;
  let clock: string;

  beforeAll(async () => {
    const de = await readVector(dgc!, 'DE/2DCode/raw/1.json');
    dir = tempDir();
    trust = writeTemp(dir, 'dsc.b64', de.TESTCTX.CERTIFICATE);
    valid = de.PREFIX;
    clock = de.TESTCTX.VALIDATIONCLOCK;
  });

  it('writes one JSON report per line, in input order, with progress on standard error', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 900; i++) lines.push(i % 3 === 1 ? `HC1:broken${i}` : valid);
    const file = writeTemp(dir, 'codes.txt', `${lines.join('\n')}\n`);
    const r = await runCli([
      'verify',
      '--batch',
      file,
      '--trust',
      trust,
      '--at',
      clock,
      '--workers',
      '2',
    ]);
    expect(r.code).toBe(1);
    const reports = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(reports).toHaveLength(900);
    reports.forEach((report, i) => {
      expect(report.status, `line ${i + 1}`).toBe(i % 3 === 1 ? 'invalid' : 'valid');
    });
    expect(reports[1].findings[0].code).toBe('HC1_BASE45_INVALID');
    expect(r.stderr).toMatch(/verified 900\/900/);
  });

  it('exits 0 when every code is valid, and 2 for a missing file', async () => {
    const file = writeTemp(dir, 'good.txt', `${valid}\n${valid}\n`);
    const ok = await runCli(['verify', '--batch', file, '--trust', trust, '--at', clock]);
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim().split('\n')).toHaveLength(2);
    const missing = await runCli(['verify', '--batch', `${dir}/nope.txt`]);
    expect(missing.code).toBe(2);
    expect(readFileSync(file, 'utf8')).toContain('HC1:');
  });
});
