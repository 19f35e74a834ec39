// The public surface of `@corridor/server/fs`: what other packages use.
export { writeFileAtomic } from './atomic-write.js';
