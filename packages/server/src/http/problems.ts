// Over 500 lines on purpose: one table, one entry per code, that `docs/problems.md` is
// generated from and every service shares; split by service it would scatter the codes that
// any request may answer and make a duplicate code across two files possible.
/**
 * The catalogue of HTTP problem codes: every `title` a Corridor service may answer in an
 * `application/problem+json` body (RFC 9457), the statuses it comes with, and what it means.
 * Clients branch on the code, never on `detail`. `docs/problems.md` is generated from this
 * table (`problems.test.ts` fails when it is out of date).
 */
export interface ProblemDefinition {
  /** The HTTP statuses this code is answered with. */
  statuses: readonly number[];
  /** What happened and what the caller can do, in one or two sentences. */
  meaning: string;
}

export const PROBLEMS = {
  // ---- any request ----
  REQUEST_INVALID: {
    statuses: [400],
    meaning:
      'The request does not match the operation: a field, parameter or header is missing or malformed (`errors` lists each), the body is not JSON, or the database cannot store a value.',
  },
  REQUEST_TOO_DEEP: {
    statuses: [400],
    meaning:
      'The JSON body nests deeper than the service accepts (64 levels); it was refused before it was parsed into objects.',
  },
  BODY_TOO_LARGE: {
    statuses: [413],
    meaning: 'The body is larger than the operation accepts; the connection is closed.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    statuses: [415],
    meaning:
      'The body has the wrong content type (signed gateway requests are `application/cose`).',
  },
  NOT_FOUND: { statuses: [404], meaning: 'No such route.' },
  INTERNAL_ERROR: {
    statuses: [500],
    meaning: 'A bug: the service failed and changed nothing. Its log has the details.',
  },
  HTTP_ERROR: {
    statuses: [400, 405, 408, 411, 413, 414, 416, 431],
    meaning: 'A refusal by the HTTP layer itself (its status says which).',
  },
  // ---- authentication and authorisation ----
  TOKEN_MISSING: {
    statuses: [401],
    meaning: 'No `Authorization: Bearer <token>` header (the scheme name is case-insensitive).',
  },
  TOKEN_INVALID: { statuses: [401], meaning: 'The bearer token is unknown, revoked or expired.' },
  TOKEN_NOT_FOUND: { statuses: [404], meaning: 'No such token.' },
  TOKEN_EXPIRY_INVALID: {
    statuses: [422],
    meaning: 'A token cannot be created already expired, nor for longer than a year.',
  },
  SCOPE_MISSING: {
    statuses: [403],
    meaning: "The token lacks a scope the operation needs (or its account's role forbids it).",
  },
  SCOPES_INVALID: {
    statuses: [422],
    meaning: 'The requested scopes are not a list of known scopes.',
  },
  SCOPE_NOT_ALLOWED: {
    statuses: [422],
    meaning: "A requested scope is beyond the account's role.",
  },
  OPERATOR_UNAUTHENTICATED: {
    statuses: [401],
    meaning: 'Gateway operator actions need the operator token.',
  },
  ACCOUNT_DISABLED: { statuses: [409], meaning: 'The account is disabled.' },
  ACCOUNT_INVALID: { statuses: [422], meaning: 'The account name or role is not acceptable.' },
  ACCOUNT_NOT_FOUND: { statuses: [404], meaning: 'No such account.' },
  ACCOUNT_ROLE_MISMATCH: {
    statuses: [409],
    meaning: 'The account exists with another role.',
  },
  // ---- staff sign-in (web app sessions) ----
  LOGIN_FAILED: {
    statuses: [401],
    meaning:
      'The account name or password is wrong, the account is disabled or has no password (one code, so a caller learns nothing about which).',
  },
  LOGIN_THROTTLED: {
    statuses: [429],
    meaning:
      'Too many failed sign-ins for this account or from this address; `Retry-After` says when the window ends.',
  },
  SESSION_INVALID: {
    statuses: [401],
    meaning:
      'The session cookie is unknown, expired, idle too long or ended (logout, a new sign-in, a password change); sign in again.',
  },
  CSRF_FAILED: {
    statuses: [403],
    meaning:
      'A session-authenticated change without the `X-CSRF-Token` of the session, or from another origin.',
  },
  PASSWORD_WEAK: {
    statuses: [422],
    meaning:
      'The password is too short (under 12 characters) or too long, contains the account name, or is one character repeated.',
  },
  // ---- signed gateway requests ----
  REQUEST_MALFORMED: {
    statuses: [400],
    meaning:
      'The signed gateway request is not a well-formed COSE_Sign1 request, or its body lacks a field.',
  },
  REQUEST_UNAUTHENTICATED: {
    statuses: [401],
    meaning: "The request is not signed by the participant's current upload key.",
  },
  REQUEST_STALE: {
    statuses: [401],
    meaning:
      'The request was signed too long ago or in the future (clock skew beyond five minutes).',
  },
  REQUEST_WRONG_PARTICIPANT: {
    statuses: [403],
    meaning: 'The request acts for another participant, or the participant record is not intact.',
  },
  REQUEST_REPLAYED: { statuses: [409], meaning: 'The request nonce was used before.' },
  // ---- gateway: participants, certificates, documents ----
  COUNTRY_INVALID: { statuses: [422], meaning: 'The country is not ISO 3166-1 alpha-2.' },
  PARTICIPANT_EXISTS: { statuses: [409], meaning: 'The country is already onboarded.' },
  CSCA_MISSING: { statuses: [422], meaning: 'Onboarding needs at least one CSCA certificate.' },
  CSCA_COUNTRY_MISMATCH: { statuses: [422], meaning: 'A CSCA is not of the onboarded country.' },
  CERTIFICATE_UNREADABLE: {
    statuses: [400, 410, 422],
    meaning: 'A certificate cannot be read (or a stored one is no longer available).',
  },
  CERT_COUNTRY_MISMATCH: {
    statuses: [422],
    meaning: 'An upload or authority certificate is not of the country.',
  },
  CERT_EXPIRED: { statuses: [422], meaning: 'A certificate offered at onboarding has expired.' },
  DSC_COUNTRY_MISMATCH: { statuses: [422], meaning: 'The DSC is not of the uploading country.' },
  DSC_VALIDITY_INVALID: {
    statuses: [422],
    meaning: 'The DSC is expired or its validity is empty.',
  },
  DSC_KEY_USAGE_NOT_PERMITTED: {
    statuses: [422],
    meaning: 'The DSC carries an extended key usage the gateway does not permit.',
  },
  DSC_KEY_UNSUPPORTED: { statuses: [422], meaning: 'The DSC key is neither P-256 nor RSA.' },
  DSC_IS_CA: { statuses: [422], meaning: 'A CA certificate is no DSC.' },
  DSC_NOT_CHAINED: {
    statuses: [422],
    meaning: "The DSC is not signed by one of the country's CSCAs.",
  },
  DSC_NOT_FOUND: {
    statuses: [403, 404],
    meaning:
      "No active DSC with this kid belongs to the requesting country (403 when it is another country's).",
  },
  KID_COLLISION: { statuses: [409], meaning: 'The kid already belongs to another participant.' },
  DSC_DUPLICATE: { statuses: [409], meaning: 'This DSC is already uploaded.' },
  FORMAT_TRUST_MALFORMED: {
    statuses: [400],
    meaning:
      'A format-trust upload does not have the shape of its format (`docs/formats/README.md`): a field is missing, of the wrong type or too large.',
  },
  FORMAT_TRUST_INVALID: {
    statuses: [422],
    meaning:
      'The uploaded JWK set, DID document, CSCA or CRL, or DIVOC key cannot be used as a verifier would use it (`detail` says why).',
  },
  FORMAT_TRUST_COUNTRY_MISMATCH: {
    statuses: [422],
    meaning: 'The VDS-NC CSCA is not of the uploading country.',
  },
  FORMAT_TRUST_COLLISION: {
    statuses: [409],
    meaning:
      'The SHC issuer, NZCP DID, VDS-NC CSCA or DIVOC verification method already belongs to another participant.',
  },
  FORMAT_TRUST_DUPLICATE: { statuses: [409], meaning: 'This trust is already uploaded.' },
  FORMAT_TRUST_NOT_FOUND: {
    statuses: [403, 404],
    meaning:
      "The participant has no live trust for this format and subject (403 when it is another participant's).",
  },
  DOCUMENT_SIGNATURE_INVALID: {
    statuses: [422],
    meaning: "The document is not signed by the country's authority key.",
  },
  REVOCATION_BATCH_INVALID: {
    statuses: [422],
    meaning: 'A revocation batch holds 1 to 1,000 hashes of 16 bytes each.',
  },
  REVOCATION_KID_NOT_OWN: {
    statuses: [403],
    meaning: 'Revocation hashes may be uploaded only under a DSC kid of the uploading country.',
  },
  AGREEMENT_EXISTS: { statuses: [409], meaning: 'An agreement with this id exists.' },
  AGREEMENT_INVALID: { statuses: [422], meaning: 'The document is not a signed agreement.' },
  AGREEMENT_SIGNATURE_INVALID: {
    statuses: [422],
    meaning: "The agreement is not signed by both parties' authority keys.",
  },
  AGREEMENT_NOT_FOUND: { statuses: [404], meaning: 'No such agreement.' },
  AGREEMENT_STATE: {
    statuses: [403, 409],
    meaning:
      'The agreement is not in a state that allows this transition, or the caller is not the party that may make it.',
  },
  TLOG_RANGE: {
    statuses: [422],
    meaning: 'The transparency-log sizes asked for are out of range.',
  },
  // ---- gateway: lane versions ----
  LANE_VERSION_CHAIN: {
    statuses: [409],
    meaning:
      'A lane version must be version 1 of a new lane or supersede the latest recorded version of the same lane, between the same parties.',
  },
  LANE_VERSION_NOT_FOUND: { statuses: [404], meaning: 'No such lane version at the gateway.' },
  // ---- national node ----
  BUNDLE_NOT_SYNCED: { statuses: [404], meaning: 'The node has not synced a trust bundle yet.' },
  DCC_INVALID: {
    statuses: [422],
    meaning:
      'The certificate payload was refused; `errors` lists every field problem with its code.',
  },
  IDEMPOTENCY_KEY_INVALID: { statuses: [400], meaning: 'The Idempotency-Key header is malformed.' },
  IDEMPOTENCY_KEY_REUSED: {
    statuses: [409],
    meaning: 'The Idempotency-Key was used for another request body.',
  },
  UCI_EXISTS: { statuses: [409], meaning: 'A certificate with this UCI exists.' },
  CERTIFICATE_NOT_FOUND: { statuses: [404], meaning: 'No such certificate.' },
  CERTIFICATE_TEXT_PURGED: {
    statuses: [410],
    meaning: 'The certificate exists, but its text was deleted under the retention policy.',
  },
  ALREADY_REVOKED: { statuses: [409], meaning: 'The certificate is already revoked.' },
  REASON_INVALID: {
    statuses: [422],
    meaning: 'A revocation needs a reason of at most 500 characters.',
  },
  ISSUANCE_NO_DSC: { statuses: [503], meaning: 'The node has no DSC to sign with.' },
  ISSUANCE_DSC_UNKNOWN: { statuses: [422], meaning: "The named DSC is not one of the node's." },
  ISSUANCE_DSC_EXPIRED: { statuses: [503], meaning: "The node's DSC has expired." },
  ISSUANCE_DSC_NOT_YET_USABLE: { statuses: [503], meaning: "The node's DSC is not valid yet." },
  ISSUANCE_DSC_REVOKED: { statuses: [503], meaning: "The node's DSC is revoked." },
  ISSUANCE_DSC_WRONG_USAGE: {
    statuses: [503],
    meaning: "The node's DSC may not sign this certificate type.",
  },
  SYNC_FAILED: {
    statuses: [502],
    meaning:
      'The node could not push its revocations to the gateway or pull the bundle; `detail` says why.',
  },
  // ---- national node: fast-track lanes ----
  LANE_DOCUMENT_INVALID: {
    statuses: [422],
    meaning:
      "The lane document is not a valid lane countersigned by both parties' authorities; `detail` names the lane code.",
  },
  LANE_VERSION_CONFLICT: {
    statuses: [409],
    meaning:
      'This lane version is already recorded with different content; amend with a new version.',
  },
  LANE_NOT_IN_FORCE: { statuses: [422], meaning: 'No version of the lane is in force now.' },
  LANE_NO_PASS_SIGNER: {
    statuses: [503],
    meaning: 'The node has no valid, unrevoked DSC with the entry-pass key usage to sign passes.',
  },
  SPONSOR_INVALID: {
    statuses: [422],
    meaning: 'A sponsor needs an id, a name of 1 to 200 characters and a country code.',
  },
  SPONSOR_EXISTS: { statuses: [409], meaning: 'A sponsor with this id is already registered.' },
  SPONSOR_UNKNOWN: {
    statuses: [422],
    meaning: 'The sponsor is not registered with the approving authority, or is disabled.',
  },
  APPLICATION_INVALID: {
    statuses: [422],
    meaning:
      'A field of the application is malformed or could not be carried on an entry pass (`errors` names it).',
  },
  CONSENT_MISSING: {
    statuses: [422],
    meaning: "The traveller's consent to the processing is required.",
  },
  LANE_DIRECTION_NOT_SERVED: {
    statuses: [422],
    meaning: 'The lane version in force has no direction from this origin to this node.',
  },
  LANE_CATEGORY_NOT_ELIGIBLE: {
    statuses: [422],
    meaning: 'The category is not eligible on the lane version in force.',
  },
  LANE_VISA_CLASS_NOT_ACCEPTED: {
    statuses: [422],
    meaning:
      'The category accepts only some visa classes, and this one (or none) is not among them.',
  },
  LANE_REGION_NOT_SERVED: {
    statuses: [422],
    meaning: 'The destination region is not served by the lane.',
  },
  LANE_PORT_NOT_SERVED: {
    statuses: [422],
    meaning: 'The port is not a port of entry of the lane.',
  },
  LANE_LEAD_TIME_TOO_SHORT: {
    statuses: [422],
    meaning: 'The planned arrival is closer than the lead time the lane requires.',
  },
  LANE_ENTRY_WINDOW_OUTSIDE: {
    statuses: [422],
    meaning: "The entry window would leave the lane version's period, or outlive the passport.",
  },
  LANE_QUOTA_EXHAUSTED: {
    statuses: [409],
    meaning:
      'No quota is left for the arrival day (direction, port or sponsor); nothing was reserved.',
  },
  APPLICATION_NOT_FOUND: { statuses: [404], meaning: 'No such application (for this sponsor).' },
  APPLICATION_STATE_CONFLICT: {
    statuses: [409],
    meaning:
      'The application is not in the state this operation needs (already decided, withdrawn, or purged).',
  },
  REFUSAL_REASON_INVALID: {
    statuses: [422],
    meaning: 'A refusal needs a reason code (A-Z, 0-9, _ or -) and a text of 1 to 500 characters.',
  },
  PREVENTION_PLAN_INVALID: {
    statuses: [422],
    meaning:
      'A prevention plan attachment must be a PDF file (`%PDF-` header, `%%EOF` trailer) of at most 2 MiB.',
  },
  PREVENTION_PLAN_NOT_FOUND: {
    statuses: [404],
    meaning: 'The application has no prevention plan (neither text nor PDF).',
  },
  PREVENTION_PLAN_PURGED: {
    statuses: [410],
    meaning: "The plan was deleted with the application's personal data.",
  },
  PASS_NOT_FOUND: { statuses: [404], meaning: 'No such entry pass.' },
  PASS_ALREADY_REVOKED: { statuses: [409], meaning: 'The entry pass is already revoked.' },
  PASS_TEXT_PURGED: {
    statuses: [410],
    meaning: "The pass exists, but its text was deleted with the application's personal data.",
  },
  // ---- lane checkpoints and arrivals (lanes/checks.ts, lanes/arrivals.ts) ----
  LANE_TRUST_UNAVAILABLE: {
    statuses: [503],
    meaning:
      'The node holds no trust bundle to decide with yet (it has not synced one from the gateway); nothing was recorded. Retry after a sync.',
  },
  LANE_ARRIVAL_SITE_MISSING: {
    statuses: [503],
    meaning:
      'The node names no holding facility and laboratory for this port of entry, so the admitted arrival cannot be recorded; nothing was recorded. A configuration error of the node.',
  },
  LANE_PASS_ALREADY_USED: {
    statuses: [409],
    meaning:
      'The entry pass was already used to arrive (or its traveller released); an arrival check of it again is not recorded. A person must look.',
  },
  ARRIVAL_NOT_FOUND: {
    statuses: [404],
    meaning: 'No arrival of this application (ordered at this laboratory).',
  },
  ARRIVAL_STATE_CONFLICT: {
    statuses: [409],
    meaning:
      'The arrival is not in the state this operation needs (the sample is already recorded, or the result is in).',
  },
  LANE_RESULT_CERTIFICATE_INVALID: {
    statuses: [422],
    meaning:
      "The HC1 result certificate does not verify against the node's trust bundle (`errors` lists the finding codes).",
  },
  LANE_RESULT_NOT_A_TEST: {
    statuses: [422],
    meaning: 'The result certificate is not an HC1 test certificate with one test entry.',
  },
  LANE_RESULT_UNKNOWN: {
    statuses: [422],
    meaning:
      "The test certificate's result is neither detected (260373001) nor not detected (260415000).",
  },
  LANE_RESULT_HOLDER_MISMATCH: {
    statuses: [422],
    meaning:
      'The test certificate names another person than the entry pass (transliterated names or date of birth differ).',
  },
  LANE_RESULT_SAMPLE_BEFORE_ARRIVAL: {
    statuses: [422],
    meaning:
      "The test certificate's sample was taken before the traveller's arrival check: it is not the arrival test.",
  },
  ESCALATION_NOT_FOUND: { statuses: [404], meaning: 'No such escalation.' },
  ESCALATION_ALREADY_ACKNOWLEDGED: {
    statuses: [409],
    meaning: 'The escalation was already acknowledged by the local authority.',
  },
  // ---- circuit breakers: indicators and overrides (gateway), breakers in force (node) ----
  INDICATORS_UNSIGNED: {
    statuses: [422],
    meaning:
      "The indicator document is not signed by the publishing participant's authority key (`detail` names the `INDICATOR_*` finding).",
  },
  INDICATORS_INVALID: {
    statuses: [422],
    meaning:
      'The indicator document is refused by the reader: size, type, a field, a date or a value (`detail` names the `INDICATOR_*` finding).',
  },
  INDICATORS_SEQUENCE_CONFLICT: {
    statuses: [409],
    meaning:
      'Another document was published under the same country, indicator, lane and sequence number; publish a correction with a higher sequence.',
  },
  BREAKER_OVERRIDE_UNSIGNED: {
    statuses: [422],
    meaning:
      "The override is not signed by the requesting participant's authority key; a breaker is never overridden without it.",
  },
  BREAKER_OVERRIDE_REASON_MISSING: {
    statuses: [422],
    meaning: 'The override gives no reason; at least one of en, zh, ko is required.',
  },
  BREAKER_OVERRIDE_INVALID: {
    statuses: [422],
    meaning:
      'The override is refused by the reader: size, type or a field (`detail` names the `OVERRIDE_*` finding).',
  },
  BREAKER_OVERRIDE_EXISTS: {
    statuses: [409],
    meaning: 'Another override of this country has the same id; an id names one decision.',
  },
  LANE_SIGNAL_TIME_INVALID: {
    statuses: [422],
    meaning:
      "The document is dated more than a day before the gateway clock (backdating would rewrite the breakers' past) or too far ahead of it.",
  },
  LANE_BREAKER_IN_FORCE: {
    statuses: [409],
    meaning:
      'A circuit breaker of the lane is in force and its scope blocks this (new applications or new passes); `detail` names the breaker. Passes already issued are untouched.',
  },
  // ---- lanes: monitoring after release (lanes/monitoring) ----
  MONITORING_LINK_INVALID: {
    statuses: [401],
    meaning:
      'The report link is missing, unknown, replaced by a newer link, or its monitoring has ended or was purged (one code: a caller learns nothing about which).',
  },
  MONITORING_NOT_FOUND: { statuses: [404], meaning: 'No monitoring for this pass.' },
  MONITORING_ALREADY_STARTED: {
    statuses: [409],
    meaning: 'Monitoring of this pass has already started (it starts once, at release).',
  },
  MONITORING_PASS_REVOKED: {
    statuses: [409],
    meaning: 'The pass is revoked: there is no exemption left to monitor.',
  },
  MONITORING_CLOSED: {
    statuses: [409],
    meaning:
      'The monitoring period has not begun, has ended, or was terminated (positive test or close contact); no report is taken.',
  },
  MONITORING_REPORT_EXISTS: {
    statuses: [409],
    meaning: 'A report for this monitoring day was already taken; the first one stands.',
  },
  MONITORING_REPORT_INVALID: {
    statuses: [422],
    meaning:
      'The report is not acceptable: an unknown symptom code, or a location that is not a region of the destination country (`errors` names the field).',
  },
  ESCALATION_ALREADY_RESOLVED: {
    statuses: [409],
    meaning: 'The escalation was already resolved.',
  },
  // ---- lanes: events, webhooks and streams (lanes/events) ----
  SUBSCRIPTION_INVALID: {
    statuses: [422],
    meaning:
      'The webhook URL (absolute, https or http on loopback, no credentials, 2,048 characters at most) or the event types are not acceptable.',
  },
  SUBSCRIPTION_LIMIT_REACHED: {
    statuses: [409],
    meaning: 'The account already holds the most subscriptions allowed (20).',
  },
  SUBSCRIPTION_NOT_FOUND: {
    statuses: [404],
    meaning: 'No such subscription for this account.',
  },
  EVENT_STREAMS_EXHAUSTED: {
    statuses: [503],
    meaning: 'The node serves as many event streams as it allows; retry later (see Retry-After).',
  },
} as const satisfies Record<string, ProblemDefinition>;

/** Every problem code a Corridor service answers with. */
export type ProblemCode = keyof typeof PROBLEMS;
