import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { cspViolations } from './browser.js';

// What every page test checks on a page as it is now: axe-core, clipped text, missing keys.

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's serious and critical violations on the page as it is now. */
export async function axeProblems(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's CSP (rightly) refuses an injected script tag.
  await page.evaluate(await readFile(AXE, 'utf8'));
  const result = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (o: unknown) => Promise<{
            violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
          }>;
        };
      }
    ).axe;
    return axe.run({
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      },
    });
  });
  // The heading outline counts whatever axe calls its impact (moderate): one h1, no level skipped.
  const outline = new Set(['heading-order', 'page-has-heading-one']);
  return [
    ...result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical' || outline.has(v.id))
      .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ...(await headingOutline(page)),
  ];
}

/**
 * The page's heading outline as problems: exactly one visible h1 (the page title, first), and
 * no level skipped going down (an h2 before any h3, and so on), as a screen reader's heading
 * list would show it.
 */
export function headingOutline(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const headings = Array.from(document.querySelectorAll<HTMLElement>('h1, h2, h3, h4, h5, h6'))
      .filter((h) => h.getClientRects().length > 0)
      .map((h) => ({
        level: Number(h.tagName[1]),
        text: (h.textContent ?? '').trim().slice(0, 40),
      }));
    const out: string[] = [];
    const ones = headings.filter((h) => h.level === 1).length;
    if (ones !== 1) out.push(`outline: ${ones} h1 elements, not one`);
    if (headings.length > 0 && headings[0]!.level !== 1)
      out.push(`outline: the first heading is h${headings[0]!.level} "${headings[0]!.text}"`);
    let previous = 1;
    for (const h of headings) {
      if (h.level > previous + 1)
        out.push(`outline: h${h.level} "${h.text}" follows an h${previous}`);
      previous = h.level;
    }
    return out;
  });
}

/** Elements whose text is cut off (content wider or taller than the box that hides overflow). */
export function clipped(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('main *, header *'))) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || el.closest('.visually-hidden') || el.closest('svg')) continue;
      // Visually hidden on purpose (React Aria's hidden native <select>, screen-reader text).
      const box = el.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1 || style.clipPath.startsWith('inset(50%')) continue;
      if (el.parentElement && el.parentElement.getBoundingClientRect().width <= 1) continue;
      const hides = style.overflowX !== 'visible' || style.overflowY !== 'visible';
      if (!hides || !el.textContent?.trim()) continue;
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
        out.push(
          `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent.trim().slice(0, 40)}`,
        );
    }
    return out;
  });
}

/** Message keys the page asked i18next for that no language has. */
export function missingKeys(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      (globalThis as unknown as { __corridorMissingKeys?: string[] }).__corridorMissingKeys ?? [],
  );
}

/**
 * Machine codes a reader sees as text: a lowercase kebab-case word (`suspend-new-passes`) or
 * an UPPER_SNAKE code outside `<code>` (where the page shows a code on purpose, beside its
 * words), in the visible text of `main`. In a Chinese or Korean page such a word is a code the
 * page forgot to translate (a missing key the key check cannot see: the text never went through
 * i18next). Not for English pages, where hyphenated words are ordinary. `skip`: a selector of
 * regions that show people's own identifiers (the signed-in account's name, `.staff-bar`).
 */
export function rawCodes(page: Page, skip?: string): Promise<string[]> {
  return page.evaluate((skip) => {
    const found: string[] = [];
    const root = document.querySelector('main') ?? document.body;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || el.closest('code, kbd, samp, pre, script, style, textarea')) continue;
      if (el.closest('[hidden], [aria-hidden="true"]')) continue;
      if (skip && el.closest(skip)) continue;
      const text = node.textContent ?? '';
      for (const m of text.matchAll(
        /(?<![\w-])[a-z]+(?:-[a-z]+)+(?![\w-])|\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g,
      ))
        found.push(`${m[0]} in "${text.trim().slice(0, 80)}"`);
    }
    return found;
  }, skip);
}

/** Everything a staff page must pass (axe, clipping, missing keys, CSP) as problems, labelled. */
export async function staffPageProblems(page: Page, label: string): Promise<string[]> {
  const problems: string[] = [];
  for (const v of await axeProblems(page)) problems.push(`${label}: ${v}`);
  for (const c of await clipped(page)) problems.push(`${label}: clipped ${c}`);
  for (const k of await missingKeys(page)) problems.push(`${label}: missing key ${k}`);
  for (const v of await cspViolations(page)) problems.push(`${label}: CSP ${v}`);
  return problems;
}

/** Opens an app path on a node and waits for the shell and the page's title. */
export async function openAppPage(page: Page, origin: string, route: string): Promise<void> {
  await page.goto(`${origin}/app${route}`);
  await page.locator('html[data-ready="shell"]').waitFor({ state: 'attached' });
  await page.locator('main h1').waitFor();
}

/** The language switch's buttons, by language. */
export const LANG_BUTTON = { en: 'English', zh: '中文', ko: '한국어' } as const;

/**
 * Switches the app's language with its switch and waits until the page shows it: the other
 * languages' messages load on demand, so text read right after the click may be the old one.
 */
export async function setAppLang(page: Page, lang: keyof typeof LANG_BUTTON): Promise<void> {
  await page.getByRole('radio', { name: LANG_BUTTON[lang] }).click();
  await expect
    .poll(() => page.locator('html').getAttribute('lang'))
    .toBe(lang === 'zh' ? 'zh-Hans' : lang);
  // `<html lang>` changes after i18next's switch; one frame later React has drawn it.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
}

/** Signs in on a staff page by keyboard: the account field, Tab, the password, Enter. */
export async function signInByKeyboard(
  page: Page,
  account: string,
  password: string,
): Promise<void> {
  await page.locator('input[name="account"]').focus();
  await page.keyboard.type(account);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await page.locator('.staff-bar').waitFor();
}
