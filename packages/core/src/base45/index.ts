// The public surface of `@corridor/core/base45`: what other packages use.
export { decodeBase45 } from './decode.js';
