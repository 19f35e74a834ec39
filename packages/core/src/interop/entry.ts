/**
 * The neutral trust-list entry every interop format converts to and from, with the limits and
 * small helpers the converters share. Pure and isomorphic: WebCrypto for hashing only.
 */
import { fromBase64, toBase64, toHex } from '../lib/bytes.js';
import type { FindingParams } from '../report/finding.js';
import {
  CertificateError,
  type DscCertificate,
  MAX_CERTIFICATE_SIZE,
  readDsc,
} from '../x509/dsc.js';
import { INTEROP_FINDINGS, type InteropCode } from './findings.js';

/** The roles a certificate plays in the EU DCC gateway (and their GDHCN key usages). */
export const TRUST_LIST_KINDS = ['CSCA', 'DSC', 'UPLOAD', 'AUTHENTICATION'] as const;
export type TrustListKind = (typeof TRUST_LIST_KINDS)[number];

/** One certificate of a trust list, independent of the format it came in. */
export interface TrustListEntry {
  /** ISO 3166-1 alpha-2 country (or gateway participant code) the certificate belongs to. */
  country: string;
  kind: TrustListKind;
  /** Key identifier; for DSCs the first 8 bytes of the SHA-256 of the DER (HCERT §3.3.1). */
  kid: Uint8Array;
  /** The certificate, DER. */
  certificate: Uint8Array;
  /** Lower-case hex SHA-256 of `certificate`. */
  thumbprint?: string;
  /** When the source list says the entry was added (ISO 8601, as given). */
  timestamp?: string;
  /** GDHCN trust domain, e.g. `DCC`, `DDCC`, `ICVP`. */
  domain?: string;
  /**
   * The EU gateway Trust Anchor's CMS signature over the entry (base64), kept as received.
   * Corridor does not verify it (see `docs/interop.md`).
   */
  signature?: string;
}

/** One coded problem with one entry of an imported list. */
export interface InteropProblem {
  /** Position of the entry in the source list (0-based). */
  index: number;
  code: InteropCode;
  severity: 'error' | 'warning' | 'info';
  params: FindingParams;
}

/**
 * What an import yields: the entries that passed every check, and the problems found.
 * An entry with an `error` problem is left out; `warning` and `info` problems keep it.
 */
export interface TrustListImport {
  entries: TrustListEntry[];
  problems: InteropProblem[];
}

/** Bounds every importer enforces; exceeding one is a coded result, never a crash. */
export interface InteropLimits {
  /** Most entries in one list. */
  maxEntries: number;
  /** Largest certificate, DER bytes. */
  maxCertificateSize: number;
  /** Longest JSON text accepted when the list is given as a string. */
  maxTextLength: number;
}

/** Defaults: 100,000 entries, 16 KiB per certificate, 256 MiB of JSON text. */
export const DEFAULT_INTEROP_LIMITS: InteropLimits = {
  maxEntries: 100_000,
  maxCertificateSize: MAX_CERTIFICATE_SIZE,
  maxTextLength: 256 * 1024 * 1024,
};

/** Longest base64 text a certificate of `maxSize` bytes can take (with PEM armour and breaks). */
export function maxCertificateText(maxSize: number): number {
  return Math.ceil(maxSize / 3) * 4 + Math.ceil(maxSize / 48) * 2 + 128;
}

/** Collects problems for one entry and tells whether it is still acceptable. */
export class ProblemLog {
  readonly problems: InteropProblem[] = [];

  add(index: number, code: InteropCode, params: FindingParams = {}): void {
    const severity = INTEROP_FINDINGS[code].severity;
    this.problems.push({ index, code, severity, params: { index, ...params } });
  }

  /** `true` when entry `index` has an `error` problem. */
  rejected(index: number): boolean {
    return this.problems.some((p) => p.index === index && p.severity === 'error');
  }
}

/** Reads a JSON text (bounded) or passes an already-parsed value through. */
export function parseJsonInput(
  input: unknown,
  limits: InteropLimits,
): { ok: true; value: unknown } | { ok: false; code: InteropCode; params: FindingParams } {
  if (typeof input !== 'string') return { ok: true, value: input };
  if (input.length > limits.maxTextLength) {
    return {
      ok: false,
      code: 'INTEROP_TOO_LARGE',
      params: { size: input.length, limit: limits.maxTextLength },
    };
  }
  try {
    return { ok: true, value: JSON.parse(input) };
  } catch (error) {
    return {
      ok: false,
      code: 'INTEROP_JSON_MALFORMED',
      params: { reason: String((error as Error).message).slice(0, 200) },
    };
  }
}

/** A plain (non-array) JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own member of a JSON object (never one inherited from `Object.prototype`). */
export function member(obj: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(obj, name) ? obj[name] : undefined;
}

/** SHA-256 through WebCrypto. */
export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', data as BufferSource));
}

/** The HCERT `kid` of a certificate: the first 8 bytes of the SHA-256 of its DER. */
export function kidFromDigest(digest: Uint8Array): Uint8Array {
  return digest.slice(0, 8);
}

/** Decodes base64 (standard or URL alphabet); `undefined` instead of throwing. */
export function tryBase64(text: string): Uint8Array | undefined {
  try {
    return fromBase64(text);
  } catch {
    return undefined;
  }
}

/**
 * Decodes certificate text (bare base64 or PEM) within the size bound, and reads it.
 * Records `INTEROP_CERTIFICATE_TOO_LARGE` / `INTEROP_CERTIFICATE_UNREADABLE` on failure.
 */
export function readCertificateText(
  text: string,
  index: number,
  field: string,
  limits: InteropLimits,
  log: ProblemLog,
): { der: Uint8Array; dsc: DscCertificate } | undefined {
  if (text.length > maxCertificateText(limits.maxCertificateSize)) {
    log.add(index, 'INTEROP_CERTIFICATE_TOO_LARGE', { limit: limits.maxCertificateSize });
    return undefined;
  }
  const pem = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(text);
  const der = tryBase64(pem ? pem[1]! : text);
  if (!der || der.length === 0) {
    log.add(index, 'INTEROP_FIELD_INVALID', { field, reason: 'not base64' });
    return undefined;
  }
  if (der.length > limits.maxCertificateSize) {
    log.add(index, 'INTEROP_CERTIFICATE_TOO_LARGE', { limit: limits.maxCertificateSize });
    return undefined;
  }
  try {
    return { der, dsc: readDsc(der) };
  } catch (error) {
    const reason = error instanceof CertificateError ? error.message : 'not a certificate';
    log.add(index, 'INTEROP_CERTIFICATE_UNREADABLE', { reason: reason.slice(0, 200) });
    return undefined;
  }
}

/** Standard base64 of a kid, as both the EU gateway and GDHCN print it. */
export function kidText(kid: Uint8Array): string {
  return toBase64(kid);
}

/** Lower-case hex SHA-256 of `der` (the EU gateway thumbprint). */
export async function thumbprintOf(der: Uint8Array): Promise<string> {
  return toHex(await sha256(der));
}

/**
 * Checks an entry before export; programming errors (an entry Corridor built wrongly) throw.
 * @throws TypeError when a required member is missing or of the wrong type.
 */
export function assertEntry(entry: TrustListEntry, index: number): void {
  if (
    typeof entry !== 'object' ||
    entry === null ||
    typeof entry.country !== 'string' ||
    !(TRUST_LIST_KINDS as readonly string[]).includes(entry.kind) ||
    !(entry.kid instanceof Uint8Array) ||
    !(entry.certificate instanceof Uint8Array)
  ) {
    throw new TypeError(`trust list entry ${index} is not a TrustListEntry`);
  }
}
