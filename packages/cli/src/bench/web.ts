import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository's web package, found from this file (`packages/cli/{src,dist}/bench`). */
const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web');
const RUN = path.join(WEB_DIR, 'bench', 'run.ts');

/** What `packages/web/bench/measure-web.ts` measures, in milliseconds and bytes. */
export interface WebFigures {
  frameToDecisionMedianMs: number;
  frameToDecisionSamples: number;
  verifyInPageMedianMs: number;
  bareSignatureMedianMs: number;
  verifyToBareRatio: number;
  verifyToBareMeanRatio: number;
  verifyInPageMeanMs: number;
  bareSignatureMeanMs: number;
  scannerJsGzipBytes: number;
  scannerJsFiles: string[];
  /** The budget test's limit on the same figure (bytes). */
  scannerJsBudgetBytes: number;
  /** Scripts the page fetched that the count left out (should be none). */
  scannerJsUncounted: string[];
  shellReadyColdMs: number;
  shellReadyWarmMedianMs: number;
  shellReadyWarmSamples: number;
}

/** `corridor bench web`: the figures, the rounds, the issue's targets and the machine's load. */
export interface WebBench extends WebFigures {
  rounds: number;
  targets: {
    frameToDecisionMedianMs: number;
    scannerJsGzipBytes: number;
    shellReadyMs: number;
  };
  machine: { cpus: number; loadBefore: number[]; loadAfter: number[] };
}

/** Thrown when the web app's benchmark cannot run here (no web package, no tsx). */
export class WebBenchUnavailable extends Error {}

/**
 * Measures the web app in Debian's Chromium through Playwright, on loopback, by running
 * `packages/web/bench/run.ts` (TypeScript, with the web package's test harness: the Vite build,
 * the fake camera made with ffmpeg, a test server) under tsx in a child process: the scanner's
 * frame-to-decision median for a vector QR, `verify()` in the page against a bare WebCrypto
 * check of the same code's signature (a ratio), the scanner page's JavaScript gzipped without
 * the wasm, and the app shell's ready time after navigation. Needs a checkout with its
 * development dependencies (`npm install`), Chromium (`CORRIDOR_CHROMIUM`) and ffmpeg.
 * `quick` runs 5 rounds and 3 warm loads instead of 30 and 10: for a smoke test, not figures.
 */
export async function benchWeb(
  options: { quick?: boolean; rounds?: number; onProgress?: (line: string) => void } = {},
): Promise<WebBench> {
  if (!existsSync(RUN))
    throw new WebBenchUnavailable(
      `${RUN} is missing: corridor bench web runs from a checkout of the repository`,
    );
  let tsx: string;
  try {
    tsx = pathToFileURL(createRequire(RUN).resolve('tsx')).href;
  } catch {
    throw new WebBenchUnavailable(
      'tsx is not installed: run npm install in the repository (development dependencies)',
    );
  }
  const rounds = options.rounds ?? (options.quick ? 5 : 30);
  const warm = options.quick ? 3 : 10;
  const dir = await mkdtemp(path.join(tmpdir(), 'corridor-bench-web-'));
  const out = path.join(dir, 'figures.json');
  const loadBefore = loadavg();
  try {
    options.onProgress?.(
      `measuring the web app in Chromium: ${rounds} frames and verifications, ${warm} warm loads (builds the app first if its sources changed)...`,
    );
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          '--conditions=source',
          '--import',
          tsx,
          RUN,
          '--rounds',
          String(rounds),
          '--warm',
          String(warm),
          '--out',
          out,
        ],
        // The build's and the browser's lines go to standard error: standard output is ours.
        { cwd: WEB_DIR, stdio: ['ignore', 2, 2] },
      );
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (code !== 0) throw new Error(`the web benchmark failed (exit ${code}); see above`);
    const figures = JSON.parse(await readFile(out, 'utf8')) as WebFigures;
    return {
      ...figures,
      rounds,
      targets: {
        frameToDecisionMedianMs: 150,
        scannerJsGzipBytes: figures.scannerJsBudgetBytes,
        shellReadyMs: 2000,
      },
      machine: { cpus: availableParallelism(), loadBefore, loadAfter: loadavg() },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 0)} ms`;

/** The figures as a table in words, as `corridor bench web` prints them without `--json`. */
export function webTable(r: WebBench): string {
  const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
  const rows: [string, string][] = [
    [
      'Scanner frame to decision, median',
      `${ms(r.frameToDecisionMedianMs)} (${r.frameToDecisionSamples} frames; target <= ${r.targets.frameToDecisionMedianMs} ms)`,
    ],
    [
      'verify() in the page, median / mean',
      `${ms(r.verifyInPageMedianMs)} / ${ms(r.verifyInPageMeanMs)}`,
    ],
    [
      'Bare WebCrypto signature check',
      `${ms(r.bareSignatureMedianMs)} / ${ms(r.bareSignatureMeanMs)} (same code, same page)`,
    ],
    [
      'Ratio, medians / means',
      `${r.verifyToBareRatio.toFixed(2)}x / ${r.verifyToBareMeanRatio.toFixed(2)}x`,
    ],
    [
      'Scanner page JavaScript, gzip -9',
      `${r.scannerJsGzipBytes.toLocaleString('en')} bytes in ${r.scannerJsFiles.length} files, without the wasm (budget <= ${r.targets.scannerJsGzipBytes.toLocaleString('en')} bytes)${r.scannerJsUncounted.length ? `; loaded but not counted: ${r.scannerJsUncounted.join(', ')}` : ''}`,
    ],
    [
      'App shell ready, first visit',
      `${ms(r.shellReadyColdMs)} (target <= ${r.targets.shellReadyMs} ms)`,
    ],
    [
      'App shell ready, service worker',
      `${ms(r.shellReadyWarmMedianMs)} median of ${r.shellReadyWarmSamples} loads`,
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return `Web app in Chromium on loopback (${r.rounds} rounds; ${r.machine.cpus} CPUs, load average ${load(r.machine.loadBefore)} before, ${load(r.machine.loadAfter)} after):\n${rows
    .map(([k, v]) => `  ${k.padEnd(width)}  ${v}\n`)
    .join(
      '',
    )}  (Chromium rounds performance.now() to 0.1 ms on this page: sub-millisecond medians are coarse, the means steadier.)\n`;
}
