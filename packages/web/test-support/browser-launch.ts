// Launching Debian's Chromium for the web tests and `corridor bench web` (no Vitest here: the
// benchmark runs outside it).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium; `CORRIDOR_CHROMIUM` points elsewhere. */
export const CHROMIUM = process.env.CORRIDOR_CHROMIUM ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);

/** Whether ffmpeg (for the fake camera) is installed. */
export const haveFfmpeg = (() => {
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Says loudly why browser suites are skipped (and CI fails instead: see `requireBrowser`). */
export function warnIfMissing(suite: string): void {
  if (!haveChromium && !process.env.CI)
    console.warn(
      `\n!!! ${CHROMIUM} not found: ${suite} is SKIPPED. Install Debian's Chromium: apt-get install chromium\n`,
    );
  if (!haveFfmpeg && !process.env.CI)
    console.warn(
      `\n!!! ffmpeg not found: the fake-camera tests of ${suite} are SKIPPED. apt-get install ffmpeg\n`,
    );
}

/** A Chromium with a fresh profile folder, removed on close. */
export interface TestBrowser {
  context: BrowserContext;
  /** A new page that records page errors, console errors and CSP violations. */
  page(): Promise<Page & { problems: string[] }>;
  close(): Promise<void>;
}

/**
 * Launches Debian's Chromium headless through playwright-core with a fresh `--user-data-dir`,
 * no background networking, and (with `fakeVideo`) a fake camera playing a `.y4m` file, with
 * the permission prompt answered yes.
 */
export async function launchBrowser(
  options: { fakeVideo?: string; locale?: string } = {},
): Promise<TestBrowser> {
  const profile = await mkdtemp(path.join(tmpdir(), 'corridor-web-profile-'));
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
    '--disable-quic',
  ];
  if (options.fakeVideo) {
    args.push(
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${options.fakeVideo}`,
    );
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args,
    locale: options.locale ?? 'en-US',
    viewport: { width: 1024, height: 900 },
    timeout: 30_000,
    serviceWorkers: 'allow',
  });
  context.setDefaultTimeout(20_000);
  await context.addInitScript(() => {
    const w = window as unknown as { __cspViolations?: string[] };
    w.__cspViolations = [];
    addEventListener('securitypolicyviolation', (e) => {
      w.__cspViolations!.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return {
    context,
    async page() {
      const page = (await context.newPage()) as Page & { problems: string[] };
      page.problems = [];
      page.on('pageerror', (error) => page.problems.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') page.problems.push(`console: ${message.text()}`);
      });
      return page;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** The CSP violations a page recorded. */
export function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(
    () => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [],
  );
}
