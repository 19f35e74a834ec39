// The QR code of the printed certificate, drawn as vector rectangles.
import { QUIET_ZONE, qrMatrix } from '@corridor/core/qr';
import { COLORS } from './pen.js';

/** Side of the printed QR code, quiet zone included: 56 mm. */
export const QR_SIDE_PT = (56 / 25.4) * 72;

/**
 * Draws `hc1` as a QR code of side `side` (quiet zone included) with its top left at x, y.
 * Returns the number of modules per side.
 */
export function drawQr(
  doc: PDFKit.PDFDocument,
  hc1: string,
  x: number,
  y: number,
  side: number,
): number {
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
