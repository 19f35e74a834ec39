import type { Migration } from '../migrate.js';

/**
 * The gateway's trust of the other credential formats (issue 16): per participant, each
 * uploaded SHC JWK set, NZCP DID document, VDS-NC CSCA and DIVOC key (`gateway/formats.ts`),
 * kept verbatim as the CBOR map the bundle carries. An upload for a subject the participant
 * already has replaces it (the old row is withdrawn, not deleted: the audit and transparency
 * logs name every version). At most one live row per (format, subject) across participants.
 */
export const formatTrust: Migration = {
  name: '0010-format-trust',
  statements: [
    `create table format_trust (
      id bigint generated always as identity primary key,
      country text not null references participants (country),
      format text not null check (format in ('shc', 'nzcp', 'vds-nc', 'divoc')),
      subject text not null check (length(subject) between 1 and 2048),
      material bytea not null check (octet_length(material) <= 262144),
      hash bytea not null check (octet_length(hash) = 32),
      version bigint not null,
      uploaded_at timestamptz not null,
      withdrawn_at timestamptz,
      withdrawn_version bigint,
      check ((withdrawn_at is null) = (withdrawn_version is null))
    )`,
    `create unique index format_trust_live_idx on format_trust (format, subject)
      where withdrawn_at is null`,
    'create index format_trust_country_idx on format_trust (country, format)',
  ],
};
