import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The CJK font families a certificate is printed in. Both cover Latin as well. */
export type CjkFamily = 'sc' | 'kr';

/** Weights the printer uses. */
export type FontWeight = 'regular' | 'bold';

/**
 * Noto Sans OpenType (CFF) fonts shipped by npm packages, so `npm ci` alone brings them:
 * `@embedpdf/fonts-sc` (Noto Sans Hans, Simplified Chinese, GB 2312 and more, plus Latin) and
 * `@embedpdf/fonts-kr` (Noto Sans KR: all Hangul syllables, KS X 1001 Hanja, plus Latin).
 * Both are SIL OFL 1.1.
 */
const FONT_FILES: Readonly<Record<CjkFamily, { pkg: string; files: Record<FontWeight, string> }>> =
  {
    sc: {
      pkg: '@embedpdf/fonts-sc',
      files: { regular: 'NotoSansHans-Regular.otf', bold: 'NotoSansHans-Bold.otf' },
    },
    kr: {
      pkg: '@embedpdf/fonts-kr',
      files: { regular: 'NotoSansKR-Regular.otf', bold: 'NotoSansKR-Bold.otf' },
    },
  };

/**
 * Absolute path of a font file inside its installed package. The packages export only their
 * JavaScript entry, so the path is found next to it: `<package>/dist/index.cjs` →
 * `<package>/fonts/<file>`.
 *
 * @throws Error when the font package is not installed (a deployment error).
 */
export function fontPath(family: CjkFamily, weight: FontWeight): string {
  const { pkg, files } = FONT_FILES[family];
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch (error) {
    throw new Error(`font package ${pkg} is not installed; run npm ci`, { cause: error });
  }
  return join(dirname(entry), '..', 'fonts', files[weight]);
}

const cache = new Map<string, Promise<Buffer>>();

/**
 * The bytes of a font file, read once per process (each file is 4–9 MB; only the glyphs a
 * document uses are embedded in it). A failed read is not cached.
 */
export function loadFont(family: CjkFamily, weight: FontWeight): Promise<Buffer> {
  const path = fontPath(family, weight);
  let bytes = cache.get(path);
  if (!bytes) {
    bytes = readFile(path).catch((error: unknown) => {
      cache.delete(path);
      throw error;
    });
    cache.set(path, bytes);
  }
  return bytes;
}
