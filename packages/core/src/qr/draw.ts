import { create } from 'qrcode/lib/core/qrcode.js';
import { encodeBilevelPng } from './png.js';

/** Light modules around the symbol on every side, as ISO/IEC 18004 requires. */
export const QUIET_ZONE = 4;

/** The QR alphanumeric character set, which is exactly the Base45 alphabet (RFC 9285). */
const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]*$/;

/** A QR symbol as a square of modules, without the quiet zone. */
export interface QrMatrix {
  /** Modules per side (21 for version 1, + 4 per version). */
  size: number;
  /** QR version, 1–40. */
  version: number;
  /** `size × size` entries, row-major; 1 is a dark module, 0 a light one. */
  modules: Uint8Array;
}

/**
 * Encodes `text` as a QR symbol with error-correction level Q (25 % recovery, what the EU DCC
 * specification asks for). A text that fits the alphanumeric set — every HC1 code, since Base45
 * is that set — is passed as one explicit alphanumeric segment (5.5 bits a character); any
 * other text is left to qrcode's segmentation (bytes for UTF-8).
 *
 * @throws Error when the text does not fit in a version-40 symbol (about 2400 HC1 characters).
 * @example
 * qrMatrix('HC1:NCF...').size // 57 for a typical vaccination certificate
 */
export function qrMatrix(text: string): QrMatrix {
  const data = ALPHANUMERIC.test(text) ? [{ mode: 'alphanumeric' as const, data: text }] : text;
  const symbol = create(data, { errorCorrectionLevel: 'Q' });
  const { size } = symbol.modules;
  const modules = new Uint8Array(size * size);
  const source = symbol.modules.data;
  for (let i = 0; i < modules.length; i++) modules[i] = source[i] ? 1 : 0;
  return { size, version: symbol.version, modules };
}

/** How `qrSvg` draws. */
export interface QrSvgOptions {
  /** Accessible name, used as `aria-label` and `<title>`. Default `"QR code"`. */
  label?: string;
  /** Rendered width and height in CSS pixels; without it the SVG scales to its container. */
  size?: number;
  /** Colour of dark modules. Default `#000`. */
  dark?: string;
  /** Colour of the background and quiet zone. Default `#fff`. */
  light?: string;
}

/**
 * Draws `text` as a compact SVG: one background rectangle and one path of horizontal runs of
 * dark modules, in a `viewBox` of modules with a 4-module quiet zone, `role="img"` and a label.
 *
 * @example
 * element.innerHTML = qrSvg(hc1, { label: 'Vaccination certificate QR code', size: 320 });
 */
export function qrSvg(text: string, options: QrSvgOptions = {}): string {
  const { size, modules } = qrMatrix(text);
  const label = escapeXml(options.label ?? 'QR code');
  const dark = escapeXml(options.dark ?? '#000');
  const light = escapeXml(options.light ?? '#fff');
  const full = size + 2 * QUIET_ZONE;
  let d = '';
  for (let y = 0; y < size; y++) {
    let x = 0;
    while (x < size) {
      if (!modules[y * size + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && modules[y * size + x]) x++;
      d += `M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${x - start}v1h-${x - start}z`;
    }
  }
  const dimensions =
    options.size === undefined ? '' : ` width="${options.size}" height="${options.size}"`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${full} ${full}"${dimensions}` +
    ` role="img" aria-label="${label}" shape-rendering="crispEdges">` +
    `<title>${label}</title>` +
    `<rect width="${full}" height="${full}" fill="${light}"/>` +
    `<path fill="${dark}" d="${d}"/></svg>`
  );
}

/** How `qrPng` draws. */
export interface QrPngOptions {
  /** Pixels per module, an integer from 1 to 64. Default 8. */
  scale?: number;
}

/**
 * Draws `text` as a 1-bit greyscale PNG with a 4-module quiet zone. Isomorphic: the PNG is
 * written by Corridor's own encoder (fflate for deflate), not by qrcode's Node-only renderer.
 *
 * @throws RangeError when `scale` is not an integer from 1 to 64.
 * @example
 * await writeFile('code.png', qrPng(hc1, { scale: 6 }));
 */
export function qrPng(text: string, options: QrPngOptions = {}): Uint8Array {
  const scale = options.scale ?? 8;
  if (!Number.isInteger(scale) || scale < 1 || scale > 64) {
    throw new RangeError(`qrPng scale must be an integer from 1 to 64, not ${scale}`);
  }
  const { size, modules } = qrMatrix(text);
  const side = (size + 2 * QUIET_ZONE) * scale;
  const black = new Uint8Array(side * side);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!modules[y * size + x]) continue;
      const left = (x + QUIET_ZONE) * scale;
      for (let dy = 0; dy < scale; dy++) {
        const row = ((y + QUIET_ZONE) * scale + dy) * side;
        black.fill(1, row + left, row + left + scale);
      }
    }
  }
  return encodeBilevelPng(side, side, black);
}

function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}
