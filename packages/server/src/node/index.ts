// The public surface of `@corridor/server/node`: what other packages use.
export { nodeApp } from './app.js';
export { readNodeSecret, secretFile } from './secret.js';
export type { BundleSync } from './sync.js';
