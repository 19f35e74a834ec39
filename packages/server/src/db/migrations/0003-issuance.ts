import type { Migration } from '../migrate.js';

/**
 * The national node's issuance: accounts and hashed API tokens, one minimal row per issued
 * certificate (no name, no date of birth unless payload retention is configured), and the
 * queue of revocation hashes waiting to be pushed to the gateway.
 */
export const issuance: Migration = {
  name: '0003-issuance',
  statements: [
    `create table issuance_accounts (
      id text primary key check (id ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$'),
      role text not null check (role in ('issuer', 'administrator')),
      created_at timestamptz not null default now(),
      disabled_at timestamptz
    )`,
    `create table issuance_tokens (
      id bigint generated always as identity primary key,
      account text not null references issuance_accounts (id),
      token_hash bytea not null unique check (octet_length(token_hash) = 32),
      scopes jsonb not null check (jsonb_typeof(scopes) = 'array'),
      label text not null default '' check (length(label) <= 200),
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      revoked_at timestamptz
    )`,
    'create index issuance_tokens_account_idx on issuance_tokens (account)',
    `create table issued_certificates (
      uci text primary key check (length(uci) between 16 and 80),
      type text not null check (type in ('vaccination', 'test', 'recovery')),
      country text not null check (country ~ '^[A-Z]{2}$'),
      kid text not null,
      dsc_label text not null,
      iat timestamptz not null,
      exp timestamptz not null,
      holder_hash bytea not null check (octet_length(holder_hash) = 32),
      signature_hash bytea not null check (octet_length(signature_hash) = 16),
      idempotency_key_hash bytea unique check (octet_length(idempotency_key_hash) = 32),
      request_hash bytea not null check (octet_length(request_hash) = 32),
      issued_by text not null,
      account text not null,
      sealed_hc1 bytea,
      sealed_hc1_until timestamptz,
      payload jsonb,
      payload_until timestamptz,
      revoked_at timestamptz,
      revocation_reason text,
      revoked_by text,
      check (iat < exp),
      check ((sealed_hc1 is null) = (sealed_hc1_until is null)),
      check ((payload is null) = (payload_until is null)),
      check (revocation_reason is null or revoked_at is not null)
    )`,
    'create index issued_certificates_iat_idx on issued_certificates (iat)',
    'create index issued_certificates_holder_idx on issued_certificates (holder_hash)',
    'create index issued_certificates_hc1_until_idx on issued_certificates (sealed_hc1_until) where sealed_hc1_until is not null',
    'create index issued_certificates_payload_until_idx on issued_certificates (payload_until) where payload_until is not null',
    `create table issuance_revocation_queue (
      id bigint generated always as identity primary key,
      uci text not null references issued_certificates (uci),
      kid text not null,
      hash_type text not null check (hash_type in ('UCI', 'COUNTRYCODEUCI', 'SIGNATURE')),
      hash bytea not null check (octet_length(hash) = 16),
      queued_at timestamptz not null,
      claimed_at timestamptz,
      pushed_at timestamptz,
      gateway_version bigint,
      unique (kid, hash_type, hash)
    )`,
    'create index issuance_revocation_queue_pending_idx on issuance_revocation_queue (kid, hash_type, id) where pushed_at is null',
  ],
};
