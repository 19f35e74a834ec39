import {
  prepareZXingModule,
  purgeZXingModule,
  type ReaderOptions,
  readBarcodes,
  ZXING_WASM_SHA256,
  type ZXingModuleOverrides,
} from 'zxing-wasm/reader';
import { toHex } from '../lib/bytes.js';
import { fail, ok, type Result } from '../lib/result.js';
import type { QrFindingCode } from './findings.js';
import { DEFAULT_IMAGE_LIMITS, type ImageLimits, probeImage } from './image-header.js';

/**
 * A ready QR reader: zxing-wasm's reader build instantiated from bytes the caller supplied.
 * Make one with `createQrReader`; on Node, `loadQrReader()` in the CLI finds the bytes.
 */
export interface QrReader {
  /** The Emscripten overrides the module was made with; they carry the wasm and no URL. */
  readonly overrides: Readonly<ZXingModuleOverrides>;
}

/**
 * Reader options tuned for health-certificate pictures: QR codes only, stop at the first one.
 * `tryHarder`, rotation, inversion and downscaling stay on (they cost nothing on a clean
 * picture and rescue camera shots); the vector pictures decode in about 1 ms each.
 */
export const QR_READER_OPTIONS: Readonly<ReaderOptions> = Object.freeze({
  formats: ['QRCode' as const],
  maxNumberOfSymbols: 1,
  tryHarder: true,
  returnErrors: true,
});

/**
 * Instantiates zxing-wasm's reader build from `wasmBinary` (the bytes of
 * `zxing-wasm/reader/zxing_reader.wasm`). Nothing is fetched: the module is given the bytes and
 * a `locateFile` that yields a bare file name, so the CDN default of zxing-wasm never applies.
 * The bytes are checked against the SHA-256 that the installed zxing-wasm expects, so a wasm from
 * another version fails here instead of misbehaving later.
 *
 * @throws Error when the bytes are not the reader wasm of the installed zxing-wasm version
 * (a deployment error, not a user error).
 */
export async function createQrReader(wasmBinary: ArrayBuffer | Uint8Array): Promise<QrReader> {
  const bytes =
    wasmBinary instanceof Uint8Array ? wasmBinary.slice() : new Uint8Array(wasmBinary.slice(0));
  const digest = toHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes)));
  if (digest !== ZXING_WASM_SHA256) {
    throw new Error(
      `zxing reader wasm has SHA-256 ${digest}, but the installed zxing-wasm expects ${ZXING_WASM_SHA256}`,
    );
  }
  const overrides: ZXingModuleOverrides = Object.freeze({
    wasmBinary: bytes.buffer,
    locateFile: (path: string) => path,
  });
  await prepareZXingModule({ overrides, fireImmediately: true });
  return Object.freeze({ overrides });
}

/**
 * Reads the text of the QR code in a PNG or JPEG picture.
 *
 * The file size and the pixel size from the header are checked against `limits` before any
 * pixel is decoded. A picture that cannot be read is a coded failure, never an exception:
 * `QR_IMAGE_UNSUPPORTED`, `QR_IMAGE_INVALID`, `QR_IMAGE_TOO_LARGE`,
 * `QR_IMAGE_DIMENSIONS_TOO_LARGE`, `QR_NOT_FOUND` or `QR_UNREADABLE`.
 *
 * @example
 * const read = await readQrText(reader, pngBytes);
 * if (read.ok) verify(read.value, context);
 */
export async function readQrText(
  reader: QrReader,
  image: Uint8Array | ArrayBuffer,
  limits: ImageLimits = DEFAULT_IMAGE_LIMITS,
): Promise<Result<string, QrFindingCode>> {
  const bytes = image instanceof Uint8Array ? image : new Uint8Array(image);
  const header = probeImage(bytes, limits);
  if (!header.ok) return header;
  // zxing-wasm keeps one module per build. Re-selecting our overrides right before the read
  // (both calls run synchronously, before any await) makes sure the read uses the module made
  // from our bytes even if other code prepared zxing-wasm differently in between.
  void prepareZXingModule({ overrides: reader.overrides, fireImmediately: true });
  let results: Awaited<ReturnType<typeof readBarcodes>>;
  try {
    results = await readBarcodes(bytes, QR_READER_OPTIONS);
  } catch (error) {
    if (!(error instanceof WebAssembly.RuntimeError)) throw error;
    // The decoder trapped on this picture; an aborted module is dropped so the next read
    // instantiates a fresh one from the same bytes.
    purgeZXingModule();
    return fail('QR_IMAGE_INVALID', { reason: 'the decoder stopped on this picture' });
  }
  const first = results[0];
  if (!first) return fail('QR_NOT_FOUND');
  if (!first.isValid) {
    if (/load image/i.test(first.error)) {
      return fail('QR_IMAGE_INVALID', { reason: `${header.value.format} data is damaged` });
    }
    // zxing's errors read "ChecksumError @ QRDecoder.cpp:337": keep the kind, drop the source line.
    return fail('QR_UNREADABLE', { reason: first.error.replace(/\s*@.*$/, '') || 'unknown error' });
  }
  return ok(first.text);
}
