// The public surface of `@corridor/core/lib`: what other packages use.
export {
  bytesEqual,
  fromBase64,
  fromHex,
  toBase64,
  toHex,
  utf8Decode,
  utf8Encode,
} from './bytes.js';
