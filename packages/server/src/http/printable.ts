import { qrPng, qrSvg } from '@corridor/core/qr';
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';

/** The OpenAPI 200 answer of a `qr.svg` route. */
export const QR_SVG_RESPONSE = {
  description: 'SVG',
  content: { 'image/svg+xml': { schema: z.string() } },
};

/** The OpenAPI 200 answer of a `qr.png` route. */
export const QR_PNG_RESPONSE = {
  description: 'PNG',
  content: { 'image/png': { schema: z.string().openapi({ format: 'binary' }) } },
};

/** The OpenAPI 200 answer of a printable `pdf` route. */
export const PDF_RESPONSE = {
  description: 'PDF',
  content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
};

/** `?scale=` of a `qr.png` route: pixels per module, 1 to 32 (8 when absent). */
export const QrScaleQuery = z.object({
  scale: z.coerce.number().int().min(1).max(32).optional(),
});

/** `?paper=` of a printable `pdf` route (A4 when absent). */
export const PaperQuery = z.object({ paper: z.enum(['A4', 'Letter']).optional() });

/** A QR code of `text` as an SVG answer, labelled for screen readers. */
export function qrSvgAnswer(c: Context, text: string, label: string): Response {
  return c.body(qrSvg(text, { label }), 200, { 'content-type': 'image/svg+xml' });
}

/** A QR code of `text` as a PNG answer (`scale` pixels per module, 8 when absent). */
export function qrPngAnswer(c: Context, text: string, scale: number | undefined): Response {
  const png = qrPng(text, { scale: scale ?? 8 });
  return c.body(png as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'image/png' });
}

/** A PDF shown inline under `filename`. */
export function pdfAnswer(c: Context, pdf: Uint8Array, filename: string): Response {
  return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
    'content-type': 'application/pdf',
    'content-disposition': `inline; filename="${filename}"`,
  });
}
