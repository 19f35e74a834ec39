// Over 500 lines on purpose: the trust bundle's one wire format (its content type, the CBOR
// map `signTrustBundle` writes, the checks `loadTrustBundle` makes and the `TrustBundle` view
// that reads it) is defined in one place, so signer, loader and reader cannot drift apart.
import { decodeCbor } from '../cbor/decode.js';
import { encodeCbor } from '../cbor/encode.js';
import { type CoseSigner, signCoseSign1 } from '../cose/sign.js';
import { type CoseVerificationKey, verifyCoseSign1 } from '../cose/verify.js';
import { type CoseAlg, type CryptoProvider, defaultCrypto } from '../crypto/provider.js';
import { type LaneSignals, NO_SIGNALS, readLaneSignals } from '../lanes/breaker/lane-state.js';
import { readCountersignedLane } from '../lanes/document.js';
import { laneAt } from '../lanes/lane-at.js';
import type { Lane } from '../lanes/types.js';
import { toHex, utf8Encode } from '../lib/bytes.js';
import { fail, ok, type Result } from '../lib/result.js';
import type { FindingParams } from '../report/finding.js';
import { readRuleSet } from '../rules/document.js';
import type { BusinessRule } from '../rules/types.js';
import { isSignedBy } from '../x509/chain.js';
import { readDsc } from '../x509/dsc.js';
import {
  type AgreementStatus,
  agreementCovers,
  type RecognisedType,
  type RecognitionAgreement,
  readCountersignedAgreement,
} from './agreement.js';
import { encodeBundleFormatTrust } from './format-encode.js';
import type { BundleFormatTrust } from './format-material.js';
import { KidIndex } from './kid-index.js';
import type { FormatTrust, TrustedKey, TrustSource } from './trust-list.js';

/** COSE content type of a trust bundle. */
export const BUNDLE_CONTENT_TYPE = 'application/corridor-trust-bundle+cbor';
/** Default lifetime of a bundle: a verifier must refresh at least this often. */
export const DEFAULT_BUNDLE_LIFETIME_SECONDS = 48 * 3600;

/** One country's keys in a bundle. */
export interface BundleCountry {
  country: string;
  cscas: Uint8Array[];
  dscs: { der: Uint8Array; kid: Uint8Array }[];
  /** Authority certificates that sign agreements for this country (issued by a CSCA). */
  authorities: Uint8Array[];
}

/** EU revocation design: the first 16 bytes of a SHA-256 (HCERT revocation, §2 of our notes). */
export type RevocationHashType = 'UCI' | 'COUNTRYCODEUCI' | 'SIGNATURE';

export interface BundleRevocations {
  country: string;
  hashType: RevocationHashType;
  hashes: Uint8Array[];
}

export interface BundleAgreement {
  /** The countersigned agreement document. */
  document: Uint8Array;
  status: AgreementStatus;
}

/** Everything a verifier needs offline, signed by the gateway as one COSE_Sign1. */
export interface TrustBundleContent {
  /** Monotonic: a verifier refuses a bundle older than the last it accepted. */
  version: number;
  /** NumericDate seconds. */
  issuedAt: number;
  expiresAt: number;
  gateway: string;
  countries: BundleCountry[];
  revokedKids: { country: string; kid: Uint8Array }[];
  revocations: BundleRevocations[];
  /** Signed rule-set and value-set documents, as their issuers uploaded them. */
  ruleSets: Uint8Array[];
  valueSets: Uint8Array[];
  agreements: BundleAgreement[];
  /** The signed transparency-log tree head this bundle corresponds to. */
  treeHead?: Uint8Array;
  /**
   * Countersigned lane versions (`lanes/document.ts`), every version both sides agreed, so an
   * offline verifier knows which one is in force at any instant. Absent in older bundles.
   */
  lanes?: Uint8Array[];
  /** Signed indicator documents and breaker overrides of the lanes (`docs/breakers.md`). */
  indicators?: Uint8Array[];
  breakerOverrides?: Uint8Array[];
  /** The participants' trust of the other formats (`format-material.ts`); absent in older bundles. */
  formatTrust?: BundleFormatTrust[];
}

