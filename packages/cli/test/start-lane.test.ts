import { statSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECKPOINT_TEXTS, labelText } from '../../core/src/i18n/labels.js';
import { seedCorridorKeys } from '../../server/src/corridor/test-keys.js';
import { runCli, tempDir } from './helpers.js';

const LANGS = ['en', 'zh', 'ko'] as const;
const head = (key: 'admit' | 'refuse', checkpoint: 'boarding' | 'arrival', lang: string) =>
  `${labelText(CHECKPOINT_TEXTS, key, lang as 'en')} · ${labelText(CHECKPOINT_TEXTS, checkpoint, lang as 'en')}`;

/**
 * `npm start` runs a live CN⇄KR lane: the printed `corridor check` commands are run as a user
 * would copy them, and reach their decisions (exit 0 admit, 1 refuse) in all three languages.
 */
describe('corridor start: the live CN-KR lane', () => {
  const dir = tempDir();
  const port = String(20_000 + Math.floor(Math.random() * 9_990));
  // The keys at a light scrypt cost (the first start's own keys: start.test.ts).
  beforeAll(() => seedCorridorKeys(dir));

  it('prints boarding, arrival and refusal checks that decide as announced, in en, zh and ko', async () => {
    const started = await runCli(['start', '--once', '--dir', dir, '--port', port]);
    expect(started.code, started.stderr).toBe(0);
    expect(started.stderr).toContain('CN and KR: signing lane CN-KR-FAST-TRACK v1');
    expect(started.stdout).toContain('Live fast-track lane CN-KR-FAST-TRACK v1');
    for (const file of ['sponsor-token', 'lane-authority-token'])
      expect(statSync(`${dir}/kr/${file}`).mode & 0o777).toBe(0o600);
    for (const file of ['entry-pass.txt', 'entry-pass.png', 'entry-pass.svg', 'traveller.mrz'])
      expect(statSync(`${dir}/lanes/${file}`).size).toBeGreaterThan(0);

    // The lane's own checks, before the circuit breaker's steps (start-breaker.test.ts).
    const commands = started.stdout
      .slice(0, started.stdout.indexOf('Circuit breaker:'))
      .replaceAll('\\\n', ' ')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('npx corridor check'))
      .map((l) => l.replace('npx corridor ', '').split(/\s+/));
    expect(commands).toHaveLength(3);
    const expected = [
      { code: 0, head: head('admit', 'boarding', 'en') },
      { code: 0, head: head('admit', 'arrival', 'ko') },
      { code: 1, head: head('refuse', 'boarding', 'zh') },
    ];
    for (const [i, args] of commands.entries()) {
      const r = await runCli(args);
      expect(r.code, r.stdout + r.stderr).toBe(expected[i]!.code);
      expect(r.stdout).toContain(expected[i]!.head);
    }
    // The arrival check hands the officer the lane's arrival protocol; the refusal names the test.
    const arrival = await runCli(commands[1]!);
    expect(arrival.stdout).toContain('[LANE_ADMIT]');
    expect(arrival.stdout).toContain('24');
    const refused = await runCli(commands[2]!);
    expect(refused.stdout).toContain('[POLICY_REQUIREMENT_MISSING]');

    // The same boarding check in each language: the decision and its reasons in that language.
    for (const lang of LANGS) {
      const args = [...commands[0]!];
      args[args.indexOf('--lang') + 1] = lang;
      const r = await runCli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(head('admit', 'boarding', lang));
      const other = LANGS.filter((l) => l !== lang);
      for (const l of other) expect(r.stdout).not.toContain(head('admit', 'boarding', l));
    }
  }, 300_000);

  it('refuses a country list that cannot make a corridor, before starting anything', async () => {
    const r = await runCli(['start', '--once', '--dir', dir, '--countries', 'CN']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--countries: a corridor has 2 to 8 countries');
  });
});
