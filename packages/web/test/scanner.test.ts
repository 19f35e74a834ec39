import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cspViolations,
  haveChromium,
  haveFfmpeg,
  launchBrowser,
  type TestBrowser,
  warnIfMissing,
} from '../test-support/browser.js';
import { ensureWebBuild } from '../test-support/build.js';
import { type CorridorFixture, createCorridorFixture } from '../test-support/corridor-fixture.js';
import { makeFakeCameraVideo } from '../test-support/fake-camera.js';
import { setAppLang } from '../test-support/page-checks.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

// The border scanner end to end in Debian's Chromium: a fake camera playing a real issued QR,
// a keyboard-wedge scan, a picture upload, the network off after the first load, a clock set
// back, an expired and a rolled-back bundle. Everything is verified in the page against a real
// bundle signed with the server's key code.

warnIfMissing('the web scanner suite');
if ((!haveChromium || !haveFfmpeg) && process.env.CI) {
  describe('web scanner', () => {
    it('has Chromium and ffmpeg (CI installs both)', () => {
      throw new Error('Chromium or ffmpeg is missing on CI: the scanner must be tested there.');
    });
  });
}

const HOUR = 3600_000;

describe.skipIf(!haveChromium || !haveFfmpeg)(
  'web scanner (fake camera, offline, warnings)',
  () => {
    const start = new Date(Date.now() - 2 * HOUR);
    let fixture: CorridorFixture;
    let dir: string;
    let dist: string;
    let server: TestServer;
    let browser: TestBrowser;
    let cnVaccination: string;
    let krTest: string;
    let png: string;

    beforeAll(async () => {
      dist = await ensureWebBuild();
      dir = await mkdtemp(path.join(tmpdir(), 'corridor-web-scanner-'));
      fixture = await createCorridorFixture(start);
      const issuedAt = new Date(start.getTime() + 10 * 60_000);
      cnVaccination = await fixture.issue('CN', 'vaccination', issuedAt);
      krTest = await fixture.issue('KR', 'test', issuedAt);
      const camera = await makeFakeCameraVideo(cnVaccination, dir);
      png = camera.png;
      server = await startTestServer({
        dist,
        bundle: await fixture.bundle({
          version: 3,
          issuedAt: new Date(start.getTime() + HOUR),
          expiresAt: new Date(start.getTime() + 50 * HOUR),
        }),
        version: 3,
        config: { anchors: [fixture.anchorPem], country: 'KR', destinations: ['KR', 'CN', 'JP'] },
      });
      browser = await launchBrowser({ fakeVideo: camera.video });
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('decides a real issued QR from the camera: valid, with the name, date of birth and what was checked, announced', async () => {
      const page = await browser.page();
      await page.goto(`${server.origin}/app/border/scan`);
      await page.locator('html[data-trust="bundle"]').waitFor({ state: 'attached' });
      await page.getByRole('button', { name: 'Start the camera' }).click();
      const decision = page.locator('.decision');
      await decision.waitFor();
      expect(await decision.getAttribute('data-outcome')).toBe('valid');
      await expect.poll(() => page.getByRole('heading', { name: 'Valid' }).count()).toBe(1);
      expect(await decision.locator('.holder-name').textContent()).toBe('王 芳 (WANG FANG)');
      expect(await decision.textContent()).toContain('1985-04-12');
      expect(await decision.locator('[data-step="signature"]').getAttribute('data-result')).toBe(
        'passed',
      );
      expect(await decision.locator('[data-step="recognition"]').getAttribute('data-result')).toBe(
        'passed',
      );
      expect(await page.getByTestId('announcer').textContent()).toBe('Valid. 王 芳 (WANG FANG)');
      expect(await page.getByTestId('check-count').textContent()).toContain(
        '1 check on this device',
      );
      // The same code held in front of the camera is one check, not one per frame.
      await page.waitForTimeout(800);
      expect(await page.getByTestId('check-count').textContent()).toContain(
        '1 check on this device',
      );
      await page.getByRole('button', { name: 'Stop the camera' }).click();
      expect(page.problems).toEqual([]);
      expect(await cspViolations(page)).toEqual([]);
      await page.close();
    });

    it('the wallet adds a certificate from the same camera', async () => {
      const page = await browser.page();
      await page.goto(`${server.origin}/app/wallet/certificates`);
      await page.locator('html[data-ready="shell"]').waitFor({ state: 'attached' });
      await page.getByRole('button', { name: 'Start the camera' }).click();
      await page.locator('.wallet-entry', { hasText: 'WANG' }).waitFor();
      await page.getByRole('button', { name: 'Stop the camera' }).click();
      expect(await page.locator('.wallet-entry').count()).toBe(1);
      // Removed again: the scanner tests below check that the device keeps nothing scanned.
      await page.getByRole('button', { name: 'Remove from this device' }).click();
      await expect.poll(() => page.locator('.wallet-entry').count()).toBe(0);
      await page.reload();
      await page.getByText('No certificate yet').waitFor();
      expect(page.problems).toEqual([]);
      await page.close();
    });

    it('decides a keyboard-wedge scan (typed code ending in Enter) and refuses a code signed by an unknown key', async () => {
      const page = await browser.page();
      await page.goto(`${server.origin}/app/border/scan`);
      await page.locator('html[data-trust="bundle"]').waitFor({ state: 'attached' });
      const wedge = page.getByLabel('Hardware scanner or typed code');
      await wedge.focus();
      await page.keyboard.type(krTest);
      await page.keyboard.press('Enter');
      await page.locator('.decision[data-outcome="valid"]').waitFor();
      expect(await page.locator('.decision .holder-name').textContent()).toBe(
        '김 민준 (KIM MINJUN)',
      );

      await page.getByRole('button', { name: 'Next traveller' }).click();
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
        .toBe('wedge');
      // The rest of the wedge scans insert the text at once (typing key by key takes seconds).
      await page.keyboard.insertText(await fixture.issueUnknown(new Date()));
      await page.keyboard.press('Enter');
      const refused = page.locator('.decision[data-outcome="invalid"]');
      await refused.waitFor();
      const codes = await refused
        .locator('[data-code]')
        .evaluateAll((items) => items.map((i) => i.getAttribute('data-code')));
      expect(codes).toEqual(['DSC_UNKNOWN_KID']);
      expect(await page.getByTestId('announcer').textContent()).toMatch(/^Not valid\. .*1 reason$/);
      expect(page.problems).toEqual([]);
      await page.close();
    });

    it('checks against the chosen destination: a CN certificate at a JP desk has no recognition agreement', async () => {
      const page = await browser.page();
      await page.goto(`${server.origin}/app/border/scan`);
      await page.locator('html[data-trust="bundle"]').waitFor({ state: 'attached' });
      await page.getByLabel('Destination').selectOption('JP');
      await page.getByTestId('wedge').fill(cnVaccination);
      await page.keyboard.press('Enter');
      const decision = page.locator('.decision[data-outcome="invalid"]');
      await decision.waitFor();
      expect(
        await decision.locator('[data-code="NO_RECOGNITION_AGREEMENT"]').textContent(),
      ).toContain('JP');
      expect(await decision.locator('[data-step="recognition"]').getAttribute('data-result')).toBe(
        'failed',
      );
      await page.close();
    });

    it('reads an uploaded picture of the QR, shows reasons in Chinese, and stores nothing it scanned', async () => {
      const page = await browser.page();
      await page.goto(`${server.origin}/app/border/scan`);
      await page.locator('html[data-trust="bundle"]').waitFor({ state: 'attached' });
      await setAppLang(page, 'zh');
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: '选择二维码图片' }).click();
      await (await chooser).setFiles(png);
      await page.locator('.decision[data-outcome="valid"]').waitFor();
      expect(await page.getByRole('heading', { name: '有效' }).count()).toBe(1);
      // Destination CN: a CN certificate at a CN desk needs no agreement; at an unknown
      // destination the agreement check refuses it, with the reason in Chinese.
      const stored = await page.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open('corridor');
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        const dump: unknown[] = [];
        for (const name of Array.from(db.objectStoreNames)) {
          dump.push(
            await new Promise((resolve) => {
              const r = db.transaction(name).objectStore(name).getAll();
              r.onsuccess = () => resolve(r.result);
            }),
          );
          dump.push(
            await new Promise((resolve) => {
              const r = db.transaction(name).objectStore(name).getAllKeys();
              r.onsuccess = () => resolve(r.result);
            }),
          );
        }
        return (
          JSON.stringify(dump) +
          JSON.stringify({ ...localStorage }) +
          JSON.stringify({ ...sessionStorage })
        );
      });
      expect(stored).not.toContain('HC1:');
      expect(stored).not.toContain('WANG');
      expect(stored).not.toContain('王');
      expect(stored).toContain('"checks"');
      expect(server.requests.filter((r) => r.startsWith('POST'))).toEqual([]);
      expect(page.problems).toEqual([]);
      // The choice of language is remembered on the device: back to English for the next tests.
      await setAppLang(page, 'en');
      await page.close();
    });

    it('still decides with the network off after the first load (service worker and IndexedDB)', async () => {
      const page = await browser.page();
      await page.goto(`${server.origin}/app/border/scan`);
      await page.locator('html[data-trust="bundle"]').waitFor({ state: 'attached' });
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      await expect
        .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
        .toBe(true);
      await browser.context.setOffline(true);
      try {
        await page.reload({ timeout: 15_000 });
        await page.locator('[data-warning="offline"]').waitFor({ timeout: 15_000 });
        expect(await page.locator('html').getAttribute('data-trust')).toBe('bundle');
        await page.getByRole('button', { name: 'Start the camera' }).click();
        await page.locator('.decision[data-outcome="valid"]').waitFor();
        await page.getByRole('button', { name: 'Stop the camera' }).click();
        await page.getByRole('button', { name: 'Next traveller' }).click();
        await page.getByLabel('Hardware scanner or typed code').fill(krTest);
        await page.keyboard.press('Enter');
        await page
          .locator('.decision[data-outcome="valid"] .holder-name', { hasText: 'KIM' })
          .waitFor();
      } finally {
        await browser.context.setOffline(false);
      }
      await page.close();
    });

    it('keeps the newer bundle when the node serves an older one (rollback refused) and says so', async () => {
      const page = await browser.page();
      // The device accepts version 3 first (it may already have it), then the node goes back to 2.
      await page.goto(`${server.origin}/app/border/scan`);
      await page.locator('[data-bundle-version="3"]').waitFor();
      const older = await fixture.bundle({
        version: 2,
        issuedAt: new Date(start.getTime() + HOUR),
        expiresAt: new Date(start.getTime() + 50 * HOUR),
      });
      await server.setBundle(older, 2);
      await page.goto(`${server.origin}/app/border/scan`);
      await page.locator('html[data-trust="bundle"]').waitFor({ state: 'attached' });
      expect(await page.locator('.trust-warnings').textContent()).toContain(
        'older than the one already accepted',
      );
      await page.locator('[data-warning="BUNDLE_ROLLBACK"]').waitFor();
      expect(await page.locator('[data-bundle-version]').getAttribute('data-bundle-version')).toBe(
        '3',
      );
      await page.close();
    });

    describe('with an expired bundle', () => {
      let expired: TestServer;
      beforeAll(async () => {
        expired = await startTestServer({
          dist,
          bundle: await fixture.bundle({
            version: 1,
            issuedAt: new Date(start.getTime() - 72 * HOUR),
            expiresAt: new Date(start.getTime() - 24 * HOUR),
          }),
          version: 1,
          config: { anchors: [fixture.anchorPem], country: 'KR', destinations: ['KR', 'CN'] },
        });
      });
      afterAll(() => expired?.close());

      it('warns that the bundle expired and cannot verify; a bundle near expiry is a warning too', async () => {
        const page = await browser.page();
        await page.goto(`${expired.origin}/app/border/scan`);
        await page.locator('[data-warning="BUNDLE_EXPIRED"]').waitFor();
        await page.getByLabel('Hardware scanner or typed code').fill(cnVaccination);
        await page.keyboard.press('Enter');
        const decision = page.locator('.decision[data-outcome="unverifiable"]');
        await decision.waitFor();
        expect(await decision.locator('[data-code="BUNDLE_EXPIRED"]').count()).toBe(1);

        await expired.setBundle(
          await fixture.bundle({
            version: 2,
            issuedAt: new Date(start.getTime() + HOUR),
            expiresAt: new Date(Date.now() + 2 * HOUR),
          }),
          2,
        );
        await page.reload();
        await page.locator('[data-warning="near-expiry"]').waitFor();
        expect(await page.locator('[data-warning="BUNDLE_EXPIRED"]').count()).toBe(0);
        await page.close();
      });
    });

    // Last: Playwright's clock belongs to the browser context, so the time stays set back.
    it('warns when the device clock is earlier than the bundle and differs from the server, and cannot verify', async () => {
      const page = await browser.page();
      // Two days before the bundle was issued (the device has it from the earlier loads).
      await page.clock.setFixedTime(new Date(start.getTime() - 48 * HOUR));
      await page.goto(`${server.origin}/app/border/scan`);
      await page.locator('html[data-trust="bundle"]').waitFor({ state: 'attached' });
      await page.locator('[data-warning="BUNDLE_CLOCK_BEFORE_ISSUE"]').waitFor();
      expect(await page.locator('[data-warning="clock-differs"]').textContent()).toMatch(
        /behind the server/,
      );
      await page.getByLabel('Hardware scanner or typed code').fill(cnVaccination);
      await page.keyboard.press('Enter');
      const decision = page.locator('.decision[data-outcome="unverifiable"]');
      await decision.waitFor();
      expect(await page.getByRole('heading', { name: 'Cannot verify' }).count()).toBe(1);
      expect(await decision.locator('[data-code="BUNDLE_CLOCK_BEFORE_ISSUE"]').count()).toBe(1);
      await page.close();
    });
  },
);
