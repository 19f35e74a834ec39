import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { qrPng } from '@corridor/core/qr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  haveChromium,
  launchBrowser,
  type TestBrowser,
  warnIfMissing,
} from '../test-support/browser.js';
import { ensureWebBuild } from '../test-support/build.js';
import { createCorridorFixture } from '../test-support/corridor-fixture.js';
import { setAppLang } from '../test-support/page-checks.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

// The traveller wallet in Chromium: add by pasting, from a picture and from a text file; read it
// in Korean; kept on the device (and only there) across reloads and with the network off;
// printed (only the chosen certificate, with its QR code); removed.

warnIfMissing('the web wallet suite');
if (!haveChromium && process.env.CI) {
  describe('web wallet', () => {
    it('has Chromium (CI installs it)', () => {
      throw new Error('Chromium is missing on CI: the wallet must be tested there.');
    });
  });
}

const HOUR = 3600_000;

describe.skipIf(!haveChromium)('web wallet', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let dir: string;
  let cn: string;
  let kr: string;

  beforeAll(async () => {
    const dist = await ensureWebBuild();
    dir = await mkdtemp(path.join(tmpdir(), 'corridor-web-wallet-'));
    const start = new Date(Date.now() - 2 * HOUR);
    const fixture = await createCorridorFixture(start);
    cn = await fixture.issue('CN', 'vaccination', new Date(start.getTime() + 600_000));
    kr = await fixture.issue('KR', 'test', new Date(start.getTime() + 600_000));
    await writeFile(path.join(dir, 'kr.png'), qrPng(kr, { scale: 3 }));
    await writeFile(path.join(dir, 'cn.txt'), `${cn}\n`);
    await writeFile(path.join(dir, 'junk.txt'), 'not a certificate');
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

  it('adds certificates by pasting and from files, refuses what is not one, and shows them in Korean', async () => {
    const page = await browser.page();
    await page.goto(`${server.origin}/app/wallet/certificates`);
    await page.locator('html[data-ready="shell"]').waitFor({ state: 'attached' });
    await page.getByTestId('wallet-paste').fill(cn);
    await page.getByRole('button', { name: 'Add the pasted code' }).click();
    await page.locator('.wallet-entry').first().waitFor();

    const choose = async (file: string) => {
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: /Open a file/ }).click();
      await (await chooser).setFiles(path.join(dir, file));
    };
    await choose('kr.png');
    await expect.poll(() => page.locator('.wallet-entry').count(), { timeout: 15_000 }).toBe(2);
    await choose('cn.txt'); // the same code again: still one entry
    await choose('junk.txt');
    await page.getByTestId('wallet-problem').waitFor();
    expect(await page.locator('.wallet-entry').count()).toBe(2);

    await setAppLang(page, 'ko');
    const krCard = page.locator('.wallet-entry', { hasText: 'KIM' });
    expect(await krCard.locator('h3').textContent()).toBe('검사 증명서');
    await krCard.locator('summary').click();
    expect(await krCard.locator('[data-field="dcc.tr"] dd').textContent()).toContain(
      '검출되지 않음',
    );
    expect(await krCard.locator('[data-field="dcc.tt"] dt').textContent()).toBe('검사 종류');
    expect(await krCard.locator('.wallet-check').getAttribute('data-status')).toBe('valid');
    await setAppLang(page, 'en');
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('keeps them on the device only: after a reload, with the network off, and nothing sent anywhere', async () => {
    const page = await browser.page();
    await page.goto(`${server.origin}/app/wallet/certificates`);
    await expect.poll(() => page.locator('.wallet-entry').count(), { timeout: 15_000 }).toBe(2);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await browser.context.setOffline(true);
    try {
      await page.reload({ timeout: 15_000 });
      await expect.poll(() => page.locator('.wallet-entry').count(), { timeout: 15_000 }).toBe(2);
    } finally {
      await browser.context.setOffline(false);
    }
    expect(server.requests.filter((r) => !r.startsWith('GET '))).toEqual([]);
    expect(server.requests.some((r) => r.includes('HC1'))).toBe(false);
    await page.close();
  });

  it('prints only the chosen certificate, with its QR code, and removes a certificate', async () => {
    const page = await browser.page();
    await page.goto(`${server.origin}/app/wallet/certificates`);
    await expect.poll(() => page.locator('.wallet-entry').count(), { timeout: 15_000 }).toBe(2);
    // window.print() is replaced so the test can look at the page the way it is printed.
    await page.evaluate(() => {
      window.print = () => {
        document.documentElement.dataset.printed = 'yes';
      };
    });
    const cnCard = page.locator('.wallet-entry', { hasText: 'WANG' });
    await cnCard.getByRole('button', { name: 'Print' }).click();
    await page.locator('html[data-printed="yes"]').waitFor({ state: 'attached' });
    await page.emulateMedia({ media: 'print' });
    expect(await cnCard.isVisible()).toBe(true);
    expect(await cnCard.locator('.print-qr svg').isVisible()).toBe(true);
    // The details are printed even though they are folded away on screen.
    expect(await cnCard.locator('[data-field="dcc.mp"]').isVisible()).toBe(true);
    expect(await page.locator('.wallet-entry', { hasText: 'KIM' }).isVisible()).toBe(false);
    expect(await page.locator('header').isVisible()).toBe(false);
    await page.evaluate(() => dispatchEvent(new Event('afterprint')));
    await page.emulateMedia({ media: 'screen' });

    await page
      .locator('.wallet-entry', { hasText: 'KIM' })
      .getByRole('button', { name: 'Remove from this device' })
      .click();
    await expect.poll(() => page.locator('.wallet-entry').count(), { timeout: 15_000 }).toBe(1);
    await page.reload();
    await expect.poll(() => page.locator('.wallet-entry').count(), { timeout: 15_000 }).toBe(1);
    expect(page.problems).toEqual([]);
    await page.close();
  });
});
