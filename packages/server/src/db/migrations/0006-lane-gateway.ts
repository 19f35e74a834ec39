import type { Migration } from '../migrate.js';

/**
 * Lanes reach the gateway and applications complete (issue 13 §1–3):
 * - the node's pass revocation queue gets the lease and gateway-version columns of the
 *   certificate revocation queue, so the same push claims, sends and marks its rows;
 * - the gateway keeps every lane version in `lane_versions` too (`recorded_by` is the
 *   submitting country), chained by `supersedes`;
 * - applications gain the traveller's sex, the closed-loop itinerary and the prevention plan
 *   (text or a PDF), all personal data cleared by the purge, and the states `draft`,
 *   `under-review` and `expired` (beside 0005's `arrived` and `released`).
 */
export const laneGateway: Migration = {
  name: '0006-lane-gateway',
  statements: [
    'alter table lane_pass_revocation_queue add column claimed_at timestamptz',
    'alter table lane_pass_revocation_queue add column gateway_version bigint',
    'create index lane_pass_revocation_queue_pending_idx on lane_pass_revocation_queue (kid, hash_type, id) where pushed_at is null',
    'alter table lane_versions add column supersedes integer check (supersedes is null or supersedes >= 1)',
    'alter table lane_applications drop constraint lane_applications_state_check',
    `alter table lane_applications add constraint lane_applications_state_check check (state in
      ('draft', 'submitted', 'under-review', 'approved', 'refused', 'withdrawn', 'pass-issued',
       'arrived', 'released', 'expired', 'revoked'))`,
    `alter table lane_applications add column sex text check (sex is null or sex in ('F', 'M', 'X'))`,
    'alter table lane_applications add column itinerary jsonb',
    'alter table lane_applications add column prevention_plan text check (prevention_plan is null or length(prevention_plan) <= 20000)',
    'alter table lane_applications add column prevention_pdf bytea check (prevention_pdf is null or octet_length(prevention_pdf) <= 2097152)',
    'alter table lane_applications add column prevention_pdf_sha256 text',
    'create index lane_passes_expiry_idx on lane_passes (valid_until) where revoked_at is null',
  ],
};
