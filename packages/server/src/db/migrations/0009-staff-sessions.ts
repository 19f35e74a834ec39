import type { Migration } from '../migrate.js';

/**
 * Staff sign-in for the web app (issue 15): a password per node account (scrypt, parameters in
 * the hash text), server-side sessions (only the SHA-256 of the cookie value is stored; the
 * CSRF token is derived from the cookie, so nothing else is kept) and the login throttle (failed
 * attempts per account and per client address in a fixed window). `docs/staff.md`.
 */
export const staffSessions: Migration = {
  name: '0009-staff-sessions',
  statements: [
    `create table staff_passwords (
      account text primary key references issuance_accounts (id),
      hash text not null check (length(hash) between 20 and 300),
      set_at timestamptz not null,
      set_by text not null
    )`,
    `create table staff_sessions (
      id bigint generated always as identity primary key,
      token_hash bytea not null unique check (octet_length(token_hash) = 32),
      account text not null references issuance_accounts (id),
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      ended_at timestamptz,
      end_reason text check (end_reason is null or end_reason in
        ('logout', 'login', 'password', 'disabled')),
      check (created_at <= expires_at)
    )`,
    'create index staff_sessions_account_idx on staff_sessions (account) where ended_at is null',
    `create table staff_login_throttle (
      key text primary key check (length(key) between 1 and 200),
      window_start timestamptz not null,
      failures integer not null check (failures >= 0)
    )`,
  ],
};
