import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fromBase64, toBase64 } from '@corridor/core/lib';
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
  AGREEMENT_ID,
  type OperatorGateway,
  PENDING_AGREEMENT_ID,
  startOperatorGateway,
} from '../test-support/operator-gateway.js';
import { openAppPage, setAppLang, staffPageProblems } from '../test-support/page-checks.js';

// The gateway operator console against a real trust gateway serving the app (CN and KR
// onboarded, DSCs, an active and a pending agreement, a lane version), in Chromium: every
// signature and every log entry checked in the page; a proof, a signature and the bundle
// tampered with in transit (Playwright route interception) and shown as not verified with
// their codes; an entry checked by keyboard alone; en, zh and ko with axe-core, missing keys,
// clipping and CSP checked; screenshots to packages/web/screenshots/. Last (it grows the log):
// the tree head kept on the device between visits, which each later head must extend, and a
// tampered consistency proof and a shrunken log shown with their codes.

requireChromiumOnCi('operator console', 'the operator console suite');

const SHOTS = path.join(WEB_DIR, 'screenshots');

describe.skipIf(!haveChromium)('gateway operator console', () => {
  let gateway: OperatorGateway;
  let browser: TestBrowser;

  beforeAll(async () => {
    const dist = await ensureWebBuild();
    await mkdir(SHOTS, { recursive: true });
    gateway = await startOperatorGateway(dist);
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
  });

  /** Opens the console and waits until the gateway was read and checked. */
  const openConsole = async (page: Page) => {
    await openAppPage(page, gateway.origin, '/operator');
    await page.locator('#log, main [role="alert"]').first().waitFor();
  };
  const badge = (page: Page, row: string) => page.locator(`${row} [data-check]`);

  it('shows participants, DSCs, agreements and lane versions with who signed, all verified in the page', async () => {
    const page = await browser.page();
    await openConsole(page);
    const participants = page.locator('#participants tbody tr');
    expect(await participants.count()).toBe(2);
    expect(await participants.allTextContents()).toEqual([
      expect.stringContaining('CN'),
      expect.stringContaining('KR'),
    ]);
    const dscs = page.locator('#dscs tbody tr');
    expect(await dscs.count()).toBe(2);
    expect(await page.locator('#dscs [data-check="verified"]').count()).toBe(2);

    const active = `[data-agreement="${AGREEMENT_ID}"]`;
    expect(await badge(page, active).getAttribute('data-check')).toBe('verified');
    expect(await page.locator(`${active} .signers li`).allTextContents()).toEqual([
      '✔ Signed by CN',
      '✔ Countersigned by KR',
    ]);
    const pending = `[data-agreement="${PENDING_AGREEMENT_ID}"]`;
    expect(await page.locator(pending).textContent()).toContain(
      'Signed, awaiting countersignature',
    );
    expect(await page.locator(`${pending} .signers li`).allTextContents()).toEqual([
      '✔ Signed by CN',
    ]);
    expect(await badge(page, pending).getAttribute('data-check')).toBe('verified');

    const lane = '[data-lane="CN-KR-FAST-TRACK/1"]';
    expect(await badge(page, lane).getAttribute('data-check')).toBe('verified');
    expect(await page.locator(`${lane} .signers li`).allTextContents()).toEqual([
      '✔ Signed by KR',
      '✔ Countersigned by CN',
    ]);
    await page.screenshot({ path: path.join(SHOTS, 'operator-console.en.png'), fullPage: true });
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('checks the signed tree head and the inclusion proof of every entry shown', async () => {
    const page = await browser.page();
    await openConsole(page);
    const entries = page.locator('#log tbody tr');
    const shown = await entries.count();
    // 2 onboardings, 2 DSCs, 4 agreement steps and a lane version: 9 entries, all shown.
    expect(shown).toBe(9);
    expect(await page.locator('#log tbody [data-check="verified"]').count()).toBe(shown);
    expect(await page.locator('[data-entry="8"]').textContent()).toContain('lane.version');
    expect(await page.locator('[data-consistency] [data-check]').getAttribute('data-check')).toBe(
      'verified',
    );
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('shows a proof tampered with in transit as not verified, with its code', async () => {
    const page = await browser.page();
    // The gateway's answers, with the first hash of every inclusion proof changed.
    await page.route('**/tlog/inclusion?*', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { proof: string[] };
      const first = fromBase64(body.proof[0]!);
      first[0]! ^= 0x01;
      body.proof[0] = toBase64(first);
      await route.fulfill({ response, json: body });
    });
    await openConsole(page);
    const refused = page.locator('#log tbody [data-check="not-verified"]');
    expect(await refused.count()).toBe(9);
    expect(await page.locator('#log tbody [data-check="verified"]').count()).toBe(0);
    expect(await refused.first().getAttribute('data-code')).toBe('TLOG_INCLUSION_INVALID');
    expect(await refused.first().textContent()).toContain('Not verified');
    expect(await refused.first().textContent()).toContain('TLOG_INCLUSION_INVALID');
    expect(await refused.first().textContent()).toContain(
      'is not proven to be entry 8 of transparency log "corridor-operator-test-gateway"',
    );
    await page.screenshot({
      path: path.join(SHOTS, 'operator-tampered-proof.en.png'),
      fullPage: true,
    });
    await page.close();
  });

  it('shows an agreement whose countersignature was swapped as not verified, naming the layer that failed', async () => {
    const page = await browser.page();
    // The pending agreement's document (CN's signature only) passed off as the active one's.
    await page.route('**/agreements', async (route) => {
      const response = await route.fetch();
      const list = (await response.json()) as { id: string; document: string }[];
      const pending = list.find((a) => a.id === PENDING_AGREEMENT_ID)!;
      const active = list.find((a) => a.id === AGREEMENT_ID)!;
      active.document = pending.document;
      await route.fulfill({ response, json: list });
    });
    await openConsole(page);
    const active = `[data-agreement="${AGREEMENT_ID}"]`;
    expect(await badge(page, active).getAttribute('data-check')).toBe('not-verified');
    expect(await badge(page, active).getAttribute('data-code')).toBe('AGREEMENT_INVALID');
    // Everything else still checks.
    expect(await badge(page, '[data-lane="CN-KR-FAST-TRACK/1"]').getAttribute('data-check')).toBe(
      'verified',
    );
    await page.close();
  });

  it('refuses a bundle not signed by the anchor and shows nothing as verified', async () => {
    const page = await browser.page();
    await page.route('**/bundle', async (route) => {
      const response = await route.fetch();
      const bytes = new Uint8Array(await response.body());
      bytes[bytes.length - 3]! ^= 0x55;
      await route.fulfill({ response, body: Buffer.from(bytes) });
    });
    await openConsole(page);
    const alert = page.locator('main [role="alert"]');
    expect(await alert.getAttribute('data-code')).toBe('BUNDLE_SIGNATURE_INVALID');
    expect(await alert.textContent()).toContain('Not verified');
    expect(await page.locator('[data-check]').count()).toBe(0);
    await page.close();
  });

  it('checks any entry by its number, by keyboard alone', async () => {
    const page = await browser.page();
    await openConsole(page);
    let focused = '';
    for (let i = 0; i < 80 && focused !== 'index'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.getAttribute('name') ?? '');
    }
    expect(focused).toBe('index');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('4');
    await page.keyboard.press('Enter');
    const result = page.locator('[data-checked-entry="4"]');
    await result.waitFor();
    expect(await result.locator('[data-check]').getAttribute('data-check')).toBe('verified');
    expect(await result.textContent()).toContain('agreement.propose');
    // Out of range (focus is still in the field): refused in the page with the log's code.
    expect(focused).toBe(await page.evaluate(() => document.activeElement?.getAttribute('name')));
    await page.keyboard.press('Control+A');
    await page.keyboard.type('99');
    await page.keyboard.press('Enter');
    await page.locator('.entry-result [data-code="TLOG_INCLUSION_INVALID"]').waitFor();
    expect(page.problems).toEqual([]);
    await page.close();
  });

  for (const lang of ['en', 'zh', 'ko'] as const) {
    it(`the console in ${lang}: no serious or critical axe violation, no missing key, nothing clipped, no CSP violation`, async () => {
      const page = await browser.page();
      await openAppPage(page, gateway.origin, '/');
      await setAppLang(page, lang);
      await expect
        .poll(() => page.locator('html').getAttribute('lang'))
        .toBe(lang === 'zh' ? 'zh-Hans' : lang);
      await openConsole(page);
      expect(await page.locator('#log tbody [data-check="verified"]').count()).toBe(9);
      await page.screenshot({
        path: path.join(SHOTS, `operator-console.${lang}.png`),
        fullPage: true,
      });
      expect(await staffPageProblems(page, `operator ${lang}`)).toEqual([]);
      expect(page.problems).toEqual([]);
      await setAppLang(page, 'en');
      await page.close();
    });
  }

  it('keeps the verified tree head between visits and requires the next head to extend it; a bad proof or a shrunken log is a coded warning', async () => {
    const page = await browser.page();
    const lastVisit = page.locator('[data-last-visit]');
    const warning = page.getByTestId('last-visit-warning');
    await openAppPage(page, gateway.origin, '/');
    await page.evaluate(() => {
      for (const key of Object.keys(localStorage))
        if (key.startsWith('corridor.operator.head:')) localStorage.removeItem(key);
    });
    await openConsole(page);
    expect(await lastVisit.getAttribute('data-last-visit')).toBe('first');
    const kept = await page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith('corridor.operator.head:')),
    );
    expect(kept).toEqual([
      `corridor.operator.head:${gateway.origin}|corridor-operator-test-gateway`,
    ]);
    // The signed head of 9 entries, as the gateway serves it now (replayed later).
    const head9 = await (await page.request.get(`${gateway.origin}/tlog/head`)).body();

    // The log grows by one entry: the next visit checks 9 → 10 with the gateway's proof.
    await gateway.appendEntry(1);
    await openConsole(page);
    expect(await lastVisit.getAttribute('data-last-visit')).toBe('checked');
    expect(await lastVisit.textContent()).toContain('tree of 9 entries');
    expect(await lastVisit.textContent()).toContain('→ tree of 10 entries');
    expect(await lastVisit.locator('[data-check]').getAttribute('data-check')).toBe('verified');
    expect(await warning.count()).toBe(0);

    // One more entry, and the proof from 10 to 11 tampered with in transit.
    await gateway.appendEntry(2);
    await page.route('**/tlog/consistency?from=10*', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { proof: string[] };
      const first = fromBase64(body.proof[0]!);
      first[0]! ^= 0x01;
      body.proof[0] = toBase64(first);
      await route.fulfill({ response, json: body });
    });
    await openConsole(page);
    expect(await lastVisit.locator('[data-check]').getAttribute('data-check')).toBe('not-verified');
    expect(await lastVisit.locator('[data-check]').getAttribute('data-code')).toBe(
      'TLOG_PROOF_INVALID',
    );
    expect(await warning.getAttribute('data-code')).toBe('TLOG_PROOF_INVALID');
    expect(await warning.getAttribute('role')).toBe('alert');
    await page.screenshot({
      path: path.join(SHOTS, 'operator-last-visit-proof.en.png'),
      fullPage: true,
    });
    await page.unroute('**/tlog/consistency?from=10*');

    // The kept head was not replaced by the suspect one: the honest proof is 10 → 11.
    await openConsole(page);
    expect(await lastVisit.textContent()).toContain('tree of 10 entries');
    expect(await lastVisit.locator('[data-check]').getAttribute('data-check')).toBe('verified');

    // The gateway replays its old signed head of 9 entries: the log shrank.
    await page.route('**/tlog/head', (route) =>
      route.fulfill({ status: 200, contentType: 'application/cose', body: head9 }),
    );
    for (const lang of ['en', 'zh', 'ko'] as const) {
      await setAppLang(page, lang);
      await openConsole(page);
      expect(await warning.getAttribute('data-code'), lang).toBe('TLOG_LOG_SHRANK');
      const reason = await lastVisit.locator('[data-check]').textContent();
      expect(reason, lang).toContain(
        {
          en: 'The log shrank: this device verified a tree of 11 entries, and the gateway now signs one of 9.',
          zh: '日志变短了：本设备曾验证过 11 条记录的树，而网关现在签署的树只有 9 条。',
          ko: '로그가 줄었습니다: 이 기기는 항목 11개의 트리를 검증했는데 게이트웨이는 지금 항목 9개의 트리에 서명합니다.',
        }[lang],
      );
      await page.screenshot({
        path: path.join(SHOTS, `operator-log-shrank.${lang}.png`),
        fullPage: true,
      });
      expect(await staffPageProblems(page, `operator shrank ${lang}`)).toEqual([]);
    }
    await setAppLang(page, 'en');
    await page.unroute('**/tlog/head');
    await page.close();
  });
});
