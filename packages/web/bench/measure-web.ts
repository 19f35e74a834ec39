import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeBase45 } from '@corridor/core/base45';
import { decodeCbor } from '@corridor/core/cbor';
import { readCoseSign1, sigStructure } from '@corridor/core/cose';
import { toBase64 } from '@corridor/core/lib';
import { readDsc } from '@corridor/core/x509';
import { inflateCapped } from '@corridor/core/zlib';
import { launchBrowser } from '../test-support/browser-launch.js';
import { ensureWebBuild } from '../test-support/build.js';
import { createCorridorFixture } from '../test-support/corridor-fixture.js';
import { makeFakeCameraVideo } from '../test-support/fake-camera.js';
import { SCANNER_JS_BUDGET, scannerJs } from '../test-support/scanner-budget.js';
import { startTestServer } from '../test-support/test-server.js';

/** The web app's figures, as `corridor bench web` will print them. Times in milliseconds. */
export interface WebFigures {
  /** Median time from capturing the camera frame that held the code to the decision on screen. */
  frameToDecisionMedianMs: number;
  frameToDecisionSamples: number;
  /** Median of the page's own `verify()` (bundle trust, every check) over the same code. */
  verifyInPageMedianMs: number;
  /** Median of one bare `crypto.subtle.verify` of the same code's signature, in the same page. */
  bareSignatureMedianMs: number;
  /** verifyInPage / bareSignature, of the medians. */
  verifyToBareRatio: number;
  /**
   * The same ratio of the means. Chromium rounds `performance.now()` to 0.1 ms on a page that
   * is not cross-origin isolated, so sub-millisecond medians are coarse; the means are steadier.
   */
  verifyToBareMeanRatio: number;
  verifyInPageMeanMs: number;
  bareSignatureMeanMs: number;
  /**
   * The scanner page's JavaScript, gzip -9, without the wasm, counted by `scannerJs()` (the
   * function the budget test uses): the app entry and scanner page with their static imports,
   * the lane checkpoint chunk and the QR worker.
   */
  scannerJsGzipBytes: number;
  scannerJsFiles: string[];
  /** The budget the test enforces on the same figure (bytes, gzip -9). */
  scannerJsBudgetBytes: number;
  /**
   * Scripts the page really fetched for a camera scan that `scannerJs()` does not count: must
   * be empty, or the budget misses something the scanner loads.
   */
  scannerJsUncounted: string[];
  /** Navigation to shell ready (`corridor:shell-ready`), first visit and with the service worker. */
  shellReadyColdMs: number;
  shellReadyWarmMedianMs: number;
  shellReadyWarmSamples: number;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The signed bytes, signature and DSC key of an HC1 code, for a bare WebCrypto check. */
function signedParts(hc1: string, dsc: Uint8Array) {
  const compressed = decodeBase45(hc1.slice(4));
  if (!compressed.ok) throw new Error('bench code is not Base45');
  const cose = inflateCapped(compressed.value, 1 << 20);
  if (!cose.ok) throw new Error('bench code does not inflate');
  const value = decodeCbor(cose.value);
  if (!value.ok) throw new Error('bench code is not CBOR');
  const sign1 = readCoseSign1(value.value);
  if (!sign1.ok) throw new Error('bench code is not COSE_Sign1');
  return {
    data: toBase64(sigStructure(sign1.value.protectedBytes, sign1.value.payload)),
    signature: toBase64(sign1.value.signature),
    spki: toBase64(readDsc(dsc).spki),
  };
}

/**
 * Measures the web app in Debian's Chromium on loopback: frame-to-decision with the fake camera,
 * verification in the page against bare WebCrypto signature checks of the same code, the
 * scanner page's JavaScript size, and the app shell's ready time. Not a test: it asserts
 * nothing; it returns figures for `corridor bench web` and the README.
 */
export async function measureWeb(
  options: { rounds?: number; warm?: number } = {},
): Promise<WebFigures> {
  const rounds = options.rounds ?? 30;
  const warmRounds = options.warm ?? 10;
  const dist = await ensureWebBuild();
  const dir = await mkdtemp(path.join(tmpdir(), 'corridor-web-bench-'));
  const start = new Date(Date.now() - 2 * 3600_000);
  const fixture = await createCorridorFixture(start);
  const code = await fixture.issue('CN', 'vaccination', new Date(start.getTime() + 600_000));
  const camera = await makeFakeCameraVideo(code, dir);
  const server = await startTestServer({
    dist,
    bundle: await fixture.bundle({
      version: 1,
      issuedAt: new Date(start.getTime() + 3600_000),
      expiresAt: new Date(start.getTime() + 50 * 3600_000),
    }),
    version: 1,
    config: { anchors: [fixture.anchorPem], country: 'KR' },
  });
  const browser = await launchBrowser({ fakeVideo: camera.video });
  try {
    // ---- scanner page JavaScript, first visit ----
    const page = await browser.page();
    const scripts = new Set<string>();
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (
        url.pathname.endsWith('.js') &&
        url.pathname.startsWith('/app/') &&
        !url.pathname.endsWith('/sw.js') &&
        !url.pathname.includes('/workbox-')
      )
        scripts.add(url.pathname.slice('/app/'.length));
    });
    await page.goto(`${server.origin}/app/border/scan`);
    await page.locator('html[data-ready="shell"]').waitFor({ state: 'attached' });
    const shellReadyColdMs = await page.evaluate(
      () => performance.getEntriesByName('corridor:shell-ready')[0]?.startTime ?? Number.NaN,
    );
    await page.locator('html[data-trust="bundle"]').waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Start the camera' }).click();
    await page.locator('.decision').waitFor();
    const counted = scannerJs(dist);
    const countedFiles = new Set(counted.files.map((f) => f.file));

