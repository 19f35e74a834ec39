/**
 * The EU DCC gateway trust list (`GET /trustList[/{type}[/{country}]]`) and the DSC list
 * national backends serve to verifier apps (`{ certificates: [...] }`, same items), converted
 * to and from {@link TrustListEntry}.
 */
import { bytesEqual, toBase64, toHex } from '../lib/bytes.js';
import { fail, ok, type Result } from '../lib/result.js';
import {
  assertEntry,
  DEFAULT_INTEROP_LIMITS,
  type InteropLimits,
  isObject,
  kidFromDigest,
  kidText,
  member,
  ProblemLog,
  parseJsonInput,
  readCertificateText,
  sha256,
  TRUST_LIST_KINDS,
  type TrustListEntry,
  type TrustListImport,
  type TrustListKind,
  thumbprintOf,
  tryBase64,
} from './entry.js';
import type { InteropCode } from './findings.js';

/** One item of the gateway's trust list (its `TrustListDto`). */
export interface EuTrustListItem {
  /** Standard base64 of the key identifier. */
  kid: string;
  /** When the gateway accepted the certificate (ISO 8601). */
  timestamp?: string;
  /** ISO 3166-1 alpha-2 country of the participant. */
  country: string;
  certificateType: TrustListKind;
  /** Lower-case hex SHA-256 of the DER certificate. */
  thumbprint: string;
  /** The Trust Anchor's CMS signature (base64); absent for entries Corridor did not receive. */
  signature?: string;
  /** Standard base64 of the DER certificate. */
  rawData: string;
}

/** The DSC list national backends serve to verifier apps. */
export interface EuDscList {
  certificates: EuTrustListItem[];
}

/** Options of the EU importers. */
export interface EuImportOptions {
  limits?: Partial<InteropLimits>;
}

const COUNTRY = /^[A-Z]{2}$/;
const THUMBPRINT = /^[0-9a-fA-F]{64}$/;
const TIMESTAMP =
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/;
const BASE64_TEXT = /^[A-Za-z0-9+/=_\-\s]*$/;
const MAX_KID_TEXT = 128;
const MAX_SIGNATURE_TEXT = 64 * 1024;

/**
 * Imports the EU DCC gateway trust list: a JSON array (text or parsed) of
 * `{ kid, timestamp, country, certificateType, thumbprint, signature, rawData }`.
 *
 * Every field is validated; `rawData` (base64 DER, PEM tolerated) is read as X.509 within the
 * size limit; `thumbprint` must be the hex SHA-256 of the DER, and for DSCs `kid` must be the
 * base64 of the first 8 bytes of that hash. A country other than the certificate's `C` is a
 * warning. Problems are coded per entry (`problems[].index`); an entry with an error is left
 * out. The list itself fails (`ok: false`) only when it is not JSON, not an array, or too long.
 *
 * The `signature` member (the Trust Anchor's CMS SignedData over the entry) is kept as given
 * but **not verified** here: checking it needs the Trust Anchor certificate and a CMS verifier,
 * which belong to the gateway client, not to this pure converter. `timestamp` and `signature`
 * are optional on import so that lists Corridor exported itself can be read back.
 *
 * @example
 * const result = await parseEuTrustList(await response.text());
 * if (result.ok) for (const p of result.value.problems) console.warn(p.code, p.params);
 */
export async function parseEuTrustList(
  json: unknown,
  options: EuImportOptions = {},
): Promise<Result<TrustListImport, InteropCode>> {
  const limits = { ...DEFAULT_INTEROP_LIMITS, ...options.limits };
  const parsed = parseJsonInput(json, limits);
  if (!parsed.ok) return fail(parsed.code, parsed.params);
  if (!Array.isArray(parsed.value)) {
    return fail('INTEROP_SHAPE_INVALID', { reason: 'the trust list is not a JSON array' });
  }
  return importItems(parsed.value, limits);
}

/**
 * Imports the DSC list a national backend serves to verifier apps:
 * `{ certificates: [ { certificateType: 'DSC', country, kid, rawData, signature, thumbprint,
 * timestamp } ] }` (the items are the gateway's, so the checks of {@link parseEuTrustList}
 * apply). Backends that sign this list (e.g. a signature line before the JSON) must have that
 * signature checked and removed by the caller.
 */
export async function parseEuDscList(
  json: unknown,
  options: EuImportOptions = {},
): Promise<Result<TrustListImport, InteropCode>> {
  const limits = { ...DEFAULT_INTEROP_LIMITS, ...options.limits };
  const parsed = parseJsonInput(json, limits);
  if (!parsed.ok) return fail(parsed.code, parsed.params);
  const certificates = isObject(parsed.value) ? member(parsed.value, 'certificates') : undefined;
  if (!Array.isArray(certificates)) {
    return fail('INTEROP_SHAPE_INVALID', {
      reason: 'expected an object with a certificates array',
    });
  }
  return importItems(certificates, limits);
}

/**
 * Exports entries as the EU gateway trust list items. `thumbprint` is computed when an entry
 * has none; `timestamp` and `signature` are written only when the entry has them (Corridor
 * is not the EU Trust Anchor and cannot produce its signature).
 *
 * @throws TypeError when an entry is not a {@link TrustListEntry} (a programming error).
 */
