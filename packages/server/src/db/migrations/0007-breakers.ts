import type { Migration } from '../migrate.js';

/**
 * The signed inputs of the lanes' circuit breakers at the gateway (issue 14 §2–3): indicator
 * documents each side's health authority publishes, and administrators' overrides. The signed
 * bytes are kept verbatim (verifiers check them again offline); the other columns index them
 * for the bundle's bounded window and for refusing a second document under the same name.
 */
export const breakers: Migration = {
  name: '0007-breakers',
  statements: [
    `create table lane_signals (
      id bigint generated always as identity primary key,
      kind text not null check (kind in ('indicators', 'override')),
      country text not null check (country ~ '^[A-Z]{2}$'),
      series text not null check (length(series) between 1 and 200),
      seq bigint not null check (seq >= 0),
      lane_id text,
      issued_at timestamptz not null,
      last_day text check (last_day is null or last_day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      digest bytea not null unique check (length(digest) = 32),
      cose bytea not null,
      version bigint not null,
      recorded_at timestamptz not null,
      unique (kind, country, series, seq)
    )`,
    'create index lane_signals_bundle_idx on lane_signals (kind, last_day, issued_at)',
  ],
};
