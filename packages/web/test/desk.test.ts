import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { testCertificate } from '@corridor/server/lanes';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASS_MRZ } from '../../core/test-support/entry-pass.js';
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

// The lane's arrival pages against a real national node (the CN-KR lane's signed bundle, two
// approved passes, Incheon's holding facility and laboratory), in Chromium: the checkpoint desk
// (admit at arrival with the protocol, a second arrival refused with its code, a boarding
// refusal in Chinese), the laboratory (sample, a bad certificate refused with its code, an HC1
// result releasing with the one-time report link, a positive result), the authority's
// escalations (acknowledge). Each page in en, zh and ko with axe-core, missing keys, clipping
// and CSP checked; screenshots to packages/web/screenshots/.

requireChromiumOnCi('arrival pages', 'the arrival pages suite');

const SHOTS = path.join(WEB_DIR, 'screenshots');
const HOUR = 3_600_000;
/** Seoul 10:00 on 10 March 2021: the flight's departure from Beijing; arrival 2½ hours later. */
const DEPARTURE = new Date('2021-03-10T01:00:00Z');
const ARRIVAL = new Date('2021-03-10T03:30:00Z');
const later = (t: Date, hours: number) => new Date(t.getTime() + hours * HOUR);
const [MRZ1, MRZ2] = PASS_MRZ.split('\n') as [string, string];

