// The public surface of `@corridor/core/cbor`: what other packages use.
export { DEFAULT_CBOR_LIMITS, decodeCbor } from './decode.js';
export { encodeCbor } from './encode.js';
