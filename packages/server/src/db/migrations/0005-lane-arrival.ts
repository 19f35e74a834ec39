import type { Migration } from '../migrate.js';

/**
 * Checkpoints and arrivals of the fast-track lane (issue 13 §4 endpoint, §5): two more roles
 * of node accounts (airline and border desks check travellers, laboratories post arrival
 * results), two more application states (`arrived`, `released`), the record of each checkpoint
 * decision (no health data, no MRZ), the arrival of each admitted traveller with its hold and
 * ordered test, and the local authority's escalation worklist (`docs/lanes.md`, Arrival).
 */
export const laneArrival: Migration = {
  name: '0005-lane-arrival',
  statements: [
    'alter table issuance_accounts drop constraint issuance_accounts_role_check',
    `alter table issuance_accounts add constraint issuance_accounts_role_check
      check (role in ('issuer', 'administrator', 'sponsor', 'authority', 'checkpoint', 'laboratory'))`,
    'alter table lane_applications drop constraint lane_applications_state_check',
    `alter table lane_applications add constraint lane_applications_state_check check (state in
      ('submitted', 'approved', 'refused', 'withdrawn', 'pass-issued', 'revoked', 'arrived', 'released'))`,
    `create table lane_checks (
      id bigint generated always as identity primary key,
      pass_id text check (pass_id is null or length(pass_id) <= 64),
      application text references lane_applications (id),
      checkpoint text not null check (checkpoint in ('boarding', 'arrival')),
      decision text not null check (decision in ('admit', 'refuse', 'refer')),
      lane_id text,
      lane_version integer,
      port text check (port is null or length(port) <= 8),
      checked_at timestamptz not null,
      operator text not null
    )`,
    'create index lane_checks_pass_idx on lane_checks (pass_id, id)',
    `create table lane_arrivals (
      application text primary key references lane_applications (id),
      pass_id text not null references lane_passes (id),
      check_id bigint not null references lane_checks (id),
      port text not null,
      arrived_at timestamptz not null,
      facility text,
      lab text not null,
      test_type text,
      hold_hours integer not null check (hold_hours >= 0),
      hold_until timestamptz not null,
      monitoring_days integer not null check (monitoring_days >= 0),
      state text not null check (state in ('awaiting-sample', 'awaiting-result', 'released', 'positive')),
      sample_at timestamptz,
      result text check (result is null or result in ('negative', 'positive')),
      result_source text check (result_source is null or result_source in ('lab', 'hc1')),
      result_certificate text check (result_certificate is null or length(result_certificate) <= 80),
      result_at timestamptz,
      result_by text,
      purged_at timestamptz
    )`,
    'create index lane_arrivals_open_idx on lane_arrivals (state, hold_until)',
    'create index lane_arrivals_lab_idx on lane_arrivals (lab, state)',
    `create table lane_escalations (
      id bigint generated always as identity primary key,
      application text not null references lane_applications (id),
      kind text not null check (kind in ('positive', 'late-result', 'no-show')),
      region text not null,
      created_at timestamptz not null,
      created_by text not null,
      acknowledged_at timestamptz,
      acknowledged_by text,
      unique (application, kind)
    )`,
    'create index lane_escalations_open_idx on lane_escalations (acknowledged_at, id)',
  ],
};
