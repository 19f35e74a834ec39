// The public surface of `@corridor/core/hcert`: what other packages use.
export { readHcertClaims } from './cwt.js';
export { unprefix } from './unprefix.js';
