/// <reference lib="webworker" />
/**
 * The QR reader, off the main thread: zxing-wasm's reader build, instantiated from the wasm
 * that Vite bundled with the app (never fetched from a CDN; `createQrReader` also checks its
 * SHA-256 against the installed zxing-wasm). Camera frames are read as pixels; files (a photo
 * or screenshot of a code) go through core's `readQrText`, with its size limits.
 */
import { createQrReader, QR_READER_OPTIONS, type QrReader, readQrText } from '@corridor/core/qr';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import type { QrRequest, QrResponse } from './messages.js';

declare const self: DedicatedWorkerGlobalScope;

/** Largest frame side read, in pixels: bigger frames are refused, not decoded. */
const MAX_FRAME_SIDE = 4096;

let reader: Promise<QrReader> | undefined;
let canvas: OffscreenCanvas | undefined;

function ready(): Promise<QrReader> {
  reader ??= fetch(wasmUrl)
    .then((response) => {
      if (!response.ok) throw new Error(`QR reader wasm: HTTP ${response.status}`);
      return response.arrayBuffer();
    })
    .then((bytes) => createQrReader(bytes));
  return reader;
}

async function readFrame(id: number, bitmap: ImageBitmap): Promise<QrResponse> {
  try {
    if (bitmap.width > MAX_FRAME_SIDE || bitmap.height > MAX_FRAME_SIDE)
      return { id, ok: false, code: 'QR_IMAGE_DIMENSIONS_TOO_LARGE' };
    const qr = await ready();
    if (!canvas || canvas.width !== bitmap.width || canvas.height !== bitmap.height)
      canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    context.drawImage(bitmap, 0, 0);
    const pixels = context.getImageData(0, 0, bitmap.width, bitmap.height);
    // Select the module made from the bundled bytes right before reading (see core's readQrText).
    void prepareZXingModule({ overrides: qr.overrides, fireImmediately: true });
    const results = await readBarcodes(pixels, QR_READER_OPTIONS);
    const first = results[0];
    if (!first) return { id, ok: false, code: 'QR_NOT_FOUND' };
    if (!first.isValid) return { id, ok: false, code: 'QR_UNREADABLE', reason: first.error };
    return { id, ok: true, text: first.text };
  } finally {
    bitmap.close();
  }
}

async function readFile(id: number, bytes: ArrayBuffer): Promise<QrResponse> {
  const read = await readQrText(await ready(), new Uint8Array(bytes));
  if (read.ok) return { id, ok: true, text: read.value };
  return {
    id,
    ok: false,
    code: read.code,
    ...(read.params?.reason ? { reason: String(read.params.reason) } : {}),
  };
}

self.onmessage = (event: MessageEvent<QrRequest>) => {
  const request = event.data;
  const work =
    request.kind === 'frame'
      ? readFrame(request.id, request.bitmap)
      : readFile(request.id, request.bytes);
  work
    .catch(
      (error: unknown): QrResponse => ({
        id: request.id,
        ok: false,
        code: 'QR_READER_FAILED',
        reason: error instanceof Error ? error.message : String(error),
      }),
    )
    .then((response) => self.postMessage(response));
};

// Start instantiating at once, so the first frame does not wait for the wasm.
ready().then(
  () => self.postMessage({ id: 0, ok: true, text: '' } satisfies QrResponse),
  (error: unknown) =>
    self.postMessage({
      id: 0,
      ok: false,
      code: 'QR_READER_FAILED',
      reason: error instanceof Error ? error.message : String(error),
    } satisfies QrResponse),
);
