import { type CertificateType, certificateType } from '@corridor/core/dcc/certificate-type';
import { displayName } from '@corridor/core/dcc/display-name';
import type { EuValueSet } from '@corridor/core/dcc/valuesets';
import { QUIET_ZONE, qrMatrix } from '@corridor/core/qr/draw';
import PDFDocument from 'pdfkit';
import { type CjkFamily, type FontWeight, loadFont } from './fonts.js';
import { type PrintLabel, type PrintLang, printLabels } from './labels.js';

/** Paper sizes in PDF points (1/72 inch). */
export const PAPER_SIZES = {
  A4: [595.28, 841.89],
  Letter: [612, 792],
} as const;

/** Side of the printed QR code, quiet zone included: 56 mm. */
export const QR_SIDE_PT = (56 / 25.4) * 72;

/** The EU DCC payload fields the printer reads (schema 1.3); other fields are ignored. */
export interface PrintableDcc {
  ver?: string;
  nam: { fn?: string; fnt: string; gn?: string; gnt?: string };
  dob: string;
  v?: ReadonlyArray<Record<string, unknown>>;
  t?: ReadonlyArray<Record<string, unknown>>;
  r?: ReadonlyArray<Record<string, unknown>>;
}

/** What `renderCertificatePdf` prints. */
export interface CertificatePdfInput {
  /** The issued `HC1:` text; drawn as the QR code exactly as given. */
  hc1: string;
  /** The EU DCC payload inside `hc1`. */
  dcc: PrintableDcc;
  /** The issuing country (ISO 3166-1 alpha-2) and the authority's name as printed. */
  issuer: { country: 'CN' | 'KR' | string; authority: string };
  /** CWT `iat` of the certificate. */
  issuedAt: Date;
  /** CWT `exp` of the certificate. */
  expiresAt: Date;
  paper: 'A4' | 'Letter';
  /**
   * Languages of the labels: English plus one more. Default: English plus the issuing country's
   * language (Chinese for CN, Korean for KR); English only for other countries.
   */
  languages?: readonly ['en', 'zh' | 'ko'];
  /** Value sets for codes the built-in names lack (test devices); optional. */
  valueSets?: readonly EuValueSet[];
}

