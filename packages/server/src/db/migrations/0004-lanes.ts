import type { Migration } from '../migrate.js';

/**
 * The fast-track lane on the destination's node (issue 13 §2–3): the lane versions it knows
 * (the countersigned bytes, kept verbatim), sponsor organisations, applications with their
 * state history, quota counters per (lane, direction, day, kind, key) and the entry passes it
 * issued. Personal data of an application (names, date of birth, passport fields) lives in
 * nullable columns so the retention purge can clear them and keep the skeleton for statistics
 * and the audit trail (`docs/lanes.md`, Retention).
 */
export const lanes: Migration = {
  name: '0004-lanes',
  statements: [
    // Two more roles of node accounts: sponsors apply, approving authorities decide.
    'alter table issuance_accounts drop constraint issuance_accounts_role_check',
    `alter table issuance_accounts add constraint issuance_accounts_role_check
      check (role in ('issuer', 'administrator', 'sponsor', 'authority'))`,
    `create table lane_versions (
      lane_id text not null check (lane_id ~ '^[A-Z0-9][A-Z0-9-]{0,63}$'),
      version integer not null check (version >= 1),
      effective_from timestamptz not null,
      effective_to timestamptz not null,
      document bytea not null,
      lane jsonb not null,
      recorded_at timestamptz not null,
      recorded_by text not null,
      primary key (lane_id, version),
      check (effective_from < effective_to)
    )`,
    `create table lane_sponsors (
      id text primary key check (id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),
      name text not null check (length(name) between 1 and 200),
      country text not null check (country ~ '^[A-Z]{2}$'),
      registered_at timestamptz not null,
      registered_by text not null,
      disabled_at timestamptz
    )`,
    `create table lane_applications (
      id text primary key check (id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),
      lane_id text not null,
      lane_version integer not null,
      sponsor text not null references lane_sponsors (id),
      origin text not null check (origin ~ '^[A-Z]{2}$'),
      destination text not null check (destination ~ '^[A-Z]{2}$'),
      category text not null,
      visa_class text,
      region text not null,
      port text not null,
      arrival_date text not null check (arrival_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      state text not null check (state in
        ('submitted', 'approved', 'refused', 'withdrawn', 'pass-issued', 'revoked')),
      submitted_at timestamptz not null,
      submitted_by text not null,
      decided_at timestamptz,
      decided_by text,
      reason_code text check (reason_code is null or reason_code ~ '^[A-Z0-9_-]{1,64}$'),
      reason_text text check (reason_text is null or length(reason_text) <= 500),
      purpose text check (purpose is null or length(purpose) <= 2000),
      holder jsonb,
      document_number text,
      nationality text,
      birth_date text,
      passport_expiry text check (passport_expiry ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      personal_data_until timestamptz not null,
      purged_at timestamptz,
      foreign key (lane_id, lane_version) references lane_versions (lane_id, version),
      check ((purged_at is null) = (holder is not null)),
      check ((holder is null) = (document_number is null))
    )`,
    'create index lane_applications_queue_idx on lane_applications (state, submitted_at)',
    'create index lane_applications_sponsor_idx on lane_applications (sponsor, submitted_at)',
    'create index lane_applications_purge_idx on lane_applications (personal_data_until) where purged_at is null',
    `create table lane_application_events (
      id bigint generated always as identity primary key,
      application text not null references lane_applications (id),
      at timestamptz not null,
      actor text not null,
      from_state text,
      to_state text not null,
      reason_code text,
      reason_text text
    )`,
    'create index lane_application_events_app_idx on lane_application_events (application, id)',
    `create table lane_quota_counters (
      lane_id text not null,
      origin text not null,
      destination text not null,
      day text not null check (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      kind text not null check (kind in ('direction', 'port', 'sponsor')),
      key text not null,
      used integer not null default 0 check (used >= 0),
      quota integer not null check (quota >= 0),
      primary key (lane_id, origin, destination, day, kind, key),
      check (used <= quota)
    )`,
    `create table lane_passes (
      id text primary key,
      application text not null unique references lane_applications (id),
      lane_id text not null,
      lane_version integer not null,
      kid text not null,
      dsc_label text not null,
      issued_at timestamptz not null,
      valid_from timestamptz not null,
      valid_until timestamptz not null,
      signature_hash bytea not null check (octet_length(signature_hash) = 16),
      issued_by text not null,
      code text,
      revoked_at timestamptz,
      revocation_reason text,
      revoked_by text,
      check (valid_from < valid_until),
      check (revocation_reason is null or revoked_at is not null)
    )`,
    `create table lane_pass_revocation_queue (
      id bigint generated always as identity primary key,
      pass_id text not null references lane_passes (id),
      kid text not null,
      hash_type text not null check (hash_type in ('UCI', 'COUNTRYCODEUCI', 'SIGNATURE')),
      hash bytea not null check (octet_length(hash) = 16),
      queued_at timestamptz not null,
      pushed_at timestamptz,
      unique (kid, hash_type, hash)
    )`,
  ],
};
