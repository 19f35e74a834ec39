import type { Migration } from '../migrate.js';

const COUNTRY = `check (country ~ '^[A-Z]{2}$')`;
const SHA256 = (column: string) => `check (octet_length(${column}) = 32)`;

function certificateTable(name: 'cscas' | 'dscs', extra: string): string {
  return `create table ${name} (
    id bigint generated always as identity primary key,
    country text not null references participants (country),
    kid text not null,
    der bytea not null,
    thumbprint bytea not null unique ${SHA256('thumbprint')},
    not_before timestamptz not null,
    not_after timestamptz not null,
    revoked_at timestamptz,
    revocation_reason text,
    uploaded_at timestamptz not null default now(),
    version bigint not null,${extra}
    check (not_before <= not_after),
    check (revocation_reason is null or revoked_at is not null)
  )`;
}

/**
 * The trust gateway's tables: participants and their certificates, replay nonces, signed
 * documents, revocation hashes, the change counter for delta downloads, the transparency log
 * and the published bundles. See docs/database.md.
 */
export const trustGateway: Migration = {
  name: '0001-trust-gateway',
  statements: [
    `create table participants (
      country text primary key ${COUNTRY},
      name text not null,
      status text not null default 'active'
        check (status in ('pending', 'active', 'suspended', 'terminated')),
      upload_cert bytea not null,
      authority_cert bytea not null,
      gateway_signature bytea,
      signed_at timestamptz,
      version bigint not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((gateway_signature is null) = (signed_at is null))
    )`,
    certificateTable('cscas', ''),
    'create index cscas_country_idx on cscas (country)',
    'create index cscas_kid_idx on cscas (kid)',
    'create index cscas_version_idx on cscas (version)',
    certificateTable(
      'dscs',
      `
    csca_id bigint references cscas (id),
    upload_signature bytea,`,
    ),
    'create index dscs_country_idx on dscs (country)',
    'create index dscs_kid_idx on dscs (kid)',
    'create index dscs_version_idx on dscs (version)',
    `create table nonces (
      country text not null references participants (country),
      nonce text not null check (length(nonce) between 8 and 256),
      seen_at timestamptz not null default now(),
      primary key (country, nonce)
    )`,
    'create index nonces_seen_at_idx on nonces (seen_at)',
    `create table signed_documents (
      id bigint generated always as identity primary key,
      kind text not null check (kind in ('rules', 'valuesets', 'revocations', 'agreement')),
      country text ${COUNTRY},
      version bigint not null check (version >= 0),
      cose bytea not null,
      hash bytea not null ${SHA256('hash')},
      created_at timestamptz not null default now(),
      unique nulls not distinct (kind, country, version)
    )`,
    `create table revocation_hashes (
      id bigint generated always as identity primary key,
      country text not null ${COUNTRY},
      kid text not null,
      hash_type text not null check (hash_type in ('UCI', 'COUNTRYCODEUCI', 'SIGNATURE')),
      hash bytea not null check (octet_length(hash) between 1 and 64),
      version bigint not null,
      created_at timestamptz not null default now(),
      unique (country, kid, hash_type, hash)
    )`,
    'create index revocation_hashes_lookup_idx on revocation_hashes (hash_type, hash)',
    'create index revocation_hashes_version_idx on revocation_hashes (version)',
    `create table trust_versions (
      id boolean primary key default true check (id),
      version bigint not null default 0 check (version >= 0),
      updated_at timestamptz not null default now()
    )`,
    'insert into trust_versions (id, version) values (true, 0)',
    `create table changes (
      version bigint primary key check (version > 0),
      type text not null,
      country text ${COUNTRY},
      object_id text,
      at timestamptz not null default now()
    )`,
    'create index changes_country_idx on changes (country, version)',
    `create table transparency_leaves (
      leaf_index bigint primary key check (leaf_index >= 0),
      leaf_hash bytea not null ${SHA256('leaf_hash')},
      leaf_data bytea not null,
      created_at timestamptz not null default now()
    )`,
    `create table tree_heads (
      tree_size bigint primary key check (tree_size >= 0),
      root_hash bytea not null ${SHA256('root_hash')},
      signed bytea not null,
      created_at timestamptz not null default now()
    )`,
    `create table bundles (
      version bigint primary key check (version >= 0),
      issued_at timestamptz not null,
      expires_at timestamptz not null,
      cose bytea not null,
      etag text not null unique,
      created_at timestamptz not null default now(),
      check (issued_at < expires_at)
    )`,
  ],
};
