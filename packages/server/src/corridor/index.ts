// The public surface of `@corridor/server/corridor`: what other packages use.
export { ensureNodeKeys } from './keys.js';
export type { RunningCorridor } from './start.js';
export { DataFolderInUse, PortInUse, startCorridor } from './start.js';
