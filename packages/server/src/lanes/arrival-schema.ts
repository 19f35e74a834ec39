/**
 * The checkpoint and arrival tables (`0005-lane-arrival`) as Kysely sees them, merged into
 * `CorridorSchema` by module augmentation like `schema.ts`.
 */
import type { Identity, Timestamp } from '../db/schema.js';

/** A checkpoint of the lane: the departure gate or the arrival border. */
export type CheckpointKind = 'boarding' | 'arrival';
/** One checkpoint decision. */
export type CheckDecision = 'admit' | 'refuse' | 'refer';
/** Where an arrival stands: waiting for the sample, for the result, released, or positive. */
export type ArrivalState = 'awaiting-sample' | 'awaiting-result' | 'released' | 'positive';
/** Why the local authority must act. */
export type EscalationKind = 'positive' | 'late-result' | 'no-show';

/** `lane_checks`: one row per checkpoint decision; no health data, no MRZ, no names. */
export interface LaneChecksTable {
  id: Identity;
  pass_id: string | null;
  application: string | null;
  checkpoint: CheckpointKind;
  decision: CheckDecision;
  lane_id: string | null;
  lane_version: number | null;
  port: string | null;
  checked_at: Timestamp;
  operator: string;
}

/** `lane_arrivals`: an admitted arrival, its hold and its ordered test (one per application). */
export interface LaneArrivalsTable {
  application: string;
  pass_id: string;
  check_id: number;
  port: string;
  arrived_at: Timestamp;
  /** Where the traveller is held; cleared by the purge. */
  facility: string | null;
  /** The account id of the designated laboratory. */
  lab: string;
  test_type: string | null;
  hold_hours: number;
  hold_until: Timestamp;
  monitoring_days: number;
  state: ArrivalState;
  sample_at: Date | null;
  /** The result (health data): cleared by the purge, the state stays for statistics. */
  result: 'negative' | 'positive' | null;
  result_source: 'lab' | 'hc1' | null;
  /** The HC1 certificate identifier the result came with; cleared by the purge. */
  result_certificate: string | null;
  result_at: Date | null;
  result_by: string | null;
  purged_at: Date | null;
}

/** `lane_escalations`: the local authority's worklist (positive results, late results, no-shows). */
export interface LaneEscalationsTable {
  id: Identity;
  application: string;
  kind: EscalationKind;
  /** The destination region (ISO 3166-2) whose authority acts. */
  region: string;
  created_at: Timestamp;
  created_by: string;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
}

declare module '../db/schema.js' {
  interface CorridorSchema {
    lane_checks: LaneChecksTable;
    lane_arrivals: LaneArrivalsTable;
    lane_escalations: LaneEscalationsTable;
  }
}
