import type { QrFindingCode } from '@corridor/core/qr';

/** A request to the QR worker. Frames arrive as transferred bitmaps, files as bytes. */
export type QrRequest =
  | { id: number; kind: 'frame'; bitmap: ImageBitmap }
  | { id: number; kind: 'file'; bytes: ArrayBuffer };

/** The worker's answer to one request (or its readiness, with `id` 0). */
export type QrResponse =
  | { id: number; ok: true; text: string }
  | { id: number; ok: false; code: QrFindingCode | 'QR_READER_FAILED'; reason?: string };