describe.skipIf(!haveChromium)('arrival pages (desk, laboratory, escalations)', () => {
  let node: DeskNode;
  let browser: TestBrowser;
  let pcr = '';

  beforeAll(async () => {
    const dist = await ensureWebBuild();
    await mkdir(SHOTS, { recursive: true });
    node = await startDeskNode(dist);
    browser = await launchBrowser();
    pcr = await testCertificate('CN', { sampledAt: later(DEPARTURE, -30) });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await node?.close();
  });

  const checks = staffPageProblems;
  const open = (page: Page, route: string) => openAppPage(page, node.origin, route);
  /** Signs in by keyboard: the account field, Tab, the password, Enter. */
  const signIn = (page: Page, account: string) => signInByKeyboard(page, account, STAFF_PASSWORD);
  const setLang = setAppLang;
  const fillDesk = async (
    page: Page,
    pass: string,
    options: { credential?: string; mrz?: boolean; boarding?: boolean } = {},
  ) => {
    if (options.boarding) {
      // The checkpoint radios by keyboard: arrival is first and chosen; an arrow moves on.
      await page.locator('input[type="radio"][value="arrival"]').focus();
      await page.keyboard.press('ArrowDown');
      await expect
        .poll(() => page.locator('input[type="radio"][value="boarding"]').isChecked())
        .toBe(true);
    }
    await page.locator('input[name="pass"]').fill(pass);
    await page.locator('input[name="credential-1"]').fill(options.credential ?? '');
    await page.locator('input[name="mrz1"]').fill(options.mrz === false ? '' : MRZ1);
    await page.locator('input[name="mrz2"]').fill(options.mrz === false ? '' : MRZ2);
    await page.locator('input[name="scheduledDeparture"]').fill('2021-03-10T01:00');
    await page.locator('input[name="origin"]').fill('CN');
    await page.locator('input[name="port"]').fill('ICN');
    // Enter in a field sends the form, as a desk officer with a wedge scanner would.
    await page.locator('input[name="port"]').focus();
    await page.keyboard.press('Enter');
  };

  it('the desk admits an arrival with the protocol (hold, facility, laboratory), announced; a second arrival of the pass is refused with its code', async () => {
    node.setClock(ARRIVAL);
    const page = await browser.page();
    await open(page, '/border/desk');
    await signIn(page, DESK_STAFF.checkpoint);
    await fillDesk(page, node.passes[0]?.code ?? '', { credential: pcr });
    const banner = page.locator('.decision-banner[role="status"]');
    await banner.filter({ hasText: 'ADMIT' }).waitFor();
    await expect.poll(() => page.locator('.decision').getAttribute('class')).toContain('valid');
    const body = (await page.locator('.decision-body').textContent()) ?? '';
    expect(body).toContain('LANE_ADMIT');
    expect(body).toContain('Hold: 24 hours, until 2021-03-11 03:30 UTC');
    expect(body).toContain('Holding facility: Incheon Airport quarantine facility 2');
    expect(body).toContain('Laboratory: lab-icn');
    await page.screenshot({ path: path.join(SHOTS, 'desk-admit.en.png'), fullPage: true });
    expect(await checks(page, 'desk admit')).toEqual([]);
    await page.locator('input[name="port"]').focus();
    await page.keyboard.press('Enter');
    await page
      .getByRole('alert')
      .filter({ hasText: 'This pass has already been used for an arrival.' })
      .waitFor();
    expect(page.problems.filter((p) => !p.includes('409'))).toEqual([]);
    await page.close();
  });

  it('the desk refuses a boarding without certificates or passport, reasons in Chinese', async () => {
    node.setClock(later(DEPARTURE, -1));
    const page = await browser.page();
    await open(page, '/border/desk');
    await setLang(page, 'zh');
    await signIn(page, DESK_STAFF.checkpoint);
    await fillDesk(page, node.passes[1]?.code ?? '', { mrz: false, boarding: true });
    await page.locator('.decision-banner[role="status"]').filter({ hasText: '拒绝' }).waitFor();
    const reasons = page.locator('ul.check-reasons');
    expect(await reasons.getAttribute('lang')).toBe('zh');
    expect(await reasons.textContent()).toMatch(/[\u4e00-\u9fff]/);
    await page.screenshot({ path: path.join(SHOTS, 'desk-refuse.zh.png'), fullPage: true });
    expect(await checks(page, 'desk refuse zh')).toEqual([]);
    await setLang(page, 'en');
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('the laboratory records the sample, is told why a bad certificate is refused, releases on an HC1 result with the one-time report link, and posts a positive', async () => {
    node.setClock(ARRIVAL);
    await node.arrive(node.passes[1]?.code ?? '', [pcr], PASS_MRZ, DEPARTURE);
    node.setClock(later(ARRIVAL, 8));
    const [first, second] = node.passes.map((p) => p.id) as [string, string];
    const page = await browser.page();
    await open(page, '/lab');
    await signIn(page, DESK_STAFF.laboratory);
    await page.getByRole('heading', { name: 'Ordered tests (2)' }).waitFor();
    await page.getByRole('button', { name: `Sample taken for ${first}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Sample recorded for ${first}.` })
      .waitFor();
    // The certificate path, by keyboard: the radio group's arrows, then the pasted text.
    await page.getByRole('button', { name: `Post the result for ${first}` }).click();
    await page.locator('input[type="radio"][value="negative"]').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.locator('input[name="certificate"]').fill('HC1:NOT-A-CERTIFICATE');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'does not verify' }).waitFor();
    const hc1 = await testCertificate('KR', { sampledAt: later(ARRIVAL, 1) });
    await page.locator('input[name="certificate"]').fill(hc1);
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: `Result posted for ${first}: Released.` })
      .waitFor();
    const link = await page.locator('input.report-link-text').inputValue();
    expect(link).toMatch(new RegExp(`^${node.origin}/app/report#crt_`));
    await page.getByText('Shown only once').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'lab-released.en.png'), fullPage: true });
    expect(await checks(page, 'lab released')).toEqual([]);
    await page.getByRole('button', { name: `Post the result for ${second}` }).click();
    await page.locator('label.react-aria-Radio', { hasText: 'Positive' }).click();
    await page.getByRole('button', { name: 'Post the result', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Result posted for ${second}: Positive.` })
      .waitFor();
    await page.getByRole('heading', { name: 'Ordered tests (0)' }).waitFor();
    expect(page.problems.filter((p) => !p.includes('422'))).toEqual([]);
    await page.close();
  });

  it('the authority sees the positive escalation and acknowledges it; a checkpoint officer is not let in', async () => {
    const page = await browser.page();
    await open(page, '/authority/escalations');
    await signIn(page, DESK_STAFF.checkpoint);
    await page.getByRole('alert').filter({ hasText: 'This page is for' }).waitFor();
    await page.locator('.staff-bar button').click();
    await signIn(page, DESK_STAFF.authority);
    const second = node.passes[1]?.id ?? '';
    const row = page.locator('.staff-table tbody tr').filter({ hasText: second });
    await row.filter({ hasText: 'Positive arrival test' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'escalations.en.png'), fullPage: true });
    expect(await checks(page, 'escalations')).toEqual([]);
    await row.getByRole('button', { name: /^Acknowledge case/ }).click();
    await page.getByRole('status').filter({ hasText: 'acknowledged' }).waitFor();
    await page.getByRole('heading', { name: 'Open cases (0)' }).waitFor();
    await page.getByText('Show acknowledged cases too').click();
    await page
      .locator('.staff-table tbody tr')
      .filter({ hasText: 'Acknowledged by officer-kr' })
      .waitFor();
    expect(page.problems).toEqual([]);
    await page.close();
  });

  for (const lang of ['en', 'zh', 'ko'] as const) {
    it(`every arrival page signed in, in ${lang}: no serious or critical axe violation, no missing key, nothing clipped, no CSP violation`, async () => {
      const page = await browser.page();
      await open(page, '/');
      await setLang(page, lang);
      const problems: string[] = [];
      for (const [route, account, shot] of [
        ['/border/desk', DESK_STAFF.checkpoint, 'desk'],
        ['/lab', DESK_STAFF.laboratory, 'lab'],
        ['/authority/escalations', DESK_STAFF.authority, 'escalations'],
      ] as const) {
        await open(page, route);
        await page.locator('input[name="account"]').waitFor();
        await signIn(page, account);
        await page.locator('main h2').first().waitFor();
        await page.screenshot({
          path: path.join(SHOTS, `${shot}-page.${lang}.png`),
          fullPage: true,
        });
        problems.push(...(await checks(page, `${route} ${lang}`)));
        await page.locator('.staff-bar button').click();
        await page.locator('input[name="account"]').waitFor();
      }
      expect(problems).toEqual([]);
      expect(page.problems).toEqual([]);
      await setLang(page, 'en');
      await page.close();
    });
  }
});
