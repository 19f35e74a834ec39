import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { signIndicators } from '@corridor/core/lanes';
import { ensureNodeKeys, type RunningCorridor, startCorridor } from '@corridor/server/corridor';
import { seedCorridorKeys } from '@corridor/server/corridor/test-keys';
import { signGatewayRequest } from '@corridor/server/gateway';
import { FileKeyStore } from '@corridor/server/keystore';
import { secretFile } from '@corridor/server/node';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  haveChromium,
  launchBrowser,
  requireChromiumOnCi,
  type TestBrowser,
} from '../test-support/browser.js';
import { ensureWebBuild, WEB_DIR } from '../test-support/build.js';
import {
  openAppPage,
  rawCodes,
  setAppLang,
  staffPageProblems,
} from '../test-support/page-checks.js';

// The lane dashboard against a whole corridor (`corridor start`'s gateway and CN/KR nodes, the
// live CN⇄KR lane with its week of sample indicators), its clock pinned: the Korean authority
// signs in and sees the lane open, its quota use and the breaker's indicator against the
// thresholds (chart and table); the printed spike command publishes Korea's unlinked cases,
// the node syncs the bundle, and the page, computing the state itself from the signed bundle,
// shows the breaker announced with its effective time and why. In en, zh and ko with axe,
// missing keys, clipping and CSP checked; by keyboard; screenshots to packages/web/screenshots/.

requireChromiumOnCi('lane dashboard', 'the lane dashboard suite');

const SHOTS = path.join(WEB_DIR, 'screenshots');
/** The corridor's (and the page's) clock: 10 March 2026, 02:00 UTC. */
const START = new Date('2026-03-10T02:00:00Z');
const MINUTE = 60_000;