export async function toEuTrustList(
  entries: readonly TrustListEntry[],
): Promise<EuTrustListItem[]> {
  const out: EuTrustListItem[] = [];
  for (const [index, entry] of entries.entries()) {
    assertEntry(entry, index);
    const item: EuTrustListItem = {
      kid: kidText(entry.kid),
      country: entry.country,
      certificateType: entry.kind,
      thumbprint: entry.thumbprint ?? (await thumbprintOf(entry.certificate)),
      rawData: toBase64(entry.certificate),
    };
    if (entry.timestamp !== undefined) item.timestamp = entry.timestamp;
    if (entry.signature !== undefined) item.signature = entry.signature;
    out.push(item);
  }
  return out;
}

/** Exports the DSC entries (others are left out) as a verifier-app DSC list. */
export async function toEuDscList(entries: readonly TrustListEntry[]): Promise<EuDscList> {
  return { certificates: await toEuTrustList(entries.filter((e) => e.kind === 'DSC')) };
}

async function importItems(
  items: unknown[],
  limits: InteropLimits,
): Promise<Result<TrustListImport, InteropCode>> {
  if (items.length > limits.maxEntries) {
    return fail('INTEROP_TOO_MANY_ENTRIES', { count: items.length, limit: limits.maxEntries });
  }
  const log = new ProblemLog();
  const entries: TrustListEntry[] = [];
  for (let index = 0; index < items.length; index++) {
    const entry = await importItem(items[index], index, limits, log);
    if (entry && !log.rejected(index)) entries.push(entry);
  }
  return ok({ entries, problems: log.problems });
}

async function importItem(
  item: unknown,
  index: number,
  limits: InteropLimits,
  log: ProblemLog,
): Promise<TrustListEntry | undefined> {
  if (!isObject(item)) {
    log.add(index, 'INTEROP_FIELD_INVALID', { field: '(entry)', reason: 'not an object' });
    return undefined;
  }
  const invalid = (field: string, reason: string) =>
    log.add(index, 'INTEROP_FIELD_INVALID', { field, reason });

  const country = member(item, 'country');
  if (typeof country !== 'string' || !COUNTRY.test(country)) {
    invalid('country', 'expected two upper-case letters');
  }
  const type = member(item, 'certificateType');
  let kind: TrustListKind | undefined;
  if (typeof type !== 'string') invalid('certificateType', 'expected a string');
  else if ((TRUST_LIST_KINDS as readonly string[]).includes(type)) kind = type as TrustListKind;
  else log.add(index, 'INTEROP_KIND_UNSUPPORTED', { kind: type.slice(0, 40) });

  const kidValue = member(item, 'kid');
  let kid: Uint8Array | undefined;
  if (typeof kidValue !== 'string' || kidValue.length > MAX_KID_TEXT) {
    invalid('kid', 'expected base64 text');
  } else {
    kid = tryBase64(kidValue);
    if (!kid || kid.length === 0 || kid.length > 64) invalid('kid', 'expected base64 text');
  }
  const thumbprint = member(item, 'thumbprint');
  if (typeof thumbprint !== 'string' || !THUMBPRINT.test(thumbprint)) {
    invalid('thumbprint', 'expected 64 hexadecimal digits');
  }
  const timestamp = member(item, 'timestamp');
  if (timestamp !== undefined && (typeof timestamp !== 'string' || !TIMESTAMP.test(timestamp))) {
    invalid('timestamp', 'expected an ISO 8601 date-time');
  }
  const signature = member(item, 'signature');
  if (
    signature !== undefined &&
    (typeof signature !== 'string' ||
      signature.length > MAX_SIGNATURE_TEXT ||
      !BASE64_TEXT.test(signature))
  ) {
    invalid('signature', 'expected base64 text');
  }
  const rawData = member(item, 'rawData');
  if (typeof rawData !== 'string') {
    invalid('rawData', 'expected base64 text');
    return undefined;
  }
  const cert = readCertificateText(rawData, index, 'rawData', limits, log);
  if (!cert || log.rejected(index)) return undefined;

  const digest = await sha256(cert.der);
  const computed = toHex(digest);
  if ((thumbprint as string).toLowerCase() !== computed) {
    log.add(index, 'INTEROP_THUMBPRINT_MISMATCH', { given: thumbprint as string, computed });
  }
  const certKid = kidFromDigest(digest);
  if (kind === 'DSC' && !bytesEqual(kid!, certKid)) {
    log.add(index, 'INTEROP_KID_MISMATCH', {
      given: kidValue as string,
      computed: kidText(certKid),
    });
  }
  if (cert.dsc.country !== undefined && cert.dsc.country !== country) {
    log.add(index, 'INTEROP_COUNTRY_MISMATCH', {
      country: country as string,
      certificateCountry: cert.dsc.country,
    });
  }
  const entry: TrustListEntry = {
    country: country as string,
    kind: kind!,
    kid: kid!,
    certificate: cert.der,
    thumbprint: computed,
  };
  if (typeof timestamp === 'string') entry.timestamp = timestamp;
  if (typeof signature === 'string' && signature !== '') entry.signature = signature;
  return entry;
}
