// The public surface of `@corridor/core/zlib`: what other packages use.
export { inflateCapped } from './inflate.js';
