import type { Migration } from '../migrate.js';
import { trustGateway } from './0001-trust-gateway.js';
import { auditLog } from './0002-audit-log.js';
import { issuance } from './0003-issuance.js';
import { lanes } from './0004-lanes.js';
import { laneArrival } from './0005-lane-arrival.js';
import { laneGateway } from './0006-lane-gateway.js';
import { breakers } from './0007-breakers.js';
import { monitoringOutbox } from './0008-monitoring-outbox.js';
import { staffSessions } from './0009-staff-sessions.js';
import { formatTrust } from './0010-format-trust.js';
import { auditBatch } from './0011-audit-batch.js';

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
  laneArrival,
  laneGateway,
  breakers,
  monitoringOutbox,
  staffSessions,
  formatTrust,
  auditBatch,
];
