/**
 * The lane tables (`0004-lanes`) as Kysely sees them, merged into `CorridorSchema` by module
 * augmentation so the shared schema file stays untouched by this domain.
 */
import type { ColumnType } from 'kysely';
import type { Identity, Int8, Json, Timestamp } from '../db/schema.js';

/** States of an application (`docs/lanes.md`, States). */
export const APPLICATION_STATES = [
  'draft',
  'submitted',
  'under-review',
  'approved',
  'refused',
  'withdrawn',
  'pass-issued',
  'arrived',
  'released',
  'expired',
  'revoked',
] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

/** Kinds of quota counter: the whole direction, one port, one sponsor (all per arrival day). */
export type QuotaKind = 'direction' | 'port' | 'sponsor';

/** The traveller's names and date of birth as the passport shows them. */
export interface StoredHolder {
  primaryIdentifier: string;
  secondaryIdentifier: string;
  familyName?: string;
  givenName?: string;
  dateOfBirth: string;
}

/** `lane_versions`: every countersigned lane version the node was given, verbatim. */
export interface LaneVersionsTable {
  lane_id: string;
  version: number;
  effective_from: Timestamp;
  effective_to: Timestamp;
  document: Uint8Array;
  lane: Json<unknown>;
  recorded_at: Timestamp;
  recorded_by: string;
  /** The version this one amends (`0006`; null for version 1 and rows recorded before). */
  supersedes: ColumnType<number | null, number | null | undefined, number | null>;
}

/** `lane_sponsors`: organisations the approving authority lets apply. */
export interface LaneSponsorsTable {
  id: string;
  name: string;
  country: string;
  registered_at: Timestamp;
  registered_by: string;
  disabled_at: Date | null;
}

/** `lane_applications`: one per traveller and trip; personal columns are nulled on purge. */
export interface LaneApplicationsTable {
  id: string;
  lane_id: string;
  lane_version: number;
  sponsor: string;
  origin: string;
  destination: string;
  category: string;
  visa_class: string | null;
  region: string;
  port: string;
  /** Planned arrival day at the port, `YYYY-MM-DD` (the port's calendar). */
  arrival_date: string;
  state: ApplicationState;
  submitted_at: Timestamp;
  submitted_by: string;
  decided_at: Date | null;
  decided_by: string | null;
  reason_code: string | null;
  reason_text: string | null;
  purpose: string | null;
  holder: ColumnType<StoredHolder | null, string | null, string | null>;
  document_number: string | null;
  nationality: string | null;
  birth_date: string | null;
  passport_expiry: string | null;
  personal_data_until: Timestamp;
  purged_at: Date | null;
  /** `F`, `M` or `X` as the passport's MRZ prints it (`<` is `X`). */
  sex: ColumnType<string | null, string | null | undefined, string | null>;
  /** The closed-loop itinerary (bounded list of stops). */
  itinerary: ColumnType<ItineraryStop[] | null, string | null | undefined, string | null>;
  /** The prevention plan as text, or … */
  prevention_plan: ColumnType<string | null, string | null | undefined, string | null>;
  /** … as a PDF (checked by its magic bytes, at most 2 MiB), with its SHA-256 (hex). */
  prevention_pdf: ColumnType<Uint8Array | null, Uint8Array | null | undefined, Uint8Array | null>;
  prevention_pdf_sha256: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One stop of the closed loop: where the traveller stays or works, from one day to another. */
export interface ItineraryStop {
  /** Region of the destination (ISO 3166-2), one the lane serves. */
  region: string;
  /** Place: a facility, site or hotel, as free text. */
  place: string;
  from: string;
  to: string;
}

/** `lane_application_events`: the state history (the audit log has the same, hash-chained). */
export interface LaneApplicationEventsTable {
  id: Identity;
  application: string;
  at: Timestamp;
  actor: string;
  from_state: ApplicationState | null;
  to_state: ApplicationState;
  reason_code: string | null;
  reason_text: string | null;
}

/** `lane_quota_counters`: passes reserved per (lane, direction, arrival day, kind, key). */
export interface LaneQuotaCountersTable {
  lane_id: string;
  origin: string;
  destination: string;
  /** Arrival day, `YYYY-MM-DD`. */
  day: string;
  kind: QuotaKind;
  key: string;
  used: ColumnType<number, number | undefined, number>;
  quota: number;
}

/** `lane_passes`: the entry passes issued (no personal data; the application has it). */
export interface LanePassesTable {
  id: string;
  application: string;
  lane_id: string;
  lane_version: number;
  kid: string;
  dsc_label: string;
  issued_at: Timestamp;
  valid_from: Timestamp;
  valid_until: Timestamp;
  signature_hash: Uint8Array;
  issued_by: string;
  /** The `CP1:` text for the sponsor to fetch; cleared with the application's personal data. */
  code: string | null;
  revoked_at: Date | null;
  revocation_reason: string | null;
  revoked_by: string | null;
}

/** `lane_pass_revocation_queue`: revocation hashes of revoked passes, until pushed. */
export interface LanePassRevocationQueueTable {
  id: Identity;
  pass_id: string;
  kid: string;
  hash_type: 'UCI' | 'COUNTRYCODEUCI' | 'SIGNATURE';
  hash: Uint8Array;
  queued_at: Timestamp;
  /** Set while a push holds the row (a lease: stale claims are taken over). */
  claimed_at: Date | null;
  pushed_at: Date | null;
  gateway_version: Int8 | null;
}

declare module '../db/schema.js' {
  interface CorridorSchema {
    lane_versions: LaneVersionsTable;
    lane_sponsors: LaneSponsorsTable;
    lane_applications: LaneApplicationsTable;
    lane_application_events: LaneApplicationEventsTable;
    lane_quota_counters: LaneQuotaCountersTable;
    lane_passes: LanePassesTable;
    lane_pass_revocation_queue: LanePassRevocationQueueTable;
  }
}
