// Fonts of the printed certificate: each string is split into runs, every run set in a font
// that has its glyphs.
import { type CjkFamily, type FontWeight, loadFont } from './fonts.js';

/** The part of a fontkit font the printer asks: does it draw this character? */
interface GlyphCoverage {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

/**
 * The fonts registered in a document and which characters each has: the first family loaded
 * is the primary one, later ones fill in characters it lacks.
 */
export class Fonts {
  private readonly coverage = new Map<CjkFamily, GlyphCoverage | null>();
  private readonly order: CjkFamily[] = [];

  constructor(private readonly doc: PDFKit.PDFDocument) {}

  /** Loads and registers a family's regular and bold fonts. */
  async add(family: CjkFamily): Promise<void> {
    if (this.coverage.has(family)) return;
    const weights: FontWeight[] = ['regular', 'bold'];
    const files = await Promise.all(weights.map((weight) => loadFont(family, weight)));
    weights.forEach((weight, i) => {
      this.doc.registerFont(fontName(family, weight), files[i]);
    });
    this.doc.font(fontName(family, 'regular'));
    // PDFKit keeps the fontkit font of an embedded font as `font`; it is asked which
    // characters the file has. Without it every character counts as covered.
    const current = (this.doc as unknown as { _font?: { font?: GlyphCoverage } })._font?.font;
    this.coverage.set(
      family,
      current && typeof current.hasGlyphForCodePoint === 'function' ? current : null,
    );
    this.order.push(family);
  }

  /** Whether every character of `text` is in `family`. */
  covers(family: CjkFamily, text: string): boolean {
    for (const ch of text) if (!this.has(family, ch)) return false;
    return true;
  }

  private has(family: CjkFamily, ch: string): boolean {
    const cov = this.coverage.get(family);
    if (cov === undefined) return false;
    if (cov === null || /\s/.test(ch)) return true;
    return cov.hasGlyphForCodePoint(ch.codePointAt(0) ?? 0);
  }

  /** `text` as runs of one font each: the first family that has a character sets it. */
  runs(text: string): { family: CjkFamily; text: string }[] {
    const out: { family: CjkFamily; text: string }[] = [];
    const fallback = this.order[0] ?? 'sc';
    for (const ch of text) {
      const family = this.order.find((f) => this.has(f, ch)) ?? fallback;
      const last = out[out.length - 1];
      if (last && last.family === family) last.text += ch;
      else out.push({ family, text: ch });
    }
    return out;
  }
}

/** The name a family and weight are registered under in the PDF document. */
export function fontName(family: CjkFamily, weight: FontWeight): string {
  return `${family}-${weight}`;
}