/** The part of a fontkit font the printer asks: does it draw this character? */
interface GlyphCoverage {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

const COLORS = {
  text: '#111111',
  muted: '#5b6270',
  rule: '#c9ced6',
  accent: '#1d3f8f',
  noteBg: '#eef2f9',
} as const;

const MARGIN = 42;

/**
 * Renders an issued health certificate as a one-page PDF: the HC1 QR code drawn as vector
 * rectangles (error-correction level Q, 56 mm with its quiet zone), the holder's name as printed
 * and transliterated, date of birth, the vaccination, test or recovery details with value-set
 * display names, issuer, UCI, dates of issue and expiry, and a note that verifiers check the QR
 * code. Labels are in English plus the issuing country's language (`printLabels`). Text is set
 * in Noto Sans CJK fonts from npm (Simplified Chinese or Korean, the other as per-character
 * fallback), embedded as subsets.
 *
 * @throws TypeError when `dcc` holds no single vaccination, test or recovery entry (the node
 * prints only what it issued, so this is a programming error).
 * @example
 * const pdf = await renderCertificatePdf({ hc1, dcc, issuer: { country: 'CN', authority },
 *   issuedAt, expiresAt, paper: 'A4' });
 */
export async function renderCertificatePdf(input: CertificatePdfInput): Promise<Uint8Array> {
  const type = certificateType(input.dcc);
  if (type === undefined) {
    throw new TypeError('renderCertificatePdf: dcc must hold exactly one of v, t or r');
  }
  const local = input.languages?.[1] ?? defaultLocal(input.issuer.country);
  const primary: CjkFamily = local === 'ko' ? 'kr' : 'sc';
  const secondary: CjkFamily = primary === 'kr' ? 'sc' : 'kr';
  const [width, height] = PAPER_SIZES[input.paper];

  const doc = new PDFDocument({
    size: [width, height],
    margin: 0,
    autoFirstPage: false,
    lang: local === 'zh' ? 'zh-CN' : local === 'ko' ? 'ko-KR' : 'en',
    info: {
      Title: `${printLabels.title.en} – ${printLabels[type].en}`,
      Author: input.issuer.authority,
      Creator: 'Corridor',
      Producer: 'Corridor (PDFKit)',
      CreationDate: input.issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  const content = contentOf(input, type, local);
  const fonts = new Fonts(doc);
  await fonts.add(primary);
  if (content.strings.some((s) => !fonts.covers(primary, s))) await fonts.add(secondary);

  doc.addPage({ size: [width, height], margin: 0 });
  layout(doc, fonts, content, input.hc1, width, height, local);
  doc.end();
  await ended;
  const bytes = Buffer.concat(chunks);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function defaultLocal(country: string): 'zh' | 'ko' | undefined {
  if (country === 'CN') return 'zh';
  if (country === 'KR') return 'ko';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Content: every string on the page, decided before drawing (so fonts can be picked first).

/** A table row: a label and value lines (first line in English, then the local language). */
interface Row {
  label: PrintLabel;
  value: string[];
  mono?: boolean;
}

interface Content {
  type: CertificateType;
  title: string[];
  typeLine: string[];
  name: string;
  nameTransliterated: string;
  holder: Row[];
  details: Row[];
  note: string[];
  scan: string;
  labels: PrintLabel[];
  /** Every string the page shows, for font coverage. */
  strings: string[];
}

function contentOf(input: CertificatePdfInput, type: CertificateType, local?: PrintLang): Content {
  const langs: PrintLang[] = local ? ['en', local] : ['en'];
  const both = (label: PrintLabel): string[] => uniq(langs.map((lang) => label[lang]));
  const coded = (valueSetId: string, code: unknown): string[] => {
    if (typeof code !== 'string' || code === '') return ['—'];
    return uniq(langs.map((lang) => displayName(valueSetId, code, lang, input.valueSets)));
  };
  const country = (code: unknown): string[] => {
    const names = coded('country-2-codes', code);
    if (typeof code === 'string' && names[0] !== code) names[0] = `${names[0]} (${code})`;
    return names;
  };
  const text = (value: unknown): string[] => [
    typeof value === 'string' && value !== ''
      ? value
      : typeof value === 'number'
        ? `${value}`
        : '—',
  ];

  const { nam } = input.dcc;
  const name = joinName(nam.fn, nam.gn) || joinName(nam.fnt, nam.gnt);
  const nameTransliterated = [nam.fnt, nam.gnt].filter((s) => s).join(', ');
  const L = printLabels;

  const holder: Row[] = [
    { label: L.dateOfBirth, value: text(input.dcc.dob) },
    { label: L.issuedBy, value: [input.issuer.authority, ...country(input.issuer.country)] },
    { label: L.issuedAt, value: [formatInstant(input.issuedAt)] },
    { label: L.expiresAt, value: [formatInstant(input.expiresAt)] },
  ];

  let details: Row[];
  if (type === 'vaccination') {
    const v = input.dcc.v?.[0] ?? {};
    details = [
      { label: L.disease, value: coded('disease-agent-targeted', v.tg) },
      { label: L.vaccine, value: coded('sct-vaccines-covid-19', v.vp) },
      { label: L.vaccineProduct, value: coded('vaccines-covid-19-names', v.mp) },
      { label: L.vaccineManufacturer, value: coded('vaccines-covid-19-auth-holders', v.ma) },
      { label: L.doses, value: [`${text(v.dn)[0]} / ${text(v.sd)[0]}`] },
      { label: L.vaccinationDate, value: text(v.dt) },
      { label: L.country, value: country(v.co) },
      { label: L.certificateIssuer, value: text(v.is) },
      { label: L.uci, value: text(v.ci), mono: true },
    ];
  } else if (type === 'test') {
    const t = input.dcc.t?.[0] ?? {};
    details = [
      { label: L.disease, value: coded('disease-agent-targeted', t.tg) },
      { label: L.testType, value: coded('covid-19-lab-test-type', t.tt) },
      ...(t.nm ? [{ label: L.testName, value: text(t.nm) }] : []),
      ...(t.ma
        ? [{ label: L.testDevice, value: coded('covid-19-lab-test-manufacturer-and-name', t.ma) }]
        : []),
      { label: L.sampleCollected, value: [formatDateTime(t.sc)] },
      { label: L.testResult, value: coded('covid-19-lab-result', t.tr) },
      ...(t.tc ? [{ label: L.testingCentre, value: text(t.tc) }] : []),
      { label: L.country, value: country(t.co) },
      { label: L.certificateIssuer, value: text(t.is) },
      { label: L.uci, value: text(t.ci), mono: true },
    ];
  } else {
    const r = input.dcc.r?.[0] ?? {};
    details = [
      { label: L.disease, value: coded('disease-agent-targeted', r.tg) },
      { label: L.firstPositive, value: text(r.fr) },
      { label: L.country, value: country(r.co) },
      { label: L.certificateIssuer, value: text(r.is) },
      { label: L.validFrom, value: text(r.df) },
      { label: L.validUntil, value: text(r.du) },
      { label: L.uci, value: text(r.ci), mono: true },
    ];
  }

  const content: Content = {
    type,
    title: both(L.title),
    typeLine: both(L[type]),
    name,
    nameTransliterated,
    holder,
    details,
    note: both(L.verifyNote),
    scan: both(L.scanHere).join(' · '),
    labels: [L.name, L.nameTransliterated, L.details],
    strings: [],
  };
  content.strings = [
    ...content.title,
    ...content.typeLine,
    name,
    nameTransliterated,
    ...content.note,
    content.scan,
    ...[...holder, ...details].flatMap((row) => [...both(row.label), ...row.value]),
    ...content.labels.flatMap(both),
  ];
  return content;
}

/** Family name then given name: no space between CJK names (王芳), one space otherwise. */
function joinName(family?: string, given?: string): string {
  const parts = [family, given].filter((s): s is string => !!s && s.trim() !== '');
  if (parts.length < 2) return parts.join('');
  const cjk = /^[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]+$/u;
  return parts.every((p) => cjk.test(p)) && !parts.some((p) => /\p{Script=Hangul}/u.test(p))
    ? parts.join('')
    : parts.join(' ');
}

function uniq(values: string[]): string[] {
  return [...new Set(values)];
}

function pad(n: number): string {
  return `${n}`.padStart(2, '0');
}

/** `2026-05-01 08:00 UTC`. */
function formatInstant(at: Date): string {
  return (
    `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ` +
    `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())} UTC`
  );
}

/** A DCC date-time (`2021-05-29T19:21:13Z`) as `2021-05-29 19:21 UTC`; other text as given. */
function formatDateTime(value: unknown): string {
  if (typeof value !== 'string' || value === '') return '—';
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? value : formatInstant(at);
}

// ---------------------------------------------------------------------------------------------
// Fonts: each string is split into runs, every run set in a font that has its glyphs.

class Fonts {
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

function fontName(family: CjkFamily, weight: FontWeight): string {
  return `${family}-${weight}`;
}

// ---------------------------------------------------------------------------------------------
// Drawing. Coordinates: PDFKit's, origin top left, y down; text `y` is the baseline.

interface Style {
  size: number;
  weight?: FontWeight;
  color?: string;
}

class Pen {
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

function layout(
  doc: PDFKit.PDFDocument,
  fonts: Fonts,
  content: Content,
  hc1: string,
  width: number,
  height: number,
  local: PrintLang | undefined,
): void {
  const pen = new Pen(doc, fonts);
  const left = MARGIN;
  const right = width - MARGIN;
  const contentWidth = right - left;

  // Header: accent band, title in both languages, certificate type on the right.
  doc.rect(0, 0, width, 8).fill(COLORS.accent);
  let y = MARGIN + 14;
  pen.line(content.title[0] ?? '', left, y, { size: 18, weight: 'bold', color: COLORS.accent });
  const typeStyle: Style = { size: 12, weight: 'bold' };
  const typeEn = content.typeLine[0] ?? '';
  pen.line(typeEn, right - pen.width(typeEn, typeStyle), y, typeStyle);
  y += 20;
  if (content.title[1]) {
    pen.line(content.title[1], left, y, { size: 13, weight: 'bold', color: COLORS.accent });
  }
  if (content.typeLine[1]) {
    const style: Style = { size: 11, color: COLORS.muted };
    pen.line(content.typeLine[1], right - pen.width(content.typeLine[1], style), y, style);
  }
  y += 12;
  doc.moveTo(left, y).lineTo(right, y).lineWidth(0.8).stroke(COLORS.accent);

  // QR code on the left, 56 mm with its quiet zone, modules as filled rectangles.
  const qrTop = y + 16;
  const qrSize = drawQr(doc, hc1, left, qrTop, QR_SIDE_PT);
  const scanStyle: Style = { size: 8, color: COLORS.muted };
  pen.line(
    content.scan,
    left + (QR_SIDE_PT - pen.width(content.scan, scanStyle)) / 2,
    qrTop + QR_SIDE_PT + 12,
    scanStyle,
  );

  // Holder block on the right of the QR code.
  const hx = left + QR_SIDE_PT + 24;
  const hWidth = right - hx;
  let hy = qrTop + 8;
  hy = label(pen, printLabels.name, local, hx, hy, hWidth);
  hy = pen.paragraph(content.name, hx, hy + 16, hWidth, { size: 18, weight: 'bold' }, 22) - 6;
  hy = label(pen, printLabels.nameTransliterated, local, hx, hy, hWidth);
  hy = pen.paragraph(content.nameTransliterated, hx, hy + 12, hWidth, { size: 11 }, 14) + 2;
  const half = (hWidth - 12) / 2;
  for (let i = 0; i < content.holder.length; i += 2) {
    let rowEnd = hy;
    for (const [j, row] of content.holder.slice(i, i + 2).entries()) {
      const cx = hx + j * (half + 12);
      let cy = label(pen, row.label, local, cx, hy, half);
      cy += 12;
      for (const value of row.value) cy = pen.paragraph(value, cx, cy, half, { size: 10 }, 13);
      rowEnd = Math.max(rowEnd, cy);
    }
    hy = rowEnd + 2;
  }

  // Details table, full width under both.
  y = Math.max(qrTop + QR_SIDE_PT + 26, hy + 6);
  pen.line(printLabels.details.en, left, y + 12, {
    size: 11,
    weight: 'bold',
    color: COLORS.accent,
  });
  if (local) {
    const enWidth = pen.width(`${printLabels.details.en}  `, { size: 11, weight: 'bold' });
    pen.line(printLabels.details[local], left + enWidth, y + 12, {
      size: 11,
      weight: 'bold',
      color: COLORS.accent,
    });
  }
  y += 20;
  doc.moveTo(left, y).lineTo(right, y).lineWidth(0.8).stroke(COLORS.accent);
  const labelWidth = Math.round(contentWidth * 0.4);
  const valueX = left + labelWidth + 12;
  const valueWidth = right - valueX;
  for (const row of content.details) {
    const top = y + 5;
    const labelEnd = label(pen, row.label, local, left, top, labelWidth, 9);
    let vy = top + 10;
    for (const [i, value] of row.value.entries()) {
      const style: Style =
        i === 0
          ? { size: 10, weight: row.mono ? 'regular' : 'bold' }
          : { size: 9, color: COLORS.muted };
      vy = pen.paragraph(value, valueX, vy, valueWidth, style, i === 0 ? 13 : 12);
    }
    y = Math.max(labelEnd, vy - 8) + 5;
    doc.moveTo(left, y).lineTo(right, y).lineWidth(0.4).stroke(COLORS.rule);
  }

  // Note: the QR code is what verifiers check.
  y += 14;
  const noteStyle: Style = { size: 9 };
  const noteLines = content.note.map((note) => pen.wrap(note, contentWidth - 24, noteStyle));
  const noteHeight =
    noteLines.reduce((h, lines) => h + lines.length * 12.5, 0) + 14 + 6 * (noteLines.length - 1);
  doc.roundedRect(left, y, contentWidth, noteHeight, 4).fill(COLORS.noteBg);
  doc.rect(left, y, 3, noteHeight).fill(COLORS.accent);
  let ny = y + 7 + 9;
  for (const lines of noteLines) {
    for (const line of lines) {
      pen.line(line, left + 14, ny, noteStyle);
      ny += 12.5;
    }
    ny += 6;
  }

  // Footer.
  const footer = `HC1 · ${hc1.length} characters · ${qrSize}×${qrSize} modules, error correction Q`;
  pen.line(footer, left, Math.max(height - MARGIN + 16, y + noteHeight + 14), {
    size: 7,
    color: COLORS.muted,
  });
}

/** A field label: English on one line, the local language below it. Returns the next y (top). */
function label(
  pen: Pen,
  text: PrintLabel,
  local: PrintLang | undefined,
  x: number,
  top: number,
  max: number,
  size = 8.5,
): number {
  let y = pen.paragraph(text.en, x, top + size, max, { size, color: COLORS.muted }, size + 2.5);
  if (local) y = pen.paragraph(text[local], x, y, max, { size, color: COLORS.muted }, size + 2.5);
  return y - size;
}

/**
 * Draws `hc1` as a QR code of side `side` (quiet zone included) with its top left at x, y.
 * Returns the number of modules per side.
 */
function drawQr(doc: PDFKit.PDFDocument, hc1: string, x: number, y: number, side: number): number {
  const { size, modules } = qrMatrix(hc1);
  const unit = side / (size + 2 * QUIET_ZONE);
  doc.rect(x, y, side, side).fill('#ffffff');
  // One path of horizontal runs of dark modules, filled once (no seams between modules).
  let runs = 0;
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!modules[row * size + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && modules[row * size + col]) col++;
      doc.rect(
        x + (start + QUIET_ZONE) * unit,
        y + (row + QUIET_ZONE) * unit,
        (col - start) * unit,
        unit,
      );
      runs++;
    }
  }
  if (runs > 0) doc.fill('#000000');
  doc.rect(x, y, side, side).lineWidth(0.5).stroke(COLORS.rule);
  return size;
}
