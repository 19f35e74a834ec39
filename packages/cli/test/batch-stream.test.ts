import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AHEAD_PER_WORKER, CHUNK_LINES } from '../src/commands/verify-batch.js';
import { CLI, runCli, tempDir, writeTemp } from './helpers.js';

const run = promisify(execFile);
const FIXTURE = fileURLToPath(new URL('./fixtures/batch-backpressure.mjs', import.meta.url));

describe('corridor verify --batch: streaming', () => {
  it('reads standard input with -, answers blank and CRLF lines, ignores trailing blanks', async () => {
    const r = await runCli(['verify', '--batch', '-'], 'HC1:x\r\n\r\n  HC1:y  \n\n \n');
    expect(r.code).toBe(1);
    const reports = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    // Three lines: output line N answers input line N, the blank one included.
    expect(reports.map((x) => x.findings[0].code)).toEqual([
      'HC1_BASE45_INVALID',
      'INPUT_EMPTY',
      'HC1_BASE45_INVALID',
    ]);
    expect(r.stderr).toMatch(/verified 3\/3/);
    expect(r.stderr.match(/verified 3\/3/g)).toHaveLength(1);
  });

  it('refuses an over-long line as too large without holding it, and goes on', async () => {
    const r = await runCli(['verify', '--batch', '-'], `HC1:${'0'.repeat(1_000_000)}\nHC1:x\n`);
    const codes = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l).findings[0].code);
    expect(codes).toEqual(['INPUT_TOO_LARGE', 'HC1_BASE45_INVALID']);
  });

  it('stops quietly when the reader of its output goes away (| head)', async () => {
    const lines = Array.from({ length: 40 * CHUNK_LINES }, (_, i) => `HC1:x${i}`);
    const file = writeTemp(tempDir(), 'many.txt', `${lines.join('\n')}\n`);
    const child = spawn(process.execPath, [CLI, 'verify', '--batch', file]);
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(1);
  });

  it('an empty input is no codes, all of them valid', async () => {
    const r = await runCli(['verify', '--batch', '-'], '\n\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/verified 0\/0/);
  });

  it('stops reading while the output is full, and resumes in order when it drains', async () => {
    // Line i fails Base45 at position 3 × (i mod 97), so the output order can be checked.
    const chunks = 60;
    const count = chunks * CHUNK_LINES;
    const lines = Array.from({ length: count }, (_, i) => `HC1:${'000'.repeat(i % 97)}!`);
    const file = writeTemp(tempDir(), 'codes.txt', `${lines.join('\n')}\n`);
    const { stdout } = await run(process.execPath, [FIXTURE, file], {
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const seen = JSON.parse(stdout);
    // The output said "full" at its first chunk; from then on nothing more was read. What
    // came out meanwhile is what was already dispatched: while chunk 0 is still being verified
    // (one worker slower than the other), up to the reorder limit, and one chunk being read.
    expect(seen.whileFull).toBeGreaterThan(0);
    expect(seen.whileFull).toBeLessThanOrEqual(AHEAD_PER_WORKER * 2 + 1);
    expect(seen.code).toBe(1);
    expect(seen.chunks).toBe(chunks);
    expect(seen.statuses).toEqual(['invalid']);
    expect(seen.positions).toEqual(lines.map((_, i) => 3 * (i % 97)));
  });
});
