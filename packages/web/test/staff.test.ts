import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { MAX_PREVENTION_PDF_BYTES } from '@corridor/server/lanes';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  haveChromium,
  launchBrowser,
  requireChromiumOnCi,
  type TestBrowser,
} from '../test-support/browser.js';
import { ensureWebBuild, WEB_DIR } from '../test-support/build.js';
import { openAppPage, setAppLang, staffPageProblems } from '../test-support/page-checks.js';
import {
  LANE_ID,
  STAFF,
  STAFF_PASSWORD,
  type StaffNode,
  startStaffNode,
} from '../test-support/staff-node.js';

// The staff pages against a real national node (issuance, a lane, staff sign-in, the app it
// serves), in Chromium: sign-in by keyboard alone, the issuer console (issue with value-set
// pickers, QR and PDF, list, revoke), the wrong role refused, the sponsor portal and the
// authority's review queue (approve, refuse with a reason), the prevention plan PDF (attach,
// replace, remove; too large and not a PDF refused with their reasons). Each page in en, zh and ko with
// axe-core, missing keys, clipping and CSP checked; screenshots to packages/web/screenshots/.

requireChromiumOnCi('staff pages', 'the staff pages suite');

const SHOTS = path.join(WEB_DIR, 'screenshots');

describe.skipIf(!haveChromium)('staff pages (sign-in, issuer console, sponsor, authority)', () => {
  let node: StaffNode;
  let browser: TestBrowser;

  beforeAll(async () => {
    const dist = await ensureWebBuild();
    await mkdir(SHOTS, { recursive: true });
    node = await startStaffNode(dist);
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await node?.close();
  });

  const checks = staffPageProblems;
  const open = (page: Page, route: string) => openAppPage(page, node.origin, route);
  const signIn = async (page: Page, account: string) => {
    await page.getByLabel('Account').fill(account);
    await page.getByLabel('Password').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.staff-bar').waitFor();
  };
  const signOut = async (page: Page) => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Staff sign-in' }).waitFor();
  };
  /** Picks `option` (its visible text starts with it) in the React Aria Select labelled `label`. */
  const pick = async (page: Page, label: string, option: string) => {
    // By keyboard, as a clerk would: open, type the start of the name, Enter.
    const button = page.getByRole('button', { name: new RegExp(`${label}$`) });
    await button.focus();
    await page.keyboard.press('Enter');
    const listbox = page.getByRole('listbox');
    await listbox.waitFor();
    await page.keyboard.type(option);
    await page.keyboard.press('Enter');
    await listbox.waitFor({ state: 'detached' });
    expect(await button.textContent()).toContain(option);
  };

  it('signs in by keyboard alone, refuses a wrong password with its reason, and keeps the session across a reload', async () => {
    const page = await browser.page();
    await open(page, '/issuer');
    // Tab from the top of the page to the account field.
    let focused = '';
    for (let i = 0; i < 15 && focused !== 'account'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(
        () => (document.activeElement as HTMLInputElement | null)?.name ?? '',
      );
    }
    expect(focused).toBe('account');
    await page.keyboard.type(STAFF.issuer);
    await page.keyboard.press('Tab');
    await page.keyboard.type('not the password');
    await page.keyboard.press('Enter');
    await page
      .getByRole('alert')
      .filter({ hasText: 'The account name or password is wrong.' })
      .waitFor();
    await page.getByLabel('Password').focus();
    await page.keyboard.type(STAFF_PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator('.staff-bar').filter({ hasText: STAFF.issuer }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'issuer-signed-in.en.png'), fullPage: true });
    // The cookie is out of the page's reach.
    expect(await page.evaluate(() => document.cookie)).toBe('');
    const cookies = await browser.context.cookies(node.origin);
    expect(cookies.find((c) => c.name === 'corridor-session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });
    await page.reload();
    await page.locator('.staff-bar').filter({ hasText: STAFF.issuer }).waitFor();
    await signOut(page);
    expect(page.problems.filter((p) => !p.includes('401'))).toEqual([]);
    await page.close();
  });

  it('issues a vaccination certificate with the value-set pickers, shows its QR code and PDF, lists it; an administrator revokes it', async () => {
    const page = await browser.page();
    await open(page, '/issuer');
    await signIn(page, STAFF.issuer);
    await page.getByLabel('Family name').fill('Kim');
    await page.getByLabel('Given name').fill('Minjun');
    await page.getByLabel('Date of birth').fill('1980-01-01');
    await pick(page, 'Vaccine type', 'SARS-CoV-2 mRNA vaccine');
    await pick(page, 'Vaccine product', 'Comirnaty');
    await pick(page, 'Manufacturer', 'Biontech Manufacturing GmbH');
    await page.getByLabel('Date of vaccination').fill('2021-01-10');
    await page.getByLabel('Issuer', { exact: true }).fill('KDCA');
    await page.getByRole('button', { name: 'Issue', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Vaccination certificate issued' }).waitFor();
    // The QR code image loaded (the session cookie reached the node's QR route).
    await expect
      .poll(() => page.locator('img.issued-qr').evaluate((i: HTMLImageElement) => i.naturalWidth))
      .toBeGreaterThan(100);
    const pdf = await page.locator('.issued a', { hasText: 'Printable PDF' }).getAttribute('href');
    const response = await browser.context.request.get(`${node.origin}${pdf}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    await page.locator('.staff-table tbody tr').first().filter({ hasText: 'Valid' }).waitFor();
    // An issuer may not revoke: the button is not there, and the node refuses anyway (tested
    // without the UI in server/src/staff/staff.test.ts).
    expect(await page.getByRole('button', { name: /^Revoke URN/ }).count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'issuer-issued.en.png'), fullPage: true });
    expect(await checks(page, 'issuer console')).toEqual([]);
    await signOut(page);

    await signIn(page, STAFF.administrator);
    await page
      .getByRole('button', { name: /^Revoke URN/ })
      .first()
      .click();
    await page.getByLabel('Reason').fill('issued in error');
    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    await page
      .locator('.staff-table tbody tr')
      .first()
      .filter({ hasText: 'Revoked: issued in error' })
      .waitFor();
    await signOut(page);
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('shows a page of another role only its refusal', async () => {
    const page = await browser.page();
    await open(page, '/issuer');
    await signIn(page, STAFF.sponsor);
    await page
      .getByRole('alert')
      .filter({ hasText: 'This page is for: issuer / administrator' })
      .waitFor();
    expect(await page.getByRole('heading', { name: 'Issue a certificate' }).count()).toBe(0);
    await signOut(page);
    await page.close();
  });

  /** The sponsor applies for one traveller; returns the application id. */
  const apply = async (page: Page, surname: string, previous?: string): Promise<string> => {
    const fill = async (label: string, value: string) =>
      page.getByLabel(label, { exact: true }).fill(value);
    await fill('Lane ID', LANE_ID);
    await fill('Country of departure (2 letters)', 'CN');
    await fill('Category', 'BUSINESS');
    await fill('Visa class (if the lane asks for one)', 'C-3');
    await fill('Destination region', 'KR-11');
    await fill('Port of entry', 'ICN');
    await fill('Arrival date', '2021-03-08');
    await fill('Surname (passport)', surname);
    await fill('Given names (passport)', 'XIAO<MING');
    await fill('Date of birth', '1985-07-21');
    await fill('Nationality (3 letters)', 'CHN');
    await fill('Passport number', 'EA1234567');
    await fill('Passport expiry', '2031-01-01');
    await page.getByText('The traveller consents').click();
    await page.getByRole('button', { name: 'Submit application' }).click();
    // A new confirmation (the previous application's, if any, is replaced), or a refusal.
    const status = page
      .getByRole('status')
      .filter({ hasText: /^Application .* submitted\.$/ })
      .filter({ hasNotText: previous ?? '\u0000' });
    await page
      .locator(
        `.notice[role="alert"], .notice[role="status"]${previous ? `:not(:has-text("${previous}"))` : ''}`,
      )
      .first()
      .waitFor();
    expect(await page.locator('.notice[role="alert"]').allTextContents()).toEqual([]);
    await status.waitFor();
    return /Application (\S+) submitted/.exec((await status.textContent()) ?? '')![1]!;
  };

  it('runs the lane: the sponsor applies, the authority approves one and refuses another with a reason, the sponsor sees both', async () => {
    const page = await browser.page();
    await open(page, '/sponsor');
    await signIn(page, STAFF.sponsor);
    const first = await apply(page, 'WANG');
    const second = await apply(page, 'LI', first);
    await page
      .locator('.staff-table tr', { hasText: second })
      .filter({ hasText: 'Awaiting review' })
      .waitFor();
    await signOut(page);

    await open(page, '/authority');
    await signIn(page, STAFF.authority);
    await page.getByRole('heading', { name: 'Awaiting review (2)' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'authority-queue.en.png'), fullPage: true });
    await page.getByRole('button', { name: `Approve ${first}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Application ${first} approved` })
      .waitFor();
    await page.getByRole('button', { name: `Refuse ${second}` }).click();
    await pick(page, 'Reason', 'Documents incomplete');
    await page.getByLabel('Explanation for the sponsor').fill('The invitation letter is missing.');
    await page.getByRole('button', { name: 'Refuse', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Application ${second} refused` })
      .waitFor();
    await page.getByRole('heading', { name: 'Awaiting review (0)' }).waitFor();
    expect(await checks(page, 'authority')).toEqual([]);
    await signOut(page);

    await open(page, '/sponsor');
    await signIn(page, STAFF.sponsor);
    await page
      .locator('.staff-table tr', { hasText: first })
      .filter({ hasText: 'Pass issued' })
      .waitFor();
    await page
      .locator('.staff-table tr', { hasText: second })
      .filter({ hasText: 'Documents incomplete: The invitation letter is missing.' })
      .waitFor();
    expect(await checks(page, 'sponsor')).toEqual([]);
    await signOut(page);
    expect(page.problems).toEqual([]);
    await page.close();
  });

  /** A well-formed PDF file of `size` bytes (a comment pads it). */
  const pdfOf = (size: number): Buffer => {
    const head =
      '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%';
    const tail = '\n%%EOF\n';
    return Buffer.from(head + 'x'.repeat(size - head.length - tail.length) + tail);
  };
  /** Picks `file` in the file chooser the button named `button` opens. */
  const choose = async (
    page: Page,
    button: string,
    file: { name: string; mimeType: string; buffer: Buffer },
  ) => {
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: button }).click();
    await (await chooser).setFiles(file);
  };

  it('attaches, replaces and removes the prevention plan PDF while the application awaits a decision; refuses a file too large and one that is not a PDF, each with its reason', async () => {
    const page = await browser.page();
    await open(page, '/sponsor');
    await signIn(page, STAFF.sponsor);
    const id = await apply(page, 'ZHANG');
    const row = page.locator('.staff-table tr', { hasText: id });
    await row.filter({ hasText: 'No PDF plan' }).waitFor();
    const alert = page.locator('main section .notice[role="alert"]');

    // Not a PDF: the node looks at the bytes, not the name or the type the browser guessed.
    await choose(page, `Attach the prevention plan PDF of ${id}`, {
      name: 'plan.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('<html>this is not a PDF</html>'),
    });
    await alert.filter({ hasText: 'The file is not a PDF.' }).waitFor();
    // One byte over the node's limit: refused before it is sent.
    let sent = 0;
    page.on('request', (r) => {
      if (r.url().endsWith(`/lanes/applications/${id}/prevention-plan`) && r.method() === 'PUT')
        sent++;
    });
    await choose(page, `Attach the prevention plan PDF of ${id}`, {
      name: 'big.pdf',
      mimeType: 'application/pdf',
      buffer: pdfOf(MAX_PREVENTION_PDF_BYTES + 1),
    });
    await alert.filter({ hasText: 'The file is too large' }).waitFor();
    expect(sent).toBe(0);
    await row.filter({ hasText: 'No PDF plan' }).waitFor();

    // A small plan, then replaced by one exactly at the limit (the page and node agree on it).
    await choose(page, `Attach the prevention plan PDF of ${id}`, {
      name: 'plan.pdf',
      mimeType: 'application/pdf',
      buffer: pdfOf(3 * 1024),
    });
    await page
      .getByRole('status')
      .filter({ hasText: `Prevention plan plan.pdf attached to ${id}.` })
      .waitFor();
    expect(await alert.count()).toBe(0);
    await row.getByRole('link', { name: 'PDF plan (3 kB)' }).waitFor();
    await choose(page, `Replace the prevention plan PDF of ${id}`, {
      name: 'plan-v2.pdf',
      mimeType: 'application/pdf',
      buffer: pdfOf(MAX_PREVENTION_PDF_BYTES),
    });
    await row.getByRole('link', { name: 'PDF plan (2,048 kB)' }).waitFor();
    expect(sent).toBe(2);
    // The link opens what was stored.
    const href = await row.getByRole('link', { name: /^PDF plan/ }).getAttribute('href');
    const stored = await browser.context.request.get(`${node.origin}${href}`);
    expect(stored.headers()['content-type']).toBe('application/pdf');
    expect((await stored.body()).equals(pdfOf(MAX_PREVENTION_PDF_BYTES))).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'sponsor-plan.en.png'), fullPage: true });
    expect(await checks(page, 'sponsor with a plan')).toEqual([]);

    await page.getByRole('button', { name: `Remove the prevention plan PDF of ${id}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Prevention plan PDF removed from ${id}.` })
      .waitFor();
    await row.filter({ hasText: 'No PDF plan' }).waitFor();
    expect((await browser.context.request.get(`${node.origin}${href}`)).status()).toBe(404);
    await choose(page, `Attach the prevention plan PDF of ${id}`, {
      name: 'final.pdf',
      mimeType: 'application/pdf',
      buffer: pdfOf(5 * 1024),
    });
    await row.getByRole('link', { name: 'PDF plan (5 kB)' }).waitFor();
    await signOut(page);

    // The authority sees the plan in the queue and approves; then it can no longer change.
    await open(page, '/authority');
    await signIn(page, STAFF.authority);
    const queued = page.locator('.staff-table tr', { hasText: id });
    await queued.getByRole('link', { name: 'PDF plan (5 kB)' }).waitFor();
    expect(await queued.getByRole('button', { name: /prevention plan/ }).count()).toBe(0);
    await page.getByRole('button', { name: `Approve ${id}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Application ${id} approved` })
      .waitFor();
    await signOut(page);
    await open(page, '/sponsor');
    await signIn(page, STAFF.sponsor);
    await row
      .filter({ hasText: 'Pass issued' })
      .getByRole('link', { name: 'PDF plan (5 kB)' })
      .waitFor();
    expect(await row.getByRole('button', { name: /prevention plan/ }).count()).toBe(0);
    await signOut(page);
    expect(page.problems.filter((p) => !/status of 4\d\d/.test(p))).toEqual([]);
    await page.close();
  });

  for (const lang of ['en', 'zh', 'ko'] as const) {
    it(`every staff page signed in, in ${lang}: no serious or critical axe violation, no missing key, nothing clipped, no CSP violation`, async () => {
      const page = await browser.page();
      await open(page, '/');
      await setAppLang(page, lang);
      await expect
        .poll(() => page.locator('html').getAttribute('lang'))
        .toBe(lang === 'zh' ? 'zh-Hans' : lang);
      const problems: string[] = [];
      for (const [route, role] of [
        ['/issuer', 'administrator'],
        ['/sponsor', 'sponsor'],
        ['/authority', 'authority'],
      ] as const) {
        await open(page, route);
        await page.locator('input[name="account"]').waitFor();
        await page.screenshot({
          path: path.join(SHOTS, `${route.slice(1)}-sign-in.${lang}.png`),
          fullPage: true,
        });
        problems.push(...(await checks(page, `${route} sign-in`)));
        await page.locator('input[name="account"]').fill(STAFF[role]);
        await page.locator('input[name="password"]').fill(STAFF_PASSWORD);
        await page.keyboard.press('Enter');
        await page.locator('.staff-bar').waitFor();
        await page.locator('main h2').first().waitFor();
        await page.locator('.staff-table, main p.muted').first().waitFor();
        await page.screenshot({
          path: path.join(SHOTS, `${route.slice(1)}-console.${lang}.png`),
          fullPage: true,
        });
        problems.push(...(await checks(page, route)));
        await page.locator('.staff-bar button').click();
        await page.locator('input[name="account"]').waitFor();
      }
      expect(problems).toEqual([]);
      expect(page.problems).toEqual([]);
      await setAppLang(page, 'en');
      await page.close();
    });
  }
});
