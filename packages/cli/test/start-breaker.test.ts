import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKPOINT_TEXTS, labelText } from '../../core/src/i18n/labels.js';
import { seedCorridorKeys } from '../../server/src/corridor/test-keys.js';
import { CLI, runCli, tempDir } from './helpers.js';

/** Waits until the running `corridor start` has printed its summary (or has exited). */
function startCorridor(args: string[]): Promise<{ child: ChildProcess; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'start', ...args], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.includes('Press Ctrl-C to stop')) resolve({ child, stdout });
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`corridor start exited ${code}: ${stderr}`)));
  });
}

/** The printed `npx corridor ...` commands after `heading`, as argument lists. */
const commandsAfter = (stdout: string, heading: string) =>
  stdout
    .slice(stdout.indexOf(`${heading}:`))
    .replaceAll('\\\n', ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('npx corridor '))
    .map((l) => l.replace('npx corridor ', '').split(/\s+/));

/**
 * `npm start` publishes a quiet week of indicators for both sides and prints the lane's circuit
 * breaker demo: run in order against the running corridor, the lane is open, Korea's spike is
 * accepted by the gateway, the bundle then carries a breaker in force that suspends new passes,
 * and boarding refuses the pass issued after the announcement while admitting the traveller's
 * pass issued before it.
 */
describe('corridor start: the lane circuit breaker', () => {
  const dir = tempDir();
  const port = String(20_000 + Math.floor(Math.random() * 9_990));
  let running: ChildProcess | undefined;
  // The keys at a light scrypt cost (the first start's own keys: start.test.ts).
  beforeAll(() => seedCorridorKeys(dir));
  afterAll(async () => {
    if (!running || running.exitCode !== null) return;
    const closed = new Promise((r) => running!.once('close', r));
    running.kill('SIGTERM');
    await closed;
  });

  it('prints commands that trip the breaker, refuse a new pass and admit a grandfathered one', async () => {
    const started = await startCorridor(['--dir', dir, '--port', port]);
    running = started.child;
    const steps = commandsAfter(started.stdout, 'Circuit breaker');
    expect(steps.map((s) => s.slice(0, 2).join(' '))).toEqual([
      'lane status',
      'lane indicators',
      'bundle fetch',
      'lane status',
      'check --boarding',
      'check --boarding',
    ]);
    const run = async (i: number) => {
      const r = await runCli(steps[i]!);
      return { ...r, all: r.stdout + r.stderr };
    };

    // The week both sides published at the start: open, nothing blocked.
    const open = await run(0);
    expect(open.code, open.all).toBe(0);
    expect(open.stdout).toContain('Breaker unlinked-7d: open');
    expect(open.stdout).toContain('2 indicator documents');

    const spike = await run(1);
    expect(spike.code, spike.all).toBe(0);
    expect(spike.stdout).toContain('✔');
    const fetched = await run(2);
    expect(fetched.code, fetched.all).toBe(0);

    // The bundle now carries the spike: the breaker is in force and blocks new passes.
    const tripped = await run(3);
    expect(tripped.code, tripped.all).toBe(1);
    expect(tripped.stdout).toContain('3 indicator documents');
    expect(tripped.stdout).toMatch(/Blocked: .*new passes/);
    const json = await runCli([...steps[3]!, '--json']);
    const [state] = JSON.parse(json.stdout) as {
      state: { blocked: string[]; breakers: { phase: string; announcedAt: string }[] };
    }[];
    expect(state!.state.blocked).toContain('new-passes');
    expect(state!.state.breakers[0]!.phase).toBe('suspended');
    expect(steps[1]).toContain(state!.state.breakers[0]!.announcedAt.replace('Z', '.000Z'));

    const refuse = labelText(CHECKPOINT_TEXTS, 'refuse', 'en');
    const admit = labelText(CHECKPOINT_TEXTS, 'admit', 'en');
    const fresh = await run(4);
    expect(fresh.code, fresh.all).toBe(1);
    expect(fresh.stdout).toContain(refuse);
    expect(fresh.stdout).toContain('[GRANDFATHER_ISSUED_DURING_SUSPENSION]');
    const grandfathered = await run(5);
    expect(grandfathered.code, grandfathered.all).toBe(0);
    expect(grandfathered.stdout).toContain(admit);
    expect(grandfathered.stdout).toContain('[GRANDFATHER_ISSUED_BEFORE_ANNOUNCEMENT]');
  }, 300_000);
});
