import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cspViolations,
  haveChromium,
  launchBrowser,
  requireChromiumOnCi,
  type TestBrowser,
} from '../test-support/browser.js';
import { ensureWebBuild, WEB_DIR } from '../test-support/build.js';
import { createCorridorFixture } from '../test-support/corridor-fixture.js';
import { axeProblems, clipped, missingKeys, setAppLang } from '../test-support/page-checks.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

// Every page in English, Chinese and Korean: axe-core finds no serious or critical violation,
// no message key is missing, nothing is clipped, the CSP is never violated, and a screenshot of
// each is written to packages/web/screenshots/ (git ignores it) for a person to look at. The
// tab path of the scanner shows every control is reachable by keyboard alone.

requireChromiumOnCi('web pages', 'the web pages suite');

const SHOTS = path.join(WEB_DIR, 'screenshots');
const HOUR = 3600_000;
const PAGES = [
  '/',
  '/border',
  '/border/scan',
  '/wallet',
  '/wallet/certificates',
  '/issuer',
  '/sponsor',
  '/authority',
  '/authority/escalations',
  '/border/desk',
  '/lab',
  '/monitoring',
  '/dashboard',
  '/operator',
];

describe.skipIf(!haveChromium)('web pages (axe, keys, clipping, screenshots, keyboard)', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let dir: string;
  let code: string;

  beforeAll(async () => {
    const dist = await ensureWebBuild();
    dir = await mkdtemp(path.join(tmpdir(), 'corridor-web-pages-'));
    await mkdir(SHOTS, { recursive: true });
    const start = new Date(Date.now() - 2 * HOUR);
    const fixture = await createCorridorFixture(start);
    code = await fixture.issue('CN', 'vaccination', new Date(start.getTime() + 600_000));
    server = await startTestServer({
      dist,
      bundle: await fixture.bundle({
        version: 1,
        issuedAt: new Date(start.getTime() + HOUR),
        expiresAt: new Date(start.getTime() + 50 * HOUR),
      }),
      version: 1,
      config: { anchors: [fixture.anchorPem], country: 'KR' },
    });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  for (const lang of ['en', 'zh', 'ko'] as const) {
    it(`every page in ${lang}: no serious or critical axe violation, no missing key, nothing clipped, no CSP violation`, async () => {
      const page = await browser.page();
      await page.goto(`${server.origin}/app/`);
      await page.locator('html[data-ready="shell"]').waitFor({ state: 'attached' });
      await setAppLang(page, lang);
      await expect
        .poll(() => page.locator('html').getAttribute('lang'))
        .toBe(lang === 'zh' ? 'zh-Hans' : lang);
      const problems: string[] = [];
      for (const route of PAGES) {
        await page.goto(`${server.origin}/app${route}`);
        await page.locator('html[data-ready="shell"]').waitFor({ state: 'attached' });
        await page.locator('main h1').waitFor();
        if (route === '/border/scan') {
          await page.locator('html[data-trust="bundle"]').waitFor({ state: 'attached' });
          await page.getByTestId('wedge').fill(code);
          await page.keyboard.press('Enter');
          await page.locator('.decision').waitFor();
        }
        if (route === '/wallet/certificates') {
          await page.getByTestId('wallet-paste').fill(code);
          await page.getByTestId('wallet-paste').press('Tab');
          await page.keyboard.press('Enter');
          await page.locator('.wallet-entry').first().waitFor();
          await page.locator('.wallet-details summary').first().click();
        }
        if (route === '/operator') {
          // A node's copy of the app: the console says it is the gateway's, and reads nothing.
          await page.locator('[data-code="NOT_A_GATEWAY"]').waitFor();
        }
        const name = `${route === '/' ? 'home' : route.slice(1).replaceAll('/', '-')}.${lang}.png`;
        await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
        for (const v of await axeProblems(page)) problems.push(`${route}: ${v}`);
        for (const c of await clipped(page)) problems.push(`${route}: clipped ${c}`);
        for (const key of await missingKeys(page)) problems.push(`${route}: missing key ${key}`);
        for (const v of await cspViolations(page)) problems.push(`${route}: CSP ${v}`);
      }
      if (lang === 'en') {
        // The full-screen QR code of the wallet, as the traveller shows it.
        await page.goto(`${server.origin}/app/wallet/certificates`);
        await page.getByRole('button', { name: 'Show the QR code' }).first().click();
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        expect(await dialog.locator('svg[role="img"]').count()).toBe(1);
        await page.screenshot({ path: path.join(SHOTS, `wallet-qr.${lang}.png`) });
        for (const v of await axeProblems(page)) problems.push(`qr dialog: ${v}`);
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
      }
      expect(problems).toEqual([]);
      expect(page.problems).toEqual([]);
      await setAppLang(page, 'en');
      await page.close();
    });
  }

  it('the built index.html has no inline script (the CSP forbids them)', async () => {
    const html = await readFile(path.join(WEB_DIR, 'dist/index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="/);
      expect(body!.trim()).toBe('');
    }
  });

  it('the scanner works by keyboard alone: a tab path reaches every control, Enter checks a code, Next returns to the input', async () => {
    const page = await browser.page();
    await page.goto(`${server.origin}/app/border/scan`);
    await page.locator('html[data-trust="bundle"]').waitFor({ state: 'attached' });
    await setAppLang(page, 'en');
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    await page.reload();
    await page.locator('html[data-trust="bundle"]').waitFor({ state: 'attached' });
    const path_: string[] = [];
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      path_.push(
        await page.evaluate(() => {
          const el = document.activeElement as HTMLInputElement | null;
          if (!el) return '';
          const label =
            el.getAttribute('aria-label') ?? el.labels?.[0]?.textContent ?? el.textContent ?? '';
          return `${el.tagName.toLowerCase()}:${label.trim().slice(0, 40)}`;
        }),
      );
    }
    const visited = path_.join('\n');
    for (const expected of [
      'a:Skip to content',
      'a:Corridor',
      'button:English',
      'input:Certificate check',
      'select:Destination',
      'input:Hardware scanner or typed code',
      'button:Check this code',
      'button:Start the camera',
      'button:Choose a picture of a QR code',
    ]) {
      expect(visited, visited).toContain(expected);
    }
    await page.getByTestId('wedge').focus();
    await page.keyboard.insertText(code);
    await page.keyboard.press('Enter');
    await page.locator('.decision[data-outcome="valid"]').waitFor();
    // From the decision, Tab reaches "Next traveller"; Enter clears it and returns to the input.
    await page.getByRole('button', { name: 'Next traveller' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('.decision').waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('wedge-input');
    await page.close();
  });
});
