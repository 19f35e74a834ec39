import type { Migration } from '../migrate.js';

/**
 * Closed-loop monitoring after release and lane notifications (issue 14 §1, §4): one
 * monitoring record per released pass (the report link is stored only as its SHA-256), the
 * daily reports and the escalations to the local monitoring authority (both deleted by the
 * monitoring purge), and the transactional outbox of lane events with the webhook
 * subscriptions and one delivery row per (event, subscription), written in the transaction of
 * the state change (`docs/events.md`).
 */
export const monitoringOutbox: Migration = {
  name: '0008-monitoring-outbox',
  statements: [
    `create table lane_monitoring (
      pass_id text primary key references lane_passes (id),
      application text not null references lane_applications (id),
      lane_id text not null,
      itinerary jsonb not null,
      token_hash bytea unique check (token_hash is null or octet_length(token_hash) = 32),
      released_at timestamptz not null,
      days integer not null check (days between 0 and 365),
      ends_at timestamptz not null,
      purge_after timestamptz not null,
      status text not null check (status in ('active', 'completed', 'terminated')),
      ended_at timestamptz,
      end_reason text check (end_reason is null or length(end_reason) <= 500),
      purged_at timestamptz,
      check (released_at <= ends_at and ends_at <= purge_after)
    )`,
    'create index lane_monitoring_active_idx on lane_monitoring (status, ends_at)',
    'create index lane_monitoring_purge_idx on lane_monitoring (purge_after) where purged_at is null',
    `create table lane_monitoring_reports (
      id bigint generated always as identity primary key,
      pass_id text not null references lane_monitoring (pass_id),
      day integer not null check (day >= 1),
      reported_at timestamptz not null,
      reported_by text not null,
      temperature text not null check (temperature in ('normal', 'elevated', 'fever')),
      symptoms jsonb not null,
      region text not null,
      place text check (place is null or length(place) <= 200),
      test_result text check (test_result in ('negative', 'positive')),
      close_contact boolean not null default false,
      unique (pass_id, day)
    )`,
    `create table lane_monitoring_escalations (
      id bigint generated always as identity primary key,
      pass_id text not null references lane_monitoring (pass_id),
      kind text not null check (kind in
        ('missed-report', 'symptoms', 'outside-itinerary', 'positive-test', 'close-contact')),
      day integer not null check (day >= 0),
      raised_at timestamptz not null,
      due_at timestamptz not null,
      resolved_at timestamptz,
      resolved_by text,
      resolution text check (resolution is null or length(resolution) <= 500),
      unique (pass_id, kind, day)
    )`,
    'create index lane_monitoring_escalations_open_idx on lane_monitoring_escalations (due_at) where resolved_at is null',
    `create table lane_outbox (
      seq bigint generated always as identity primary key,
      id text not null unique check (id ~ '^evt_[A-Za-z0-9_-]{22}$'),
      type text not null check (type ~ '^[a-z]+(\\.[a-z-]+)+$'),
      lane_id text,
      sponsor text,
      subject text not null,
      occurred_at timestamptz not null,
      data jsonb not null
    )`,
    `create table lane_subscriptions (
      id text primary key check (id ~ '^sub_[A-Za-z0-9_-]{16}$'),
      account text not null references issuance_accounts (id),
      sponsor text,
      url text not null check (length(url) <= 2048),
      secret bytea not null check (octet_length(secret) = 32),
      types jsonb not null,
      created_at timestamptz not null,
      disabled_at timestamptz
    )`,
    'create index lane_subscriptions_active_idx on lane_subscriptions (created_at) where disabled_at is null',
    `create table lane_deliveries (
      event_seq bigint not null references lane_outbox (seq),
      subscription text not null references lane_subscriptions (id),
      attempts integer not null default 0 check (attempts >= 0),
      next_attempt_at timestamptz not null,
      delivered_at timestamptz,
      failed_at timestamptz,
      last_status integer,
      last_error text check (last_error is null or length(last_error) <= 300),
      primary key (subscription, event_seq)
    )`,
    'create index lane_deliveries_due_idx on lane_deliveries (next_attempt_at) where delivered_at is null and failed_at is null',
  ],
};
