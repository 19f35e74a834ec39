import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mrzCheckDigit } from '@corridor/core/mrz';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cspViolations,
  haveChromium,
  haveFfmpeg,
  launchBrowser,
  requireChromiumOnCi,
  type TestBrowser,
} from '../test-support/browser.js';
import { ensureWebBuild, WEB_DIR } from '../test-support/build.js';
import { makeFakeCameraVideo } from '../test-support/fake-camera.js';
import { createLaneScannerFixture, type LaneScannerFixture } from '../test-support/lane-fixture.js';
import {
  axeProblems,
  clipped,
  missingKeys,
  rawCodes,
  setAppLang,
} from '../test-support/page-checks.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

// The scanner's lane checkpoint in Chromium, decided in the page by core's decideCheckpoint
// from the bundle on the device: the entry pass, an HC1 test certificate and the passport MRZ
// fed as a keyboard-wedge scanner types them; the MRZ typed by hand; a passport the pass is not
// bound to; a test 73 hours old; the journey from the station's setup (a wrong direction, a
// wrong port refused); Korea's CertLogic rules from the bundle (a positive test refused with
// the rule named, in Korean); an admission referred while the device clock is days off, the
// clock warning worded as a duration in en, zh and ko; the network off after the first load;
// axe, missing keys, raw codes, clipping and CSP in en, zh and ko, screenshots to
// packages/web/screenshots/. The test server's `Date` is pinned to the page's clock, so only
// the clock test sees a difference.

requireChromiumOnCi('scanner lane mode', 'the scanner lane suite');

const SHOTS = path.join(WEB_DIR, 'screenshots');
const HOUR = 3_600_000;
/** Seoul 10:00 on 10 March 2021: the flight's departure from Beijing. */
const DEPARTURE = new Date('2021-03-10T01:00:00Z');
/** The officer's clock: the boarding check, an hour before the departure. */
const CHECK_AT = new Date('2021-03-10T00:00:00Z');

/** The same passport data with another document number (valid check digits). */
function otherPassport(mrz: string): string {
  const other = mrz.replace('EA12345676', `EA1234568${mrzCheckDigit('EA1234568')}`);
  const line2 = other.split('\n')[1]!;
  const composite = line2.slice(0, 10) + line2.slice(13, 20) + line2.slice(21, 43);
  return `${other.slice(0, -1)}${mrzCheckDigit(composite)}`;
}

