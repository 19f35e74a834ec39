import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';

/** A `timestamptz` column without a default: read as `Date`, written as `Date`. */
export type Timestamp = ColumnType<Date, Date, Date>;
/** A `timestamptz` column with `default now()`: optional on insert. */
export type TimestampDefault = ColumnType<Date, Date | undefined, Date>;
/** A `bigint` counter column (see `type-parsers.ts`: read as a number). */
export type Int8 = number;
/** A `bigint generated always as identity` column: read-only. */
export type Identity = ColumnType<number, never, never>;
/** A `jsonb` column. Write JSON text (a string) to stay independent of driver serialisation. */
export type Json<T> = ColumnType<T, string, string>;

/** Status of a participating country at the gateway. */
export type ParticipantStatus = 'pending' | 'active' | 'suspended' | 'terminated';
/** Kinds of signed documents the gateway distributes. */
export type SignedDocumentKind = 'rules' | 'valuesets' | 'revocations' | 'agreement';
/** Hash types of the EU DCC revocation scheme. */
export type RevocationHashType = 'UCI' | 'COUNTRYCODEUCI' | 'SIGNATURE';

/** `participants`: one row per country connected to the gateway. */
export interface ParticipantsTable {
  country: string;
  name: string;
  status: ColumnType<ParticipantStatus, ParticipantStatus | undefined, ParticipantStatus>;
  upload_cert: Uint8Array;
  authority_cert: Uint8Array;
  gateway_signature: Uint8Array | null;
  signed_at: Date | null;
  version: Int8;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
}

/** `cscas`: country signing CA certificates, the trust anchors of each participant. */
export interface CscasTable {
  id: Identity;
  country: string;
  kid: string;
  der: Uint8Array;
  thumbprint: Uint8Array;
  not_before: Timestamp;
  not_after: Timestamp;
  revoked_at: Date | null;
  revocation_reason: string | null;
  uploaded_at: TimestampDefault;
  version: Int8;
}

/** `dscs`: document signer certificates uploaded by participants. Several may share a kid. */
export interface DscsTable extends CscasTable {
  csca_id: number | null;
  upload_signature: Uint8Array | null;
}

/** `nonces`: request nonces already seen, for replay protection. */
export interface NoncesTable {
  country: string;
  nonce: string;
  seen_at: TimestampDefault;
}

/** `signed_documents`: COSE-signed rules, value sets, revocation lists and agreements. */
export interface SignedDocumentsTable {
  id: Identity;
  kind: SignedDocumentKind;
  country: string | null;
  version: Int8;
  cose: Uint8Array;
  hash: Uint8Array;
  created_at: TimestampDefault;
}

/** `revocation_hashes`: revoked certificate hashes per country and DSC kid. */
export interface RevocationHashesTable {
  id: Identity;
  country: string;
  kid: string;
  hash_type: RevocationHashType;
  hash: Uint8Array;
  version: Int8;
  created_at: TimestampDefault;
}

/** `trust_versions`: the single counter row of the global trust version. */
export interface TrustVersionsTable {
  id: ColumnType<true, true | undefined, never>;
  version: Int8;
  updated_at: TimestampDefault;
}

/** `changes`: one row per trust change, keyed by the version it bumped the counter to. */
export interface ChangesTable {
  version: Int8;
  type: string;
  country: string | null;
  object_id: string | null;
  at: TimestampDefault;
}

/** `transparency_leaves`: the append-only leaves of the transparency log. */
export interface TransparencyLeavesTable {
  leaf_index: Int8;
  leaf_hash: Uint8Array;
  leaf_data: Uint8Array;
  created_at: TimestampDefault;
}

/** `tree_heads`: signed tree heads of the transparency log, one per published size. */
export interface TreeHeadsTable {
  tree_size: Int8;
  root_hash: Uint8Array;
  signed: Uint8Array;
  created_at: TimestampDefault;
}

/** `bundles`: signed trust bundles as served to verifiers. */
export interface BundlesTable {
  version: Int8;
  issued_at: Timestamp;
  expires_at: Timestamp;
  cose: Uint8Array;
  etag: string;
  created_at: TimestampDefault;
}

