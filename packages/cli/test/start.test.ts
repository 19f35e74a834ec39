import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers.js';

/** `npm start` is `corridor start`: the whole corridor, here with `--once` in a temp folder. */
describe('corridor start', () => {
  const dir = tempDir();
  const port = String(20_000 + Math.floor(Math.random() * 9_990));

  it('brings up gateway and both nodes, and prints verify commands that work offline', async () => {
    // A stand-in build: the nodes only need its folder to mount the app (served for real in
    // packages/server/src/node/web.test.ts).
    const web = path.join(dir, 'web-dist');
    mkdirSync(web, { recursive: true });
    writeFileSync(path.join(web, 'index.html'), '<!doctype html><div id="root"></div>');
    const first = await runCli(['start', '--once', '--dir', dir, '--port', port, '--web', web]);
    expect(first.code, first.stderr).toBe(0);
    const cn = `http://127.0.0.1:${Number(port) + 1}/app/`;
    const kr = `http://127.0.0.1:${Number(port) + 2}/app/`;
    expect(first.stdout).toMatch(
      new RegExp(`Border scanner +CN ${cn}border/scan +KR ${kr}border/scan`.replaceAll('.', '\\.')),
    );
    expect(first.stdout).toContain(`${cn}wallet/certificates`);
    expect(first.stdout).toContain(`${kr}wallet/certificates`);
    expect(first.stdout).toContain(`${kr}issuer`);
    // The operator console is the gateway's, on the gateway's own port.
    expect(first.stdout).toMatch(
      new RegExp(`Operator console +http://127\\.0\\.0\\.1:${port}/app/operator `),
    );
    expect(first.stdout).not.toContain(`${cn}operator`);
    expect(first.stderr).toContain('gateway: onboarding CN');
    expect(first.stderr).toContain('CN and KR: signing the recognition agreement');
    expect(first.stdout).toContain(`http://127.0.0.1:${port}/`);
    expect(first.stdout).toContain('/openapi.json');
    expect(first.stdout).toContain(`http://127.0.0.1:${port}/docs/`);
    const commands = first.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('npx corridor verify'));
    expect(commands).toHaveLength(2);
    for (const command of commands) {
      const args = command.replace('npx corridor ', '').split(/\s+/);
      const r = await runCli(args);
      expect(r.code, r.stdout).toBe(0);
      expect(r.stdout).toMatch(/✔ (VALID|有效)/);
    }
  }, 300_000);

  it('reuses the data on a second start', async () => {
    const missing = path.join(dir, 'no-web-dist');
    const again = await runCli(['start', '--once', '--dir', dir, '--port', port, '--web', missing]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Web app: not built');
    expect(again.stdout).toContain('npm run build -w @corridor/web');
    expect(again.stdout).not.toContain('/app/border/scan');
    expect(again.stdout).not.toContain('/app/operator');
    expect(again.stderr).not.toContain('onboarding');
    expect(again.stderr).toContain('bundle version 1 (unchanged)');
  }, 300_000);

  it('refuses a tampered bundle, a rolled-back one and an unrecognised issuer', async () => {
    const anchor = path.join(dir, 'gateway', 'anchor.pem');
    const bundle = path.join(dir, 'kr', 'bundle.cose');
    const ok = await runCli(['bundle', 'inspect', bundle, '--anchor', anchor, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      status: 'accepted',
      agreements: [{ id: 'CN-KR-fast-track', status: 'active' }],
    });
    const tampered = path.join(dir, 'tampered.cose');
    const bytes = readFileSync(bundle);
    bytes[bytes.length - 3]! ^= 0x55;
    writeFileSync(tampered, bytes);
    const bad = await runCli(['bundle', 'verify', tampered, '--anchor', anchor]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('[BUNDLE_SIGNATURE_INVALID]');
    const state = path.join(dir, 'state.json');
    writeFileSync(state, JSON.stringify({ version: 99, hash: 'ff'.repeat(32) }));
    const rolledBack = await runCli([
      'bundle',
      'verify',
      bundle,
      '--anchor',
      anchor,
      '--state',
      state,
    ]);
    expect(rolledBack.code).toBe(1);
    expect(rolledBack.stdout).toContain('[BUNDLE_ROLLBACK]');
    // A verifier configured for a third country has no agreement with China.
    const sample = path.join(dir, 'samples', 'CN-vaccination.txt');
    const ja = await runCli([
      'verify',
      '--json',
      '--bundle',
      bundle,
      '--anchor',
      anchor,
      '--verifier',
      'JP',
      sample,
    ]);
    expect(ja.code).toBe(1);
    expect(JSON.parse(ja.stdout).findings.map((f: { code: string }) => f.code)).toEqual([
      'NO_RECOGNITION_AGREEMENT',
    ]);
    // A clock before the bundle was issued is refused.
    const early = await runCli([
      'verify',
      '--bundle',
      bundle,
      '--anchor',
      anchor,
      '--at',
      '2020-01-01T00:00:00Z',
      sample,
    ]);
    expect(early.code).toBe(1);
    expect(early.stdout).toContain('[BUNDLE_CLOCK_BEFORE_ISSUE]');
    // Korea's entry rules travel in the bundle, signed by its authority: no --rules needed.
    const withRules = await runCli([
      'verify',
      '--json',
      '--bundle',
      bundle,
      '--anchor',
      anchor,
      '--verifier',
      'KR',
      '--destination',
      'KR',
      sample,
    ]);
    const report = JSON.parse(withRules.stdout) as {
      steps: { rules?: string };
      rules?: { identifier: string; country: string }[];
      findings: { code: string }[];
    };
    expect(report.findings.map((f) => f.code)).not.toContain('RULES_NONE_APPLICABLE');
    expect(report.rules?.length).toBeGreaterThan(0);
    expect(report.rules!.every((r) => r.country === 'KR')).toBe(true);
    expect(report.steps.rules).toMatch(/^(passed|failed)$/);
  }, 300_000);
});
