import { fail, ok, type Result } from '../lib/result.js';

/** What the header of a picture says, read before any pixel is decoded. */
export interface ImageHeader {
  format: 'png' | 'jpeg';
  width: number;
  height: number;
}

/** Caps on a picture handed to the QR reader; each is checked before decoding starts. */
export interface ImageLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Largest `width × height` accepted. */
  maxPixels: number;
  /** Largest width or height accepted. */
  maxSide: number;
}

/**
 * Default caps: a 10 MiB file, 16.7 megapixels (4096 × 4096; a 12 MP phone photo fits), and
 * 16384 pixels on a side. The decoder allocates a few bytes per pixel, so these bound its memory.
 */
export const DEFAULT_IMAGE_LIMITS: Readonly<ImageLimits> = Object.freeze({
  maxBytes: 10 * 1024 * 1024,
  maxPixels: 4096 * 4096,
  maxSide: 16384,
});

export type ImageHeaderCode =
  | 'QR_IMAGE_UNSUPPORTED'
  | 'QR_IMAGE_INVALID'
  | 'QR_IMAGE_TOO_LARGE'
  | 'QR_IMAGE_DIMENSIONS_TOO_LARGE';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** PNG colour type → the bit depths it allows (PNG spec, table 11.1). */
const PNG_DEPTHS: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

/**
 * Reads the format and the pixel size of a PNG or JPEG from its header and checks them, and the
 * file size, against `limits`, without decoding any pixel. This is what keeps a hostile picture
 * (a tiny file claiming 100000 × 100000 pixels) from making the decoder allocate gigabytes.
 *
 * @example
 * probeImage(pngBytes) // { ok: true, value: { format: 'png', width: 300, height: 300 } }
 */
export function probeImage(
  bytes: Uint8Array,
  limits: ImageLimits = DEFAULT_IMAGE_LIMITS,
): Result<ImageHeader, ImageHeaderCode> {
  if (bytes.length > limits.maxBytes) {
    return fail('QR_IMAGE_TOO_LARGE', { size: bytes.length, limit: limits.maxBytes });
  }
  if (bytes.length === 0) return fail('QR_IMAGE_INVALID', { reason: 'the file is empty' });
  let header: Result<ImageHeader, ImageHeaderCode>;
  if (startsWith(bytes, PNG_SIGNATURE)) header = pngHeader(bytes);
  else if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    header = jpegHeader(bytes);
  } else return fail('QR_IMAGE_UNSUPPORTED');
  if (!header.ok) return header;
  const { width, height } = header.value;
  if (width > limits.maxSide || height > limits.maxSide || width * height > limits.maxPixels) {
    return fail('QR_IMAGE_DIMENSIONS_TOO_LARGE', {
      width,
      height,
      limit: limits.maxPixels,
      side: limits.maxSide,
    });
  }
  return header;
}

function pngHeader(bytes: Uint8Array): Result<ImageHeader, ImageHeaderCode> {
  // Signature (8), IHDR length (4) = 13, "IHDR" (4), width, height, depth, colour type, ...
  if (bytes.length < 33) return fail('QR_IMAGE_INVALID', { reason: 'PNG header cut short' });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const isIhdr =
    view.getUint32(8) === 13 &&
    bytes[12] === 0x49 &&
    bytes[13] === 0x48 &&
    bytes[14] === 0x44 &&
    bytes[15] === 0x52;
  if (!isIhdr) return fail('QR_IMAGE_INVALID', { reason: 'PNG does not start with IHDR' });
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const depth = bytes[24]!;
  const colourType = bytes[25]!;
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) {
    return fail('QR_IMAGE_INVALID', { reason: `PNG size ${width} × ${height} is not allowed` });
  }
  if (!PNG_DEPTHS[colourType]?.includes(depth)) {
    return fail('QR_IMAGE_INVALID', {
      reason: `PNG colour type ${colourType} with bit depth ${depth} is not allowed`,
    });
  }
  return ok({ format: 'png', width, height });
}

/** Start-of-frame markers: C0–CF except DHT (C4), JPG (C8) and DAC (CC). */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function jpegHeader(bytes: Uint8Array): Result<ImageHeader, ImageHeaderCode> {
  let i = 2;
  while (i < bytes.length) {
    if (bytes[i] !== 0xff) {
      return fail('QR_IMAGE_INVALID', { reason: `JPEG marker expected at byte ${i}` });
    }
    while (i < bytes.length && bytes[i] === 0xff) i++; // fill bytes
    if (i >= bytes.length) break;
    const marker = bytes[i++]!;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length
    if (marker === 0xd9 || marker === 0xda) {
      return fail('QR_IMAGE_INVALID', { reason: 'JPEG has no frame header before its data' });
    }
    if (i + 2 > bytes.length) break;
    const length = (bytes[i]! << 8) | bytes[i + 1]!;
    if (length < 2) return fail('QR_IMAGE_INVALID', { reason: 'JPEG segment length below 2' });
    if (isStartOfFrame(marker)) {
      if (i + 7 > bytes.length) break;
      const height = (bytes[i + 3]! << 8) | bytes[i + 4]!;
      const width = (bytes[i + 5]! << 8) | bytes[i + 6]!;
      if (width === 0 || height === 0) {
        return fail('QR_IMAGE_INVALID', {
          reason: `JPEG size ${width} × ${height} is not allowed`,
        });
      }
      return ok({ format: 'jpeg', width, height });
    }
    i += length;
  }
  return fail('QR_IMAGE_INVALID', { reason: 'JPEG header cut short' });
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}