/** `audit_log`: append-only, hash-chained audit entries (write through `appendAudit`). */
export interface AuditLogTable {
  seq: Int8;
  at: Timestamp;
  actor: string;
  action: string;
  subject: string | null;
  details: Json<Record<string, unknown>>;
  prev_hash: Uint8Array;
  hash: Uint8Array;
}

/** `audit_head`: the single row naming the last audit entry; locked to serialise appends. */
export interface AuditHeadTable {
  id: ColumnType<true, true | undefined, never>;
  seq: Int8;
  hash: Uint8Array;
}

/** `corridor_migrations`: the migrations applied to this database. */
export interface MigrationsTable {
  name: string;
  applied_at: TimestampDefault;
}

/** The whole Corridor schema, as Kysely sees it. */
export interface CorridorSchema {
  participants: ParticipantsTable;
  cscas: CscasTable;
  dscs: DscsTable;
  nonces: NoncesTable;
  signed_documents: SignedDocumentsTable;
  revocation_hashes: RevocationHashesTable;
  trust_versions: TrustVersionsTable;
  changes: ChangesTable;
  transparency_leaves: TransparencyLeavesTable;
  tree_heads: TreeHeadsTable;
  bundles: BundlesTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  corridor_migrations: MigrationsTable;
}

/** A participant row as read. */
export type Participant = Selectable<ParticipantsTable>;
/** A participant row as inserted. */
export type NewParticipant = Insertable<ParticipantsTable>;
/** A participant update. */
export type ParticipantUpdate = Updateable<ParticipantsTable>;
/** A DSC row as read. */
export type Dsc = Selectable<DscsTable>;
/** A CSCA row as read. */
export type Csca = Selectable<CscasTable>;

// ---- national node: issuance (`0003-issuance`) --------------------------------------------

/** Roles of issuance accounts. */
export type IssuanceRole =
  | 'issuer'
  | 'administrator'
  | 'sponsor'
  | 'authority'
  | 'checkpoint'
  | 'laboratory';
/** Health certificate types a node issues. */
export type IssuedCertificateType = 'vaccination' | 'test' | 'recovery';

/** `issuance_accounts`: who may use the issuance API, and in which role. */
export interface IssuanceAccountsTable {
  id: string;
  role: IssuanceRole;
  created_at: TimestampDefault;
  disabled_at: Date | null;
}

/** `issuance_tokens`: API tokens, stored as the SHA-256 of the token text only. */
export interface IssuanceTokensTable {
  id: Identity;
  account: string;
  token_hash: Uint8Array;
  scopes: Json<string[]>;
  label: ColumnType<string, string | undefined, string>;
  created_at: TimestampDefault;
  expires_at: Date | null;
  revoked_at: Date | null;
}

/** `issued_certificates`: the minimum kept per issued certificate (see docs/issuance.md). */
export interface IssuedCertificatesTable {
  uci: string;
  type: IssuedCertificateType;
  country: string;
  kid: string;
  dsc_label: string;
  iat: Timestamp;
  exp: Timestamp;
  holder_hash: Uint8Array;
  signature_hash: Uint8Array;
  idempotency_key_hash: Uint8Array | null;
  request_hash: Uint8Array;
  issued_by: string;
  account: string;
  sealed_hc1: Uint8Array | null;
  sealed_hc1_until: Date | null;
  payload: ColumnType<unknown, string | null | undefined, string | null>;
  payload_until: Date | null;
  revoked_at: Date | null;
  revocation_reason: string | null;
  revoked_by: string | null;
}

/** `issuance_revocation_queue`: EU revocation hashes of revoked certificates, until pushed. */
export interface IssuanceRevocationQueueTable {
  id: Identity;
  uci: string;
  kid: string;
  hash_type: RevocationHashType;
  hash: Uint8Array;
  queued_at: Timestamp;
  /** Set while a push holds the row (a lease: stale claims are taken over). */
  claimed_at: Date | null;
  pushed_at: Date | null;
  gateway_version: Int8 | null;
}

/** The issuance tables, merged into {@link CorridorSchema} (interface declaration merging). */
export interface CorridorSchema {
  issuance_accounts: IssuanceAccountsTable;
  issuance_tokens: IssuanceTokensTable;
  issued_certificates: IssuedCertificatesTable;
  issuance_revocation_queue: IssuanceRevocationQueueTable;
}
