/**
 * The monitoring and outbox tables (`0008-monitoring-outbox`) as Kysely sees them, merged into
 * `CorridorSchema` by module augmentation like the other lane tables.
 */
import type { ColumnType } from 'kysely';
import type { Identity, Int8, Json, Timestamp } from '../../db/schema.js';

/** Where a monitoring period stands. */
export type MonitoringStatus = 'active' | 'completed' | 'terminated';
/** The temperature band a traveller reports (no measured value is stored). */
export type TemperatureBand = 'normal' | 'elevated' | 'fever';
/** Why the local monitoring authority is asked to act. */
export type EscalationKind =
  | 'missed-report'
  | 'symptoms'
  | 'outside-itinerary'
  | 'positive-test'
  | 'close-contact';

/** `lane_monitoring`: one per released pass. */
export interface LaneMonitoringTable {
  pass_id: string;
  application: string;
  lane_id: string;
  /** Regions (ISO 3166-2) of the declared itinerary. */
  itinerary: Json<string[]>;
  token_hash: Uint8Array | null;
  released_at: Timestamp;
  days: number;
  ends_at: Timestamp;
  purge_after: Timestamp;
  status: MonitoringStatus;
  ended_at: Date | null;
  end_reason: string | null;
  purged_at: Date | null;
}

/** `lane_monitoring_reports`: one per pass and monitoring day. */
export interface LaneMonitoringReportsTable {
  id: Identity;
  pass_id: string;
  day: number;
  reported_at: Timestamp;
  reported_by: string;
  temperature: TemperatureBand;
  symptoms: Json<string[]>;
  region: string;
  place: string | null;
  test_result: 'negative' | 'positive' | null;
  close_contact: ColumnType<boolean, boolean | undefined, boolean>;
}

/** `lane_monitoring_escalations`: the local authority's worklist. */
export interface LaneMonitoringEscalationsTable {
  id: Identity;
  pass_id: string;
  kind: EscalationKind;
  /** The monitoring day concerned (0 when not tied to a day). */
  day: number;
  raised_at: Timestamp;
  due_at: Timestamp;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution: string | null;
}

/** `lane_outbox`: every lane event, written in the transaction of its state change. */
export interface LaneOutboxTable {
  seq: ColumnType<Int8, never, never>;
  id: string;
  type: string;
  lane_id: string | null;
  /** The sponsor the event concerns (a sponsor's subscriptions see only its own). */
  sponsor: string | null;
  subject: string;
  occurred_at: Timestamp;
  data: Json<Record<string, unknown>>;
}

/** `lane_subscriptions`: webhook endpoints of sponsors, airlines and authorities. */
export interface LaneSubscriptionsTable {
  id: string;
  account: string;
  /** Set for a sponsor's subscription: only events about its applications reach it. */
  sponsor: string | null;
  url: string;
  secret: Uint8Array;
  /** Event types wanted (`*` for all). */
  types: Json<string[]>;
  created_at: Timestamp;
  disabled_at: Date | null;
}

/** `lane_deliveries`: one per (event, subscription) until delivered or given up. */
export interface LaneDeliveriesTable {
  event_seq: Int8;
  subscription: string;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  delivered_at: Date | null;
  failed_at: Date | null;
  last_status: number | null;
  last_error: string | null;
}

declare module '../../db/schema.js' {
  interface CorridorSchema {
    lane_monitoring: LaneMonitoringTable;
    lane_monitoring_reports: LaneMonitoringReportsTable;
    lane_monitoring_escalations: LaneMonitoringEscalationsTable;
    lane_outbox: LaneOutboxTable;
    lane_subscriptions: LaneSubscriptionsTable;
    lane_deliveries: LaneDeliveriesTable;
  }
}
