import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createQrReader, type QrReader } from '@corridor/core/qr';

const require = createRequire(import.meta.url);

/** Module id of zxing-wasm's reader build, as the package exports it. */
const READER_WASM = 'zxing-wasm/reader/zxing_reader.wasm';

let cached: Promise<QrReader> | undefined;

/** Absolute path of the reader wasm inside the installed zxing-wasm package. */
export function qrReaderWasmPath(): string {
  return require.resolve(READER_WASM);
}

/**
 * The QR reader for Node: reads zxing-wasm's reader wasm from the installed package (never from
 * the network) and instantiates it once; later calls share the same reader. A failed load is
 * not cached, so a later call tries again.
 *
 * @example
 * const read = await readQrText(await loadQrReader(), await readFile('code.png'));
 */
export function loadQrReader(): Promise<QrReader> {
  cached ??= readFile(qrReaderWasmPath())
    .then((bytes) => createQrReader(bytes))
    .catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
  return cached;
}
