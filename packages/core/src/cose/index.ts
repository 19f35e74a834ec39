// The public surface of `@corridor/core/cose`: what other packages use.

export type { CoseSigner } from './sign.js';
export { signCoseSign1 } from './sign.js';
export { readCoseSign1, sigStructure } from './sign1.js';
export type { CoseVerificationKey } from './verify.js';
export { verifyCoseSign1 } from './verify.js';