describe.skipIf(!haveChromium)('scanner lane mode (boarding and arrival, offline)', () => {
  let fixture: LaneScannerFixture;
  let server: TestServer;
  let browser: TestBrowser;
  let fresh = '';
  let old = '';
  let dir = '';

  beforeAll(async () => {
    const dist = await ensureWebBuild();
    await mkdir(SHOTS, { recursive: true });
    fixture = await createLaneScannerFixture();
    fresh = await fixture.pcr(new Date(DEPARTURE.getTime() - 30 * HOUR));
    old = await fixture.pcr(new Date(DEPARTURE.getTime() - 73 * HOUR));
    server = await startTestServer({
      dist,
      bundle: fixture.bundle,
      version: 1,
      config: { anchors: [fixture.anchorPem], country: 'KR', port: 'ICN' },
    });
    server.setServerTime(CHECK_AT);
    // The camera shows a QR of the test passport's MRZ (the two lines, as a test fixture's QR).
    dir = await mkdtemp(path.join(tmpdir(), 'corridor-web-lane-'));
    const camera = haveFfmpeg ? await makeFakeCameraVideo(fixture.mrz, dir) : undefined;
    browser = await launchBrowser(camera ? { fakeVideo: camera.video } : {});
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /**
   * Opens the scanner with the clock pinned, and picks the checkpoint. The station is Korean
   * (config `KR`, port `ICN`): at arrival the journey is CN → KR at ICN by itself; a boarding
   * gate's default is the way out of Korea, so the CN → KR flight is picked (`journey`; `null`
   * keeps the station's default).
   */
  const open = async (
    checkpoint: 'Boarding' | 'Arrival' = 'Boarding',
    journey: string | null = checkpoint === 'Boarding' ? 'CN-KR' : null,
  ) => {
    const page = await browser.page();
    await page.clock.setFixedTime(CHECK_AT);
    await page.goto(`${server.origin}/app/border/scan`);
    await page.locator('html[data-trust="bundle"]').waitFor({ state: 'attached' });
    await page.locator('.react-aria-Radio', { hasText: checkpoint }).click();
    if (journey) await page.getByTestId('lane-journey').selectOption(journey);
    await page.getByTestId('lane-departure').fill('2021-03-10T01:00');
    return page;
  };
  /** A keyboard-wedge scan: the scanner types the text into the focused field and presses Enter. */
  const wedge = async (page: Page, text: string) => {
    await page.getByTestId('wedge').focus();
    await page.keyboard.insertText(text);
    await page.keyboard.press('Enter');
  };
  const decide = async (page: Page) => {
    await page.locator('[data-action="decide"]').click();
    const decision = page.locator('.lane-panel .decision');
    await decision.waitFor();
    return decision;
  };
  const codes = (page: Page) =>
    page
      .locator('.lane-panel .decision [data-code]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));

  it('admits at boarding from the pass, an HC1 test and the MRZ scanned line by line, and announces it', async () => {
    const page = await open();
    await wedge(page, fixture.pass);
    await wedge(page, fresh);
    const [line1, line2] = fixture.mrz.split('\n') as [string, string];
    await wedge(page, line1);
    expect(await page.locator('[data-item="mrz"]').getAttribute('data-present')).toBe('half');
    await wedge(page, line2);
    expect(await page.locator('[data-item="pass"]').getAttribute('data-present')).toBe('yes');
    expect(await page.locator('[data-item="mrz"]').getAttribute('data-present')).toBe('yes');
    expect(await page.locator('[data-item="credentials"]').getAttribute('data-count')).toBe('1');
    const decision = await decide(page);
    expect(await decision.getAttribute('data-decision')).toBe('admit');
    expect(await codes(page)).toEqual(['LANE_ADMIT']);
    expect(await decision.locator('.decision-word').textContent()).toBe('ADMIT');
    expect(await decision.locator('.holder-name').textContent()).toBe('王小明 (WANG XIAO MING)');
    // Only what the officer needs: no passport number, no test details.
    expect(await page.locator('main').textContent()).not.toContain('EA1234567');
    expect(await page.getByTestId('announcer').textContent()).toBe('ADMIT');
    expect(await page.getByTestId('arrival-protocol').count()).toBe(0);
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('refuses a passport the pass is not bound to, typed by hand, with the binding reason in Korean', async () => {
    const page = await open();
    await setAppLang(page, 'ko');
    await wedge(page, fixture.pass);
    await wedge(page, fresh);
    await page.getByTestId('lane-mrz').fill(otherPassport(fixture.mrz));
    const decision = await decide(page);
    expect(await decision.getAttribute('data-decision')).toBe('refuse');
    expect(await codes(page)).toEqual(['PASS_BINDING_MISMATCH']);
    expect(await decision.locator('.decision-word').textContent()).toBe('거부');
    expect(await decision.locator('[data-code="PASS_BINDING_MISMATCH"]').textContent()).toMatch(
      /여권/,
    );
    await setAppLang(page, 'en');
    await page.close();
  });

  it('refuses a test 73 hours old under the 72-hour lane, with the reason', async () => {
    const page = await open();
    await wedge(page, fixture.pass);
    await wedge(page, old);
    await wedge(page, fixture.mrz.replace('\n', ''));
    const decision = await decide(page);
    expect(await decision.getAttribute('data-decision')).toBe('refuse');
    expect(await codes(page)).toContain('POLICY_NOT_SATISFIED');
    expect(await decision.textContent()).toContain('73 hours old, more than 72');
    await page.close();
  });

  it("takes the journey from the station's setup: a KR boarding gate refuses a CN→KR pass, an arrival at another port is refused", async () => {
    const boarding = await open('Boarding', null);
    // The station is Korea's: its boarding gate's flights leave Korea.
    expect(await boarding.getByTestId('lane-journey').inputValue()).toBe('KR-CN');
    await wedge(boarding, fixture.pass);
    await wedge(boarding, fresh);
    await wedge(boarding, fixture.mrz);
    let decision = await decide(boarding);
    expect(await decision.getAttribute('data-decision')).toBe('refuse');
    expect(await codes(boarding)).toEqual(['LANE_WRONG_DIRECTION']);
    expect(await boarding.getByTestId('decided-journey').textContent()).toBe('South Korea → China');
    await boarding.close();

    const arrival = await open('Arrival');
    expect(await arrival.getByTestId('lane-journey').inputValue()).toBe('CN-KR');
    // The configured port of entry, among the direction's ports.
    expect(await arrival.getByTestId('lane-port').inputValue()).toBe('ICN');
    await arrival.getByTestId('lane-port').selectOption('GMP');
    await wedge(arrival, fixture.pass);
    await wedge(arrival, fresh);
    await wedge(arrival, fixture.mrz);
    decision = await decide(arrival);
    expect(await decision.getAttribute('data-decision')).toBe('refuse');
    expect(await codes(arrival)).toContain('LANE_PORT_MISMATCH');
    expect(await arrival.getByTestId('decided-journey').textContent()).toBe(
      'China → South Korea, port of entry GMP',
    );
    expect(arrival.problems).toEqual([]);
    await arrival.close();
  });

  it("applies Korea's rules from the bundle: a positive test the lane policy lets through is refused, the rule named in Korean", async () => {
    const positive = await fixture.pcr(new Date(DEPARTURE.getTime() - 30 * HOUR), 'positive');
    const page = await open();
    await wedge(page, fixture.pass);
    await wedge(page, positive);
    await wedge(page, fixture.mrz);
    const decision = await decide(page);
    expect(await decision.getAttribute('data-decision')).toBe('refuse');
    const rules = page.getByTestId('lane-rules');
    // KR's three test rules were applied; the result rule failed.
    expect(Number(await rules.getAttribute('data-applied'))).toBeGreaterThanOrEqual(3);
    const failed = rules.locator('[data-rule]');
    expect(
      await failed.evaluateAll((els) =>
        els.map((e) => `${e.getAttribute('data-code')} ${e.getAttribute('data-rule')}`),
      ),
    ).toEqual(['RULE_FAILED TR-KR-0002']);
    expect(await failed.textContent()).toContain('Rule TR-KR-0002 is not met');
    expect(await failed.textContent()).toContain('negative (not detected)');
    // In Korean, decided again: the rule's own Korean description.
    await setAppLang(page, 'ko');
    await decide(page);
    expect(await page.locator('.lane-panel .decision-word').textContent()).toBe('거부');
    expect(await rules.locator('[data-rule="TR-KR-0002"]').textContent()).toContain(
      '검사 결과는 음성(검출되지 않음)이어야 합니다.',
    );
    expect(await rules.locator('li').first().textContent()).toContain('1번째 증명서');
    await setAppLang(page, 'en');
    // A negative test meets every rule: admitted, the rules counted.
    await page.getByRole('button', { name: 'Next traveller' }).click();
    await wedge(page, fixture.pass);
    await wedge(page, fresh);
    await wedge(page, fixture.mrz);
    await decide(page);
    expect(await page.locator('.lane-panel .decision').getAttribute('data-decision')).toBe('admit');
    expect(await rules.textContent()).toMatch(/^\d+ rules of the destination checked, all met\.$/);
    await page.close();
  });

  it('refers an admission while the device clock is 3 days behind the server, with the warning in words', async () => {
    server.setServerTime(new Date(CHECK_AT.getTime() + 3 * 24 * HOUR));
    try {
      const page = await open();
      const warning = page.locator('[data-warning="clock-differs"]');
      expect(await warning.textContent()).toContain(
        "This device's clock is 3 days behind the server's.",
      );
      await wedge(page, fixture.pass);
      await wedge(page, fresh);
      await wedge(page, fixture.mrz);
      const decision = await decide(page);
      // Core admits; the officer is told to refer, and why.
      expect(await decision.getAttribute('data-core-decision')).toBe('admit');
      expect(await decision.getAttribute('data-decision')).toBe('refer');
      expect(await decision.getAttribute('data-outcome')).toBe('unverifiable');
      expect(await decision.locator('.decision-word').textContent()).toBe('REFER to a supervisor');
      expect(await codes(page)).toEqual(['DEVICE_CLOCK_SUSPECT', 'LANE_ADMIT']);
      expect(await decision.locator('[data-code="DEVICE_CLOCK_SUSPECT"]').textContent()).toContain(
        '3 days behind',
      );
      expect(await page.getByTestId('announcer').textContent()).toBe(
        'REFER to a supervisor. 1 reason',
      );
      // The duration in natural Chinese and Korean.
      await setAppLang(page, 'zh');
      await expect.poll(() => warning.textContent()).toContain('本设备时钟比服务器慢 3天');
      await setAppLang(page, 'ko');
      await expect
        .poll(() => warning.textContent())
        .toContain('이 기기의 시계가 서버보다 3일 느립니다');
      await setAppLang(page, 'en');
      await page.close();
    } finally {
      server.setServerTime(CHECK_AT);
    }
  });

  it.skipIf(!haveFfmpeg)(
    'reads the passport MRZ from a QR through the camera and admits',
    async () => {
      const page = await open();
      await wedge(page, fixture.pass);
      await wedge(page, fresh);
      await page.getByRole('button', { name: 'Start the camera' }).click();
      await page.locator('[data-item="mrz"][data-present="yes"]').waitFor();
      await page.getByRole('button', { name: 'Stop the camera' }).click();
      const decision = await decide(page);
      expect(await decision.getAttribute('data-decision')).toBe('admit');
      await page.close();
    },
  );

  it('refers without the passport, and clears the traveller for the next one', async () => {
    const page = await open();
    await wedge(page, fixture.pass);
    await wedge(page, fresh);
    const decision = await decide(page);
    expect(await decision.getAttribute('data-decision')).toBe('refer');
    expect(await codes(page)).toContain('LANE_MRZ_REQUIRED');
    await page.getByRole('button', { name: 'Next traveller' }).click();
    expect(await page.locator('.lane-panel .decision').count()).toBe(0);
    expect(await page.locator('[data-item="pass"]').getAttribute('data-present')).toBe('no');
    expect(await page.locator('[data-item="credentials"]').getAttribute('data-count')).toBe('0');
    await page.close();
  });

  it('decides at arrival with the network off after the first load, and shows the arrival protocol', async () => {
    const page = await open('Arrival');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
      .toBe(true);
    await page.context().setOffline(true);
    try {
      await page.reload();
      await page.locator('html[data-trust="bundle"]').waitFor({ state: 'attached' });
      await page.locator('.react-aria-Radio', { hasText: 'Arrival' }).click();
      await page.getByTestId('lane-departure').fill('2021-03-10T01:00');
      await wedge(page, fixture.pass);
      await wedge(page, fresh);
      await wedge(page, fixture.mrz.replace('\n', '|'));
      const decision = await decide(page);
      expect(await decision.getAttribute('data-decision')).toBe('admit');
      const protocol = await page.getByTestId('arrival-protocol').textContent();
      expect(protocol).toContain('Arrival test: LP6464-4');
      expect(protocol).toContain('Hold: 24 hours');
      expect(protocol).toContain('Monitoring: 14 days');
    } finally {
      await page.context().setOffline(false);
    }
    await page.close();
  });

  it('passes axe, has every key, clips nothing and keeps the CSP in en, zh and ko (screenshots)', async () => {
    const page = await open('Arrival');
    await wedge(page, fixture.pass);
    await wedge(page, old);
    await wedge(page, fixture.mrz);
    for (const lang of ['en', 'zh', 'ko'] as const) {
      await setAppLang(page, lang);
      await expect
        .poll(() => page.locator('html').getAttribute('lang'))
        .toBe(lang === 'zh' ? 'zh-Hans' : lang);
      await decide(page);
      expect(await axeProblems(page), lang).toEqual([]);
      expect(await missingKeys(page), lang).toEqual([]);
      if (lang !== 'en') expect(await rawCodes(page), lang).toEqual([]);
      expect(await clipped(page), lang).toEqual([]);
      expect(await cspViolations(page), lang).toEqual([]);
      await page.screenshot({ path: path.join(SHOTS, `scanner-lane-${lang}.png`), fullPage: true });
    }
    await setAppLang(page, 'en');
    await page.close();
  });
});
