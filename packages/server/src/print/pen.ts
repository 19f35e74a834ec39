// Setting text on the page: measuring, drawing and wrapping lines in mixed scripts.
// Coordinates: PDFKit's, origin top left, y down; text `y` is the baseline.

import { type Fonts, fontName } from './font-runs.js';
import type { FontWeight } from './fonts.js';

/** The page's colours. */
export const COLORS = {
  text: '#111111',
  muted: '#5b6270',
  rule: '#c9ced6',
  accent: '#1d3f8f',
  noteBg: '#eef2f9',
} as const;

/** How a line of text is set: size in points, weight, colour. */
export interface Style {
  size: number;
  weight?: FontWeight;
  color?: string;
}

/**
 * Sets text in mixed scripts: every line is drawn run by run in the font that has the
 * characters, so Chinese, Korean and Latin can share a line.
 */
export class Pen {
  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly fonts: Fonts,
  ) {}

  width(text: string, style: Style): number {
    let w = 0;
    for (const run of this.fonts.runs(text)) {
      this.doc.font(fontName(run.family, style.weight ?? 'regular')).fontSize(style.size);
      w += this.doc.widthOfString(run.text);
    }
    return w;
  }

  /** Draws one line at baseline `y`; returns its width. */
  line(text: string, x: number, y: number, style: Style): number {
    let cx = x;
    this.doc.fillColor(style.color ?? COLORS.text);
    for (const run of this.fonts.runs(text)) {
      this.doc.font(fontName(run.family, style.weight ?? 'regular')).fontSize(style.size);
      this.doc.text(run.text, cx, y, { lineBreak: false, baseline: 'alphabetic' });
      cx += this.doc.widthOfString(run.text);
    }
    return cx - x;
  }

  /** Splits `text` into lines no wider than `max`: at spaces, or between CJK characters. */
  wrap(text: string, max: number, style: Style): string[] {
    const tokens =
      text.match(
        /\s+|[\p{Script=Han}\u3000-\u303f\uff00-\uffef]|[^\s\p{Script=Han}\u3000-\u303f\uff00-\uffef]+/gu,
      ) ?? [];
    const lines: string[] = [];
    let current = '';
    const push = () => {
      if (current.trim() !== '') lines.push(current.trim());
      current = '';
    };
    for (const token of tokens) {
      const candidate = current + token;
      if (this.width(candidate.trimEnd(), style) <= max) {
        current = candidate;
        continue;
      }
      if (/^\s+$/.test(token)) {
        push();
        continue;
      }
      push();
      if (this.width(token, style) <= max) {
        current = token;
        continue;
      }
      // A token wider than the column (a UCI, a long URL): break between characters.
      for (const ch of token) {
        if (this.width(current + ch, style) > max && current !== '') push();
        current += ch;
      }
    }
    push();
    return lines.length > 0 ? lines : [''];
  }

  /** Draws wrapped lines from baseline `y`; returns the baseline after the last line. */
  paragraph(text: string, x: number, y: number, max: number, style: Style, leading: number) {
    let baseline = y;
    for (const line of this.wrap(text, max, style)) {
      this.line(line, x, baseline, style);
      baseline += leading;
    }
    return baseline;
  }
}
