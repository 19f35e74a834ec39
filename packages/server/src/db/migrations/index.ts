import type { Migration } from '../migrate.js';
import { trustGateway } from './0001-trust-gateway.js';
import { auditLog } from './0002-audit-log.js';
import { issuance } from './0003-issuance.js';
import { lanes } from './0004-lanes.js';
import { staffSessions } from './0009-staff-sessions.js';

/**
 * Every migration, in order. Append new ones at the end; never edit or reorder one that has
 * shipped. Stay within the PostgreSQL 15 subset (embedded PGlite is newer, production may not
 * be).
 */
export const MIGRATIONS: readonly Migration[] = [
  trustGateway,
  auditLog,
  issuance,
  lanes,
  // 0005–0008 are reserved for work merged alongside (lanes part 2, gateway console).
  staffSessions,
];
