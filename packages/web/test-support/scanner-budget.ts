import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** The scanner page's JavaScript budget, gzip -9, without the zxing wasm (issue 15). */
export const SCANNER_JS_BUDGET = 250_000;

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

/** What the scanner route loads, file by file, with its gzip -9 size. */
export interface ScannerJs {
  files: { file: string; gzip: number; why: string }[];
  total: number;
}

/**
 * Counts, from a Vite build's manifest, the JavaScript the scanner route (`/app/border/scan`)
 * needs to decide an HC1 code in every mode: the app entry and its static imports, the scanner
 * page chunk and its static imports, the lane checkpoint code it loads on demand
 * (`@corridor/core/lanes`), the larger of the Chinese and Korean message chunks (a page loads
 * the one it shows; English is in the entry), and the QR worker. The zxing wasm is not counted; the format chunks
 * `verify()` loads only for SHC, NZCP, VDS-NC or DIVOC codes are listed in `other`.
 */
export function scannerJs(dist: string): ScannerJs & { other: { file: string; gzip: number }[] } {
  const manifest = JSON.parse(
    readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8'),
  ) as Record<string, ManifestChunk>;
  const gz = (file: string) => gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;
  const seen = new Map<string, string>();
  const walk = (key: string, why: string) => {
    const chunk = manifest[key];
    if (!chunk) throw new Error(`no chunk ${key} in the manifest`);
    if (seen.has(chunk.file)) return;
    seen.set(chunk.file, why);
    for (const next of chunk.imports ?? []) walk(next, why);
  };
  const key = (pred: (k: string, c: ManifestChunk) => boolean, what: string) => {
    const found = Object.entries(manifest).find(([k, c]) => pred(k, c));
    if (!found) throw new Error(`the build has no ${what}`);
    return found[0];
  };
  walk(
    key((k, c) => c.isEntry === true && k === 'index.html', 'entry'),
    'app entry',
  );
  const page = key((k) => k.endsWith('src/roles/border/ScannerPage.tsx'), 'scanner page');
  walk(page, 'scanner page');
  walk(
    key((k) => /core\/src\/lanes\/index\.ts$/.test(k), 'lane chunk'),
    'lane checkpoint',
  );
  // The messages of one language besides English (bundled in the entry): Chinese and Korean
  // are chunks loaded when chosen, and a page shows one language, so the larger one is counted.
  const languages = ['zh', 'ko'].map((lang) => {
    const k = key((name) => name.endsWith(`src/shared/i18n/${lang}.json`), `${lang} messages`);
    return manifest[k]!.file;
  });
  const largest = languages.sort((a, b) => gz(b) - gz(a))[0]!;
  if (!seen.has(largest)) seen.set(largest, 'messages (largest language)');
  const assets = readdirSync(path.join(dist, 'assets'));
  for (const worker of assets.filter((f) => /^qr-worker-.*\.js$/.test(f)))
    seen.set(`assets/${worker}`, 'QR worker');
  const files = [...seen].map(([file, why]) => ({ file, gzip: gz(file), why }));
  const other = assets
    .filter((f) => f.endsWith('.js') && !seen.has(`assets/${f}`))
    .map((f) => ({ file: `assets/${f}`, gzip: gz(`assets/${f}`) }));
  return { files, total: files.reduce((n, f) => n + f.gzip, 0), other };
}
