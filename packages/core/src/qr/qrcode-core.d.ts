/**
 * Types for the pure QR encoder inside `qrcode` (`lib/core/qrcode.js`). Core imports that file
 * directly: the package's Node entry also loads pngjs and `fs` for its file renderers, which an
 * isomorphic module must not pull in.
 */
declare module 'qrcode/lib/core/qrcode.js' {
  import type { QRCode, QRCodeOptions, QRCodeSegment } from 'qrcode';

  /** Encodes `data` into a QR symbol (the same function as `qrcode`'s `create`). */
  export function create(data: string | QRCodeSegment[], options?: QRCodeOptions): QRCode;
}
