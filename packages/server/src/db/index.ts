/** The database layer (architecture principle 6). See docs/database.md. */
export { currentTrustVersion, recordChange, type TrustChange } from './changes.js';
export {
  type Database,
  DEFAULT_DATA_DIR,
  type Engine,
  IN_MEMORY,
  type OpenDatabaseOptions,
  openDatabase,
} from './database.js';
export { DataFolderInUse } from './folder-lock.js';
export { type Migration, type MigrationOutcome, migrate } from './migrate.js';
export { MIGRATIONS } from './migrations/index.js';
export type * from './schema.js';
export { ROOT_HANDLE_IN_TRANSACTION } from './transaction-guard.js';