/** Encodes and signs a bundle (the gateway's side). */
export async function signTrustBundle(
  content: TrustBundleContent,
  signer: CoseSigner,
  crypto?: CryptoProvider,
): Promise<Uint8Array> {
  const payload = encodeCbor({
    format: 1,
    version: content.version,
    issued_at: content.issuedAt,
    expires_at: content.expiresAt,
    gateway: content.gateway,
    countries: content.countries.map((c) => ({
      country: c.country,
      cscas: c.cscas,
      dscs: c.dscs.map((d) => ({ der: d.der, kid: d.kid })),
      authorities: c.authorities,
    })),
    revoked_kids: content.revokedKids.map((r) => ({ country: r.country, kid: r.kid })),
    revocations: content.revocations.map((r) => ({
      country: r.country,
      hash_type: r.hashType,
      hashes: r.hashes,
    })),
    rule_sets: content.ruleSets,
    value_sets: content.valueSets,
    agreements: content.agreements.map((a) => ({ document: a.document, status: a.status })),
    ...(content.treeHead ? { tree_head: content.treeHead } : {}),
    ...(content.lanes ? { lanes: content.lanes } : {}),
    ...(content.indicators ? { indicators: content.indicators } : {}),
    ...(content.breakerOverrides ? { breaker_overrides: content.breakerOverrides } : {}),
    ...(content.formatTrust ? { format_trust: encodeBundleFormatTrust(content.formatTrust) } : {}),
  });
  const options = { signer, extraProtected: new Map<number, unknown>([[3, BUNDLE_CONTENT_TYPE]]) };
  return signCoseSign1(payload, crypto ? { ...options, crypto } : options);
}

export type BundleCode =
  | 'BUNDLE_MALFORMED'
  | 'BUNDLE_SIGNATURE_INVALID'
  | 'BUNDLE_ROLLBACK'
  | 'BUNDLE_CLOCK_BEFORE_ISSUE'
  | 'BUNDLE_TOO_LARGE';

/** What a verifier remembers of the last bundle it accepted, to refuse rollbacks. */
export interface AcceptedBundle {
  version: number;
  /** Hex SHA-256 of the bundle bytes. */
  hash: string;
}

export interface LoadBundleOptions {
  /** The gateway's bundle-signing keys: the verifier's trust anchors. */
  anchors: readonly CoseVerificationKey[];
  /** The device clock; the bundle is refused when it is earlier than `issued_at`. */
  at: Date;
  /** The last bundle this verifier accepted. */
  previous?: AcceptedBundle;
  crypto?: CryptoProvider;
  /** Largest bundle accepted (default 64 MiB). */
  maxSize?: number;
}

/**
 * Checks and opens a trust bundle: the gateway's signature, the clock, rollback, and then
 * every key in it (each DSC must chain to a CSCA of its own country and be of that country;
 * agreements must carry both parties' valid signatures). Keys and agreements that fail are
 * left out and listed in `rejected`, so one bad upload cannot make a bundle unusable.
 */
export async function loadTrustBundle(
  bytes: Uint8Array,
  options: LoadBundleOptions,
): Promise<Result<TrustBundle, BundleCode>> {
  const crypto = options.crypto ?? defaultCrypto();
  if (bytes.length > (options.maxSize ?? 64 * 1024 * 1024)) return fail('BUNDLE_TOO_LARGE');
  const limits = { maxDepth: 16, maxItems: 5_000_000, allowedTags: new Set([18]) };
  const signed = await verifyCoseSign1(bytes, options.anchors, { crypto, limits });
  if (!signed.ok) {
    return signed.code === 'COSE_SIGNATURE_INVALID' || signed.code === 'COSE_KEY_UNKNOWN'
      ? fail('BUNDLE_SIGNATURE_INVALID', { reason: signed.code })
      : fail('BUNDLE_MALFORMED', { reason: signed.code });
  }
  if (signed.value.sign1.protectedHeader.get(3) !== BUNDLE_CONTENT_TYPE) {
    return fail('BUNDLE_MALFORMED', { reason: 'not a trust bundle' });
  }
  const decoded = decodeCbor(signed.value.sign1.payload, limits);
  if (!decoded.ok) return fail('BUNDLE_MALFORMED', { reason: decoded.code });
  const content = parseContent(decoded.value);
  if (!content) return fail('BUNDLE_MALFORMED', { reason: 'unexpected structure' });
  // Format trust is read by the lazily loaded module: a page that never meets it skips it.
  const formatTrust = (decoded.value as { format_trust?: unknown }).format_trust;
  if (formatTrust !== undefined && !(Array.isArray(formatTrust) && formatTrust.length === 0)) {
    const { parseBundleFormatTrust } = await import('./format-material.js');
    content.formatTrust = parseBundleFormatTrust(formatTrust);
    if (!content.formatTrust) return fail('BUNDLE_MALFORMED', { reason: 'format_trust' });
  }
  const hash = toHex(await crypto.sha256(bytes));
  const atSeconds = options.at.getTime() / 1000;
  if (atSeconds < content.issuedAt) {
    return fail('BUNDLE_CLOCK_BEFORE_ISSUE', {
      at: options.at.toISOString(),
      issued: iso(content.issuedAt),
    });
  }
  const prev = options.previous;
  if (
    prev &&
    (content.version < prev.version || (content.version === prev.version && hash !== prev.hash))
  ) {
    return fail('BUNDLE_ROLLBACK', { version: content.version, previous: prev.version });
  }
  return ok(await TrustBundle.open(content, hash, crypto));
}