    // ---- frame to decision ----
    for (let i = 1; i < rounds; i++) {
      await page.getByRole('button', { name: 'Next traveller' }).click();
      await page.locator('.decision').waitFor();
    }
    const frameToDecision = await page.evaluate(() =>
      performance.getEntriesByName('corridor:frame-to-decision').map((e) => e.duration),
    );
    await page.getByRole('button', { name: 'Stop the camera' }).click();

    // ---- verification in the page vs bare WebCrypto ----
    await page.evaluate(() => performance.clearMeasures('corridor:verify'));
    for (let i = 0; i < rounds; i++) {
      await page
        .getByRole('button', { name: 'Next traveller' })
        .click()
        .catch(() => {});
      await page.getByTestId('wedge').fill(code);
      await page.keyboard.press('Enter');
      await page.locator('.decision').waitFor();
    }
    const verifyInPage = await page.evaluate(() =>
      performance.getEntriesByName('corridor:verify').map((e) => e.duration),
    );
    const parts = signedParts(code, fixture.dsc('CN'));
    // Written as text: a bundler's helpers (tsx adds `__name`) must not leak into the page.
    const bare = (await page.evaluate(`(async ({ data, signature, spki, rounds }) => {
      const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const key = await crypto.subtle.importKey('spki', bytes(spki), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
      const d = bytes(data);
      const s = bytes(signature);
      const times = [];
      for (let i = 0; i < rounds; i++) {
        const t = performance.now();
        const ok = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, s, d);
        times.push(performance.now() - t);
        if (!ok) throw new Error('bare signature check failed');
      }
      return times;
    })(${JSON.stringify({ ...parts, rounds })})`)) as number[];
    await page.close();

    // ---- shell ready with the service worker ----
    const warm: number[] = [];
    for (let i = 0; i < warmRounds; i++) {
      const p = await browser.page();
      await p.goto(`${server.origin}/app/`);
      await p.locator('html[data-ready="shell"]').waitFor({ state: 'attached' });
      warm.push(
        await p.evaluate(
          () => performance.getEntriesByName('corridor:shell-ready')[0]?.startTime ?? Number.NaN,
        ),
      );
      await p.close();
    }
    const verifyMedian = median(verifyInPage);
    const bareMedian = median(bare);
    return {
      frameToDecisionMedianMs: median(frameToDecision),
      frameToDecisionSamples: frameToDecision.length,
      verifyInPageMedianMs: verifyMedian,
      bareSignatureMedianMs: bareMedian,
      verifyToBareRatio: verifyMedian / bareMedian,
      verifyInPageMeanMs: mean(verifyInPage),
      bareSignatureMeanMs: mean(bare),
      verifyToBareMeanRatio: mean(verifyInPage) / mean(bare),
      scannerJsGzipBytes: counted.total,
      scannerJsFiles: [...countedFiles].sort(),
      scannerJsBudgetBytes: SCANNER_JS_BUDGET,
      scannerJsUncounted: [...scripts].filter((f) => !countedFiles.has(f)).sort(),
      shellReadyColdMs,
      shellReadyWarmMedianMs: median(warm),
      shellReadyWarmSamples: warm.length,
    };
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
