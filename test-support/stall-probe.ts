import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { expect } from 'vitest';

/**
 * Vitest setup file, off unless `CORRIDOR_STALL_REPORT` names a file: records every time a test
 * worker's event loop was blocked for longer than `CORRIDOR_STALL_MS` (default 2,000 ms), with
 * the file and test that were running, one JSON line each.
 *
 * Why: a worker answers the vitest runner over an RPC channel with a fixed 60 s timeout. A test
 * that keeps its event loop busy for a minute (synchronous work, or a long chain of promises
 * that never yields to timers and I/O) makes the run fail with "Timeout calling onTaskUpdate"
 * although every test passed, and only when the machine is loaded (docs/CONVENTIONS.md).
 */
const report = process.env.CORRIDOR_STALL_REPORT;
if (report) {
  const threshold = Number(process.env.CORRIDOR_STALL_MS ?? 2000);
  const tick = 100;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const stall = now - last - tick;
    last = now;
    if (stall < threshold) return;
    const state = expect.getState();
    const line = {
      file: state.testPath ?? null,
      test: state.currentTestName ?? null,
      stall_ms: Math.round(stall),
      pid: process.pid,
    };
    appendFileSync(report, `${JSON.stringify(line)}\n`);
  }, tick);
  timer.unref();
}
