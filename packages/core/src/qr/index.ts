// The public surface of `@corridor/core/qr`: what other packages use.
export { QUIET_ZONE, qrMatrix, qrPng, qrSvg } from './draw.js';
export type { QrFindingCode } from './findings.js';
export type { QrReader } from './read.js';
export { createQrReader, QR_READER_OPTIONS, readQrText } from './read.js';
