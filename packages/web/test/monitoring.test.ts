import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  haveChromium,
  launchBrowser,
  requireChromiumOnCi,
  type TestBrowser,
} from '../test-support/browser.js';
import { ensureWebBuild, WEB_DIR } from '../test-support/build.js';
import { DESK_STAFF, type DeskNode, startDeskNode } from '../test-support/desk-node.js';
import {
  openAppPage,
  setAppLang,
  signInByKeyboard,
  staffPageProblems,
} from '../test-support/page-checks.js';
import { STAFF_PASSWORD } from '../test-support/staff-node.js';

// Monitoring after release (W7) against a real Korean node (the CN-KR lane, two passes under
// monitoring, the node's clock in the test's hands), in Chromium: the traveller's daily report
// through the report link (no account) by keyboard, the node's coded refusals (no link, a bad
// link, a day already reported, a replaced link) in the traveller's language; the local
// authority's worklist (a wrong role kept out, resolving an escalation, a report on the
// traveller's behalf, a new report link); the report opened from the pass in the wallet. Each
// page in en, zh and ko with axe-core, missing keys, clipping and CSP checked; screenshots to
// packages/web/screenshots/.

requireChromiumOnCi('monitoring pages', 'the monitoring pages suite');

const SHOTS = path.join(WEB_DIR, 'screenshots');
const HOUR = 3_600_000;
/** Released at the port the day after arrival; day 1 of monitoring starts then. */
const RELEASED = new Date('2021-03-11T04:00:00Z');
const at = (hours: number) => new Date(RELEASED.getTime() + hours * HOUR);
const PHONE = { width: 390, height: 844 };

