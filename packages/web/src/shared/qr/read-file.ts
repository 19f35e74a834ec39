import type { Lang } from '@corridor/core/report';
import { makeFinding } from '@corridor/core/report';
import type { QrResponse } from './messages.js';
import { qrReader } from './qr-reader-client.js';

/** Largest file taken (a phone photo fits; anything bigger is refused before it is read). */
export const MAX_FILE_BYTES = 12 * 1024 * 1024;
/** Longest code text a text file may hold (a version-40 QR holds 4,296 characters). */
const MAX_TEXT_CHARS = 8192;

function isPicture(bytes: Uint8Array): boolean {
  const png = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  return png || jpeg;
}

/**
 * The code in a file: a PNG or JPEG picture is read by the QR worker (with core's limits), any
 * other file as text (a saved `HC1:` string). Failures come back coded, with core's message.
 */
export async function readCodeFromFile(
  file: File,
  lang: Lang,
): Promise<QrResponse & { message?: string }> {
  if (file.size > MAX_FILE_BYTES) {
    return {
      id: 0,
      ok: false,
      code: 'QR_IMAGE_TOO_LARGE',
      message: makeFinding('QR_IMAGE_TOO_LARGE', lang, { size: file.size, limit: MAX_FILE_BYTES })
        .message,
    };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!isPicture(bytes)) {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).trim();
    if (text.length === 0 || text.length > MAX_TEXT_CHARS || /[\u0000-\u001f]/.test(text)) {
      return {
        id: 0,
        ok: false,
        code: 'QR_IMAGE_UNSUPPORTED',
        message: makeFinding('QR_IMAGE_UNSUPPORTED', lang).message,
      };
    }
    return { id: 0, ok: true, text };
  }
  const response = await qrReader().readFile(bytes.buffer);
  if (response.ok || response.code === 'QR_READER_FAILED') return response;
  return {
    ...response,
    message: makeFinding(
      response.code,
      lang,
      response.reason ? { reason: response.reason } : undefined,
    ).message,
  };
}