/** A checked trust bundle: a {@link TrustSource} for `verify()`, with revocations and agreements. */
export class TrustBundle implements TrustSource {
  private readonly byKid: KidIndex;
  private readonly revoked = new Map<string, Set<string>>();
  private readonly agreements: { agreement: RecognitionAgreement; status: AgreementStatus }[] = [];
  private readonly laneVersions: Lane[] = [];
  private signals: LaneSignals = NO_SIGNALS;
  private readonly ruleList: BusinessRule[] = [];
  readonly rejected: { what: string; reason: string }[] = [];
  readonly dscCount: number;
  /** Trust of the other formats, built from the bundle's checked `formatTrust` entries. */
  formats?: FormatTrust;

  private constructor(
    readonly content: TrustBundleContent,
    /** Hex SHA-256 of the signed bundle; remember it with `version` (see {@link AcceptedBundle}). */
    readonly hash: string,
    keys: TrustedKey[],
  ) {
    this.byKid = new KidIndex(keys);
    this.dscCount = keys.length;
    for (const r of content.revocations) {
      const set = this.revoked.get(`${r.country}:${r.hashType}`) ?? new Set<string>();
      for (const h of r.hashes) set.add(toHex(h.subarray(0, 16)));
      this.revoked.set(`${r.country}:${r.hashType}`, set);
    }
  }

  static async open(
    content: TrustBundleContent,
    hash: string,
    crypto: CryptoProvider,
  ): Promise<TrustBundle> {
    const revokedKids = new Set(content.revokedKids.map((r) => `${r.country}:${toHex(r.kid)}`));
    const keys: TrustedKey[] = [];
    const rejected: { what: string; reason: string }[] = [];
    const authorities = new Map<string, CoseVerificationKey[]>();
    for (const c of content.countries) {
      for (const d of c.dscs) {
        const what = `DSC ${c.country} ${toHex(d.kid)}`;
        if (revokedKids.has(`${c.country}:${toHex(d.kid)}`)) continue;
        const problem = await checkIssued(d.der, c, crypto);
        if (typeof problem === 'string') {
          rejected.push({ what, reason: problem });
          continue;
        }
        keys.push({ kid: d.kid, dsc: problem.dsc, alg: problem.alg, key: problem.key });
      }
      const list: CoseVerificationKey[] = [];
      for (const der of c.authorities) {
        const problem = await checkIssued(der, c, crypto);
        if (typeof problem === 'string')
          rejected.push({ what: `authority ${c.country}`, reason: problem });
        else
          list.push({
            kid: (await crypto.sha256(der)).subarray(0, 8),
            alg: problem.alg,
            key: problem.key,
          });
      }
      authorities.set(c.country, list);
    }
    const bundle = new TrustBundle(content, hash, keys);
    bundle.rejected.push(...rejected);
    for (const a of content.agreements) {
      const read = await readCountersignedAgreement(
        a.document,
        (cc) => authorities.get(cc) ?? [],
        crypto,
      );
      if (read.ok) bundle.agreements.push({ agreement: read.value, status: a.status });
      else bundle.rejected.push({ what: 'agreement', reason: read.code });
    }
    // A destination's rules count only when signed by that country's authority certificate.
    for (const document of content.ruleSets) {
      const read = await readRuleSet(document, (cc) => authorities.get(cc) ?? [], crypto);
      if ('problem' in read) {
        bundle.rejected.push({ what: 'rule set', reason: read.problem });
        continue;
      }
      bundle.ruleList.push(...read.rules);
      for (const r of read.refused)
        bundle.rejected.push({ what: `rule ${r.identifier}`, reason: r.code });
    }
    // A lane counts only with both parties' signatures by their authority certificates.
    for (const document of content.lanes ?? []) {
      const read = await readCountersignedLane(document, (cc) => authorities.get(cc) ?? [], crypto);
      if (!read.ok) {
        bundle.rejected.push({ what: 'lane', reason: read.code });
        continue;
      }
      const lane = read.value;
      const clash = bundle.laneVersions.some((l) => l.id === lane.id && l.version === lane.version);
      if (clash)
        bundle.rejected.push({
          what: `lane ${lane.id} v${lane.version}`,
          reason: 'duplicate version',
        });
      else bundle.laneVersions.push(lane);
    }
    const read = await readLaneSignals(content, (cc) => authorities.get(cc) ?? [], crypto);
    bundle.signals = read.signals;
    bundle.rejected.push(...read.rejected);
    // Loaded only when the bundle carries format trust: the page that never sees it skips it.
    if (content.formatTrust && content.formatTrust.length > 0) {
      const { buildFormatTrust } = await import('./format-trust.js');
      const built = await buildFormatTrust(content.formatTrust, crypto);
      bundle.formats = built.formats;
      bundle.rejected.push(...built.rejected);
    }
    return bundle;
  }