describe.skipIf(!haveChromium)('monitoring pages (daily report, worklist, wallet)', () => {
  let node: DeskNode;
  let browser: TestBrowser;
  /** The report links of the two passes (the first one replaced by the worklist test). */
  const tokens: string[] = [];
  let oldToken = '';

  beforeAll(async () => {
    const dist = await ensureWebBuild();
    await mkdir(SHOTS, { recursive: true });
    node = await startDeskNode(dist);
    browser = await launchBrowser();
    for (const p of node.passes) {
      const started = await node.startMonitoring(p.passId, RELEASED);
      expect(started.days).toBe(14);
      tokens.push(started.token);
    }
    node.setClock(at(2));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await node?.close();
  });

  const checks = staffPageProblems;
  const open = (page: Page, route: string) => openAppPage(page, node.origin, route);
  const signIn = (page: Page, account: string) => signInByKeyboard(page, account, STAFF_PASSWORD);
  const setLang = setAppLang;
  /** `POST /monitoring/report` as a phone would send it: the link's token as the bearer. */
  const reportByApi = async (token: string) => {
    const response = await fetch(`${node.origin}/monitoring/report`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ temperature: 'normal', symptoms: [], region: 'KR-11' }),
    });
    const body = (await response.json()) as { title?: string; day?: number };
    return { status: response.status, code: body.title, day: body.day };
  };
  /** Fills the report form by keyboard: a band, symptoms, the region retyped, then Enter. */
  const fillReport = async (
    page: Page,
    options: { temperature: string; symptoms?: string[]; region?: string; place?: string },
  ) => {
    await page.locator(`input[type="radio"][value="${options.temperature}"]`).focus();
    await page.keyboard.press('Space');
    for (const s of options.symptoms ?? []) {
      await page.locator(`input[type="checkbox"][value="${s}"]`).focus();
      await page.keyboard.press('Space');
    }
    if (options.region !== undefined) {
      await page.locator('input[name="region"]').focus();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(options.region);
    }
    if (options.place) {
      await page.locator('input[name="place"]').focus();
      await page.keyboard.type(options.place);
    }
    await page.keyboard.press('Enter');
  };

  it('the traveller reports through the link by keyboard, on a phone: the node takes day 1 and escalates the symptom, announced', async () => {
    const page = await browser.page();
    await page.setViewportSize(PHONE);
    await open(page, `/report#${tokens[0]}`);
    await page.getByRole('heading', { name: 'Today’s report' }).waitFor();
    // The region starts as the destination's prefix: the traveller types the rest.
    expect(await page.locator('input[name="region"]').inputValue()).toBe('KR-');
    await fillReport(page, {
      temperature: 'normal',
      symptoms: ['cough'],
      region: 'KR-11',
      place: 'Hotel Lotte',
    });
    const done = page.getByRole('status').filter({ hasText: 'report for day 1 was received' });
    await done.waitFor();
    expect(await done.textContent()).toContain('Symptoms reported (day 1)');
    await page.screenshot({ path: path.join(SHOTS, 'report-done.en.png'), fullPage: true });
    expect(await checks(page, 'report done')).toEqual([]);
    // The node has day 1: the same link cannot report it twice.
    expect(await reportByApi(tokens[0]!)).toMatchObject({
      status: 409,
      code: 'MONITORING_REPORT_EXISTS',
    });
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('without a link, with a bad one, a day already reported, in Chinese: each refusal in words, the node’s code behind it', async () => {
    const page = await browser.page();
    await page.setViewportSize(PHONE);
    await open(page, '/report');
    await setLang(page, 'zh');
    await page.getByRole('alert').filter({ hasText: '本页需要您的每日申报链接' }).waitFor();
    await page.locator('input[name="link"]').fill('https://example.org/app/report#nothing');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: '这不是每日申报链接' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'report-no-link.zh.png'), fullPage: true });
    expect(await checks(page, 'report no link zh')).toEqual([]);
    // A link of the right shape the node never issued: 401 MONITORING_LINK_INVALID.
    await page
      .locator('input[name="link"]')
      .fill(`${node.origin}/app/report#crt_${'A'.repeat(43)}`);
    await page.keyboard.press('Enter');
    await fillReport(page, { temperature: 'normal', region: 'KR-11' });
    await page.getByRole('alert').filter({ hasText: '此申报链接无效' }).waitFor();
    // Day 1 of the first pass is reported: 409 MONITORING_REPORT_EXISTS.
    await open(page, `/report#${tokens[0]}`);
    await fillReport(page, { temperature: 'elevated', region: 'KR-11' });
    await page.getByRole('alert').filter({ hasText: '今日申报已提交' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'report-exists.zh.png'), fullPage: true });
    expect(await checks(page, 'report exists zh')).toEqual([]);
    await setLang(page, 'en');
    expect(page.problems.filter((p) => !/\b(401|409)\b/.test(p))).toEqual([]);
    await page.close();
  });

  it('the worklist keeps a checkpoint officer out, shows the symptom escalation, resolves it by keyboard, records a report on behalf and replaces a link', async () => {
    const [first, second] = node.passes.map((p) => p.passId) as [string, string];
    const page = await browser.page();
    await open(page, '/monitoring');
    await signIn(page, DESK_STAFF.checkpoint);
    await page.getByRole('alert').filter({ hasText: 'This page is for' }).waitFor();
    await page.locator('.staff-bar button').click();
    await signIn(page, DESK_STAFF.authority);
    const row = page.locator('.staff-table tbody tr').filter({ hasText: first });
    await row.filter({ hasText: 'Symptoms reported (day 1)' }).waitFor();
    await page.getByRole('heading', { name: 'Open cases (1)' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'monitoring-worklist.en.png'), fullPage: true });
    expect(await checks(page, 'worklist')).toEqual([]);
    // Resolve, by keyboard: the row's button, the note (focused), Enter.
    await row.getByRole('button', { name: `Resolve case` }).focus();
    await page.keyboard.press('Enter');
    await page.locator('input[name="resolution"]').waitFor();
    await page.keyboard.type('Called the traveller: a mild cough, test booked.');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'resolved.' }).waitFor();
    await page.getByRole('heading', { name: 'Open cases (0)' }).waitFor();
    await page.getByText('Show resolved cases too').click();
    await page
      .locator('.staff-table tbody tr')
      .filter({ hasText: 'Resolved: Called the traveller' })
      .waitFor();
    // A report on the second traveller's behalf (a phone call): a fever escalates.
    await page.locator('input[name="passId"]').fill(second);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Daily report for ${second}` }).waitFor();
    await fillReport(page, { temperature: 'fever', region: 'KR-11' });
    await page
      .getByRole('status')
      .filter({ hasText: `Report for ${second} recorded (day 1).` })
      .waitFor();
    await page
      .locator('.staff-table tbody tr')
      .filter({ hasText: second })
      .filter({ hasText: 'Symptoms reported (day 1)' })
      .waitFor();
    expect(await reportByApi(tokens[1]!)).toMatchObject({
      status: 409,
      code: 'MONITORING_REPORT_EXISTS',
    });
    // A new link for the first traveller: shown once; the old one stops working at once.
    await row
      .first()
      .getByRole('button', { name: `New report link for ${first}` })
      .click();
    await page.getByRole('heading', { name: `New daily report link for ${first}` }).waitFor();
    const link = await page.locator('input.report-link-text').inputValue();
    expect(link).toMatch(new RegExp(`^${node.origin}/app/report#crt_[A-Za-z0-9_-]{43}$`));
    oldToken = tokens[0]!;
    tokens[0] = link.slice(link.indexOf('#') + 1);
    expect(tokens[0]).not.toBe(oldToken);
    expect(await reportByApi(oldToken)).toMatchObject({
      status: 401,
      code: 'MONITORING_LINK_INVALID',
    });
    expect(await reportByApi(tokens[0])).toMatchObject({
      status: 409,
      code: 'MONITORING_REPORT_EXISTS',
    });
    await page.screenshot({ path: path.join(SHOTS, 'monitoring-link.en.png'), fullPage: true });
    expect(await checks(page, 'worklist link')).toEqual([]);
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('a replaced link is refused in Korean; the pass in the wallet keeps the new link and opens the day-2 report from it', async () => {
    const page = await browser.page();
    await page.setViewportSize(PHONE);
    await open(page, `/report#${oldToken}`);
    await setLang(page, 'ko');
    await fillReport(page, { temperature: 'normal', region: 'KR-11' });
    await page.getByRole('alert').filter({ hasText: '유효하지 않은 보고 링크입니다' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'report-invalid.ko.png'), fullPage: true });
    expect(await checks(page, 'report invalid ko')).toEqual([]);
    await setLang(page, 'en');
    node.setClock(at(26));
    const pass = node.passes[0]!;
    await open(page, '/wallet/certificates');
    await page.getByTestId('wallet-paste').fill(pass.code);
    await page.getByRole('button', { name: 'Add the pasted code' }).click();
    const card = page.locator('.wallet-entry', { hasText: 'Entry pass (fast-track lane)' });
    await card.waitFor();
    expect(await card.locator('.pass-facts').textContent()).toContain(pass.passId);
    await card
      .locator('input[name="reportLink"]')
      .fill(`link: ${node.origin}/app/report#${tokens[0]}`);
    await card.getByRole('button', { name: 'Save the link with this pass' }).click();
    const daily = card.getByRole('link', { name: 'Daily report' });
    await daily.waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'wallet-pass.en.png'), fullPage: true });
    expect(await checks(page, 'wallet pass')).toEqual([]);
    await daily.focus();
    await page.keyboard.press('Enter');
    await page.getByText(`Report for entry pass ${pass.passId}`).waitFor();
    // The declared region comes from the pass kept with the link.
    await expect.poll(() => page.locator('input[name="region"]').inputValue()).toBe('KR-11');
    await fillReport(page, { temperature: 'normal' });
    await page.getByRole('status').filter({ hasText: 'report for day 2 was received' }).waitFor();
    expect(await reportByApi(tokens[0]!)).toMatchObject({
      status: 409,
      code: 'MONITORING_REPORT_EXISTS',
    });
    // The refused link (401), and the wallet asking this bundle-less node for its trust bundle (404).
    expect(page.problems.filter((p) => !/\b(401|404)\b/.test(p))).toEqual([]);
    await page.close();
  });

  for (const lang of ['en', 'zh', 'ko'] as const) {
    it(`the report form and the worklist in ${lang}: no serious or critical axe violation, no missing key, nothing clipped, no CSP violation`, async () => {
      const page = await browser.page();
      await open(page, '/');
      await setLang(page, lang);
      const problems: string[] = [];
      await page.setViewportSize(PHONE);
      await open(page, `/report#${tokens[1]}`);
      await page.locator('form.report-form').waitFor();
      await page.screenshot({ path: path.join(SHOTS, `report-form.${lang}.png`), fullPage: true });
      problems.push(...(await checks(page, `/report ${lang}`)));
      await page.setViewportSize({ width: 1024, height: 900 });
      await open(page, '/monitoring');
      await page.locator('input[name="account"]').waitFor();
      await signIn(page, DESK_STAFF.authority);
      await page.locator('.staff-table').waitFor();
      await page.screenshot({
        path: path.join(SHOTS, `monitoring-page.${lang}.png`),
        fullPage: true,
      });
      problems.push(...(await checks(page, `/monitoring ${lang}`)));
      await page.locator('.staff-bar button').click();
      await page.locator('input[name="account"]').waitFor();
      expect(problems).toEqual([]);
      expect(page.problems).toEqual([]);
      await setLang(page, 'en');
      await page.close();
    });
  }
});
