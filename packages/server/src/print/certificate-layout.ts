// The page of the printed certificate: header, QR code, holder block, details table, note and
// footer, placed in PDF points.
import type { Content } from './certificate-content.js';
import { drawQr, QR_SIDE_PT } from './certificate-qr.js';
import type { Fonts } from './font-runs.js';
import { type PrintLabel, type PrintLang, printLabels } from './labels.js';
import { COLORS, Pen, type Style } from './pen.js';

const MARGIN = 42;

/** Draws the whole certificate on the current page of `doc`, from the top down. */
export function layout(
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
  const footer = `${hc1.slice(0, hc1.indexOf(':')) || 'QR'} · ${hc1.length} characters · ${qrSize}×${qrSize} modules, error correction Q`;
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