describe.skipIf(!haveChromium)('lane dashboard', () => {
  let corridor: RunningCorridor;
  let browser: TestBrowser;
  let dir = '';
  let clock = START;
  let origin = '';
  let login = { account: '', password: '' };

  beforeAll(async () => {
    const dist = await ensureWebBuild();
    await mkdir(SHOTS, { recursive: true });
    dir = await mkdtemp(path.join(tmpdir(), 'corridor-web-dashboard-'));
    const base = 21_000 + Math.floor(Math.random() * 9_000);
    // The keys at a light scrypt cost (the first start's own keys: start.test.ts), on the
    // corridor's pinned clock.
    await seedCorridorKeys(dir, ['CN', 'KR'], START);
    corridor = await startCorridor({
      dir,
      ports: { gateway: base, CN: base + 1, KR: base + 2 },
      now: () => clock,
      webDist: dist,
    });
    origin = corridor.nodes.KR!;
    const authority = corridor.staff.KR!.find((s) => s.role === 'authority')!;
    login = { account: authority.account, password: authority.password };
    browser = await launchBrowser();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await corridor?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Opens the dashboard at the pinned clock and signs in by keyboard. */
  const openDashboard = async (page: Page) => {
    await page.clock.setFixedTime(clock);
    await openAppPage(page, origin, '/dashboard');
    await page.locator('input[name="account"]').focus();
    await page.keyboard.type(login.account);
    await page.keyboard.press('Tab');
    await page.keyboard.type(login.password);
    await page.keyboard.press('Enter');
    await page.locator('.staff-bar').waitFor();
    await page.locator('.lane-phase').waitFor();
  };

  it('shows the lane open from the signed bundle, the indicator against its thresholds as a chart with a table, and the quota the demo passes took', async () => {
    clock = new Date(START.getTime() + MINUTE);
    const page = await browser.page();
    await openDashboard(page);
    await page.getByText('Computed from signed data in this page.').waitFor();
    expect(await page.locator('.lane-phase').getAttribute('data-phase')).toBe('closed');
    expect(await page.locator('.lane-phase').textContent()).toContain(
      'State: open (no breaker in force)',
    );
    expect(await page.locator('.lane-dashboard').first().textContent()).toContain(
      'Blocked: nothing',
    );
    // The chart is an image with a text alternative, and its figures are a table.
    const chart = page.getByRole('img', {
      name: /unlinked-7d: unlinked cases, average over 7 days/,
    });
    await chart.waitFor();
    const table = page.getByRole('table', { name: /Figures of the chart: unlinked-7d/ });
    expect(await table.locator('thead th').allTextContents()).toEqual([
      'Date',
      'CN',
      'KR',
      'Trip threshold',
    ]);
    // The sample week is 1, 0, 2, 1, 3, 0, 1 on each side: its 7-day mean is 8/7.
    const lastRow = table.locator('tbody tr').last();
    expect(await lastRow.locator('td').allTextContents()).toEqual(['1.14', '1.14', '> 5']);
    expect(await chart.locator('.chart-trip').count()).toBe(1);
    expect(await chart.locator('.chart-resume').count()).toBe(1);
    // Quota: the demo traveller's passes were approved on the Korean node.
    const quota = page.getByRole('table', { name: /Passes approved per arrival day/ });
    await quota.waitFor();
    const rows = await quota.locator('tbody tr').allTextContents();
    expect(
      rows.some((r) => r.includes('CN → KR') && r.includes("the direction's daily quota")),
    ).toBe(true);
    expect(await quota.locator('meter').count()).toBeGreaterThan(0);
    expect(await page.getByText('No administrator has overridden').count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-open.en.png'), fullPage: true });
    expect(await staffPageProblems(page, 'dashboard open')).toEqual([]);
    expect(page.problems).toEqual([]);
    await page.close();
  }, 240_000);

  it("after Korea's printed spike and a bundle sync, the page (refreshed by keyboard) shows the breaker announced with its effective time and why, new passes blocked", async () => {
    const page = await browser.page();
    await openDashboard(page);
    expect(await page.locator('.lane-phase').getAttribute('data-phase')).toBe('closed');

    // The spike `npm start` prints (`corridor lane indicators publish ...`), published as that
    // command does (Korea's authority key signs, its upload key signs the gateway request), but
    // with the request's time on the corridor's pinned clock instead of the machine's.
    const spike = corridor.lane!.breaker[1]!.args;
    const arg = (name: string) => spike[spike.indexOf(name) + 1]!;
    const spikeAt = new Date(arg('--at'));
    const [date, value] = spike[spike.length - 1]!.split('=') as [string, string];
    clock = new Date(spikeAt.getTime() + 30_000);
    const store = new FileKeyStore({
      dir: path.join(dir, 'kr', 'keys'),
      passphrase: await secretFile(path.join(dir, 'dev-passphrase')),
    });
    const keys = await ensureNodeKeys(store, 'KR', clock);
    const signed = await signIndicators(
      {
        country: arg('--country'),
        indicator: arg('--indicator'),
        timeZone: arg('--tz'),
        sequence: Number(arg('--seq')),
        issuedAt: spikeAt.getTime() / 1000,
        points: [{ date, value: Number(value) }],
      },
      keys.authority.signer,
    );
    const request = await signGatewayRequest(
      {
        country: 'KR',
        action: 'indicators.publish',
        iat: Math.floor(clock.getTime() / 1000),
        body: { document: signed },
      },
      keys.upload.signer,
    );
    const published = await fetch(`${arg('--gateway')}/indicators`, {
      method: 'POST',
      headers: { 'content-type': 'application/cose' },
      body: request as Uint8Array<ArrayBuffer>,
    });
    expect(published.status, await published.clone().text()).toBe(200);
    await corridor.tick();
    clock = new Date(spikeAt.getTime() + 2 * MINUTE);
    await page.clock.setFixedTime(clock);

    // Keyboard only: Tab from the sign-out button to "Refresh now", then Enter.
    await page.locator('.staff-bar button').focus();
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.textContent)) === 'Refresh now') break;
    }
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Refresh now');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('.lane-phase').getAttribute('data-phase'))
      .toBe('suspended');
    const effective = `${spikeAt.toISOString().slice(0, 10)} ${spikeAt.toISOString().slice(11, 16)} UTC`;
    const section = page.locator('.lane-dashboard').first();
    expect(await section.textContent()).toContain('Blocked: new applications, new passes');
    const breakerRow = page.locator('tr[data-breaker="unlinked-7d"]');
    expect(await breakerRow.locator('td').allTextContents()).toEqual([
      'suspended',
      effective,
      effective,
      expect.stringMatching(/UTC$/),
    ]);
    const history = page.locator('table.breaker-history tbody tr');
    const announced = history.filter({ hasText: 'BREAKER_ANNOUNCED' });
    expect(await announced.count()).toBe(1);
    const why = (await announced.textContent()) ?? '';
    expect(why).toContain('Circuit breaker "unlinked-7d" tripped');
    expect(why).toContain('the suspension takes effect at');
    expect(why).toContain('open (no breaker in force) → breaker announced');
    // The breaker's scope in words, its code only in the <code> beside the message.
    const effectiveRow = history.filter({ hasText: 'BREAKER_EFFECTIVE' });
    expect(await effectiveRow.textContent()).toContain('is in force (new passes suspended)');
    // The chart's table now holds Korea's spike day above the threshold.
    const table = page.getByRole('table', { name: /Figures of the chart: unlinked-7d/ });
    const kr = await table.locator('tbody tr').last().locator('td').nth(1).textContent();
    expect(Number(kr)).toBeGreaterThan(5);
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-suspended.en.png'), fullPage: true });
    expect(await staffPageProblems(page, 'dashboard suspended')).toEqual([]);
    expect(page.problems).toEqual([]);
    await page.close();
  }, 240_000);

  for (const lang of ['en', 'zh', 'ko'] as const) {
    it(`the dashboard in ${lang}: no serious or critical axe violation, no missing key, nothing clipped, no CSP violation`, async () => {
      const page = await browser.page();
      await page.clock.setFixedTime(clock);
      await openAppPage(page, origin, '/');
      await setAppLang(page, lang);
      await openDashboard(page);
      await page.locator('table.breaker-history').waitFor();
      await page.screenshot({ path: path.join(SHOTS, `dashboard.${lang}.png`), fullPage: true });
      expect(await staffPageProblems(page, `dashboard ${lang}`)).toEqual([]);
      // No code left untranslated in the text (`suspend-new-passes` was, in the history, and
      // the indicator's name `unlinked-cases` in the chart's title).
      if (lang !== 'en') expect(await rawCodes(page, '.staff-bar'), lang).toEqual([]);
      const effective = page.locator('table.breaker-history tbody tr', {
        hasText: 'BREAKER_EFFECTIVE',
      });
      expect(await effective.textContent()).toContain(
        { en: 'new passes suspended', zh: '暂停签发新许可', ko: '신규 허가증 발급 중지' }[lang],
      );
      expect(page.problems).toEqual([]);
      await setAppLang(page, 'en');
      await page.close();
    }, 240_000);
  }
});