  get version(): number {
    return this.content.version;
  }

  lookup(kid: Uint8Array): readonly TrustedKey[] {
    return this.byKid.lookup(kid);
  }

  /** Bundle-level problems at `at`: expired, or a clock earlier than the bundle. */
  problems(
    at: Date,
  ): { code: 'BUNDLE_EXPIRED' | 'BUNDLE_CLOCK_BEFORE_ISSUE'; params: FindingParams }[] {
    const s = at.getTime() / 1000;
    if (s < this.content.issuedAt) {
      return [
        {
          code: 'BUNDLE_CLOCK_BEFORE_ISSUE',
          params: { at: at.toISOString(), issued: iso(this.content.issuedAt) },
        },
      ];
    }
    if (s >= this.content.expiresAt) {
      return [
        {
          code: 'BUNDLE_EXPIRED',
          params: { expired: iso(this.content.expiresAt), version: this.content.version },
        },
      ];
    }
    return [];
  }

  /** Whether any revocation list applies at all (so verification can skip hashing). */
  get hasRevocations(): boolean {
    return this.revoked.size > 0;
  }

  /**
   * Checks the EU revocation hashes (first 16 bytes of SHA-256 of the UCI, of country code +
   * UCI, and of the signature — for ECDSA only its `r` half) of the issuing country.
   */
  async isRevoked(
    cert: { uci?: string; country?: string; signature: Uint8Array; alg: CoseAlg },
    crypto: CryptoProvider,
  ): Promise<boolean> {
    if (!cert.country) return false;
    const lists = {
      UCI: this.revoked.get(`${cert.country}:UCI`),
      COUNTRYCODEUCI: this.revoked.get(`${cert.country}:COUNTRYCODEUCI`),
      SIGNATURE: this.revoked.get(`${cert.country}:SIGNATURE`),
    };
    const hit = async (set: Set<string> | undefined, data: Uint8Array): Promise<boolean> =>
      set?.has(toHex((await crypto.sha256(data)).subarray(0, 16))) ?? false;
    if (cert.uci && (await hit(lists.UCI, utf8Encode(cert.uci)))) return true;
    if (cert.uci && (await hit(lists.COUNTRYCODEUCI, utf8Encode(cert.country + cert.uci))))
      return true;
    const sig =
      cert.alg === 'ES256' ? cert.signature.subarray(0, cert.signature.length / 2) : cert.signature;
    return hit(lists.SIGNATURE, sig);
  }

  /**
   * Whether a verifier of country `verifier` may accept `type` issued by `issuer` at `at`:
   * always for its own country, otherwise only under an active agreement that covers it.
   */
  recognises(verifier: string, issuer: string, type: RecognisedType, at: Date): boolean {
    if (verifier === issuer) return true;
    const s = at.getTime() / 1000;
    return this.agreements.some(
      (a) => a.status === 'active' && agreementCovers(a.agreement, verifier, issuer, type, s),
    );
  }

  /**
   * The destinations' business rules the bundle carries, each rule set checked against its
   * country's authority certificate and each rule validated; `verify()` selects the applicable
   * ones by destination, type and time (`context.rules`).
   */
  rules(): readonly BusinessRule[] {
    return this.ruleList;
  }

  /** Every checked lane version the bundle carries (both signatures valid). */
  lanes(): readonly Lane[] {
    return this.laneVersions;
  }

  /** The version of lane `id` in force at `at` (see `laneAt`), if any. */
  laneAt(id: string, at: Date): Lane | undefined {
    const versions = this.laneVersions.filter((l) => l.id === id);
    return versions.length > 0 ? laneAt(versions, at) : undefined;
  }

  /** The verified indicator documents and breaker overrides the bundle carries. */
  laneSignals(): LaneSignals {
    return this.signals;
  }

  /** The checked agreements and their status, for display. */
  listAgreements(): readonly { agreement: RecognitionAgreement; status: AgreementStatus }[] {
    return this.agreements;
  }
}

/** A DSC or authority certificate must be of the country and signed by one of its CSCAs. */
async function checkIssued(
  der: Uint8Array,
  country: BundleCountry,
  crypto: CryptoProvider,
): Promise<string | { dsc: ReturnType<typeof readDsc>; alg: CoseAlg; key: unknown }> {
  let dsc: ReturnType<typeof readDsc>;
  try {
    dsc = readDsc(der);
  } catch (error) {
    return (error as Error).message;
  }
  if (dsc.country !== country.country)
    return `country ${dsc.country ?? 'missing'} is not ${country.country}`;
  // A CA (a country's CSCA listed as a signer) would pass the chain check by its own signature.
  if (dsc.ca) return 'a CA certificate cannot sign documents';
  let chained = false;
  for (const csca of country.cscas) {
    if (await isSignedBy(der, csca)) {
      chained = true;
      break;
    }
  }
  if (!chained) return 'not signed by a CSCA of its country';
  if (!dsc.keyAlg) return 'key is neither P-256 nor RSA';
  const key = await crypto.importPublicKey(dsc.spki, dsc.keyAlg, dsc.curve);
  if (key === undefined) return 'key cannot be imported';
  return { dsc, alg: dsc.keyAlg, key };
}

function parseContent(value: unknown): TrustBundleContent | undefined {
  if (!value || typeof value !== 'object' || value instanceof Map) return undefined;
  const v = value as Record<string, unknown>;
  const isBytes = (x: unknown): x is Uint8Array => x instanceof Uint8Array;
  const arr = (x: unknown) => (Array.isArray(x) ? (x as Record<string, unknown>[]) : undefined);
  if (v.format !== 1 || typeof v.version !== 'number' || typeof v.issued_at !== 'number')
    return undefined;
  if (typeof v.expires_at !== 'number' || typeof v.gateway !== 'string') return undefined;
  const countries = arr(v.countries);
  const revokedKids = arr(v.revoked_kids);
  const revocations = arr(v.revocations);
  const agreements = arr(v.agreements);
  if (!countries || !revokedKids || !revocations || !agreements) return undefined;
  if (!Array.isArray(v.rule_sets) || !Array.isArray(v.value_sets)) return undefined;
  const out: TrustBundleContent = {
    version: v.version,
    issuedAt: v.issued_at,
    expiresAt: v.expires_at,
    gateway: v.gateway,
    countries: [],
    revokedKids: [],
    revocations: [],
    ruleSets: v.rule_sets.filter(isBytes),
    valueSets: v.value_sets.filter(isBytes),
    agreements: [],
  };
  for (const c of countries) {
    if (typeof c.country !== 'string' || !Array.isArray(c.cscas) || !Array.isArray(c.dscs))
      return undefined;
    const dscs = (c.dscs as Record<string, unknown>[]).filter(
      (d) => isBytes(d?.der) && isBytes(d?.kid),
    );
    out.countries.push({
      country: c.country,
      cscas: c.cscas.filter(isBytes),
      dscs: dscs.map((d) => ({ der: d.der as Uint8Array, kid: d.kid as Uint8Array })),
      authorities: Array.isArray(c.authorities) ? c.authorities.filter(isBytes) : [],
    });
  }
  for (const r of revokedKids) {
    if (typeof r.country === 'string' && isBytes(r.kid))
      out.revokedKids.push({ country: r.country, kid: r.kid });
  }
  for (const r of revocations) {
    const type = r.hash_type;
    if (typeof r.country !== 'string' || !Array.isArray(r.hashes)) return undefined;
    if (type !== 'UCI' && type !== 'COUNTRYCODEUCI' && type !== 'SIGNATURE') return undefined;
    out.revocations.push({ country: r.country, hashType: type, hashes: r.hashes.filter(isBytes) });
  }
  const statuses = ['proposed', 'signed', 'countersigned', 'active', 'suspended', 'terminated'];
  for (const a of agreements) {
    if (!isBytes(a.document) || !statuses.includes(a.status as string)) return undefined;
    out.agreements.push({ document: a.document, status: a.status as AgreementStatus });
  }
  if (isBytes(v.tree_head)) out.treeHead = v.tree_head;
  for (const [wire, key] of [
    ['lanes', 'lanes'],
    ['indicators', 'indicators'],
    ['breaker_overrides', 'breakerOverrides'],
  ] as const) {
    const list = v[wire];
    if (list === undefined) continue;
    if (!Array.isArray(list) || !list.every(isBytes)) return undefined;
    out[key] = list;
  }
  return out;
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
