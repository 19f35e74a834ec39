/**
 * The WHO GDHCN DID trust list (smart-trust "DID Trustlist v2"): DID documents whose
 * `verificationMethod` entries are `JsonWebKey2020` keys carrying their certificate chain in
 * `x5c` ("embedded" variant), or plain DID ids of further documents ("reference" variant),
 * converted to and from {@link TrustListEntry}.
 */
import { bytesEqual, toBase64, toHex, utf8Decode } from '../lib/bytes.js';
import { fail, ok, type Result } from '../lib/result.js';
import { readDsc } from '../x509/dsc.js';
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
  type TrustListEntry,
  type TrustListImport,
  type TrustListKind,
  tryBase64,
} from './entry.js';
import type { InteropCode } from './findings.js';
import { jwkMembers, jwkMismatch, publicKeyParts } from './jwk.js';

/** The JSON-LD contexts GDHCN trust-list documents declare. */
export const DID_TRUST_LIST_CONTEXT = [
  'https://www.w3.org/ns/did/v1',
  'https://w3id.org/security/suites/jws-2020/v1',
] as const;

/** A GDHCN code value as TNG writes it on a verification method (`{ "code": "DSC" }`). */
export interface DidCodedValue {
  code: string;
}

/** The JWK of one key: EC (`crv`, `x`, `y`) or RSA (`n`, `e`), with `kid` and `x5c`. */
export interface DidPublicKeyJwk {
  kty: 'EC' | 'RSA';
  /** Standard base64 of the key identifier. */
  kid: string;
  /** Standard base64 DER certificates, leaf first. */
  x5c: string[];
  crv?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
}

/** One embedded key of a DID trust list. */
export interface DidVerificationMethod {
  id: string;
  type: 'JsonWebKey2020';
  controller: string;
  publicKeyJwk: DidPublicKeyJwk;
  /** GDHCN key usage (`SCA`, `DSC`, `UP`, `TLS`). */
  keyusage: DidCodedValue;
  /** GDHCN trust domain, when the entry has one. */
  domain?: DidCodedValue;
}

/** A GDHCN DID trust-list document (unsigned: Corridor adds no `proof`). */
export interface DidTrustListDocument {
  '@context': string[];
  id: string;
  controller: string;
  /** Embedded keys, then references (DID ids) to further documents. */
  verificationMethod: (DidVerificationMethod | string)[];
}

/** What {@link parseDidTrustList} yields besides the entries. */
export interface DidTrustListImport extends TrustListImport {
  /** The document's DID. */
  id: string;
  controller?: string;
  /** DID ids listed in place of keys (the "reference" variant); not resolved here. */
  references: string[];
  /** The document's `proof` (JsonWebSignature2020), kept as given and not verified. */
  proof?: Record<string, unknown>;
}

/** Options of {@link parseDidTrustList}. */
export interface DidImportOptions {
  limits?: Partial<InteropLimits>;
  /** Kind for keys whose usage neither the entry nor the DID path names (default `DSC`). */
  kind?: TrustListKind;
  /** Domain for keys whose domain neither the entry nor the DID path names. */
  domain?: string;
}

/** Options of {@link toDidTrustList}. */
export interface DidExportOptions {
  /** The document's DID, e.g. `did:web:trust.example:v2:trustlist:DCC:XXA:DSC`. */
  did: string;
  /** Its controller (default: `did`). */
  controller?: string;
  /** DID ids of further documents to list after the keys (the "reference" variant). */
  references?: readonly string[];
}

/** GDHCN key usage codes (KeyUsage code system) and EU names, mapped to Corridor kinds. */
const USAGE_TO_KIND: Record<string, TrustListKind | null> = {
  SCA: 'CSCA',
  CSCA: 'CSCA',
  DSC: 'DSC',
  UP: 'UPLOAD',
  UPLOAD: 'UPLOAD',
  TLS: 'AUTHENTICATION',
  AUTHENTICATION: 'AUTHENTICATION',
  DECA: null,
  DESC: null,
};

const KIND_TO_USAGE: Record<TrustListKind, string> = {
  CSCA: 'SCA',
  DSC: 'DSC',
  UPLOAD: 'UP',
  AUTHENTICATION: 'TLS',
};

const MAX_ID_TEXT = 2048;
const MAX_KID_TEXT = 256;
const MAX_CHAIN = 10;

/**
 * Imports one GDHCN DID trust-list document (JSON text or parsed).
 *
 * For each `JsonWebKey2020` method: `x5c` (1 to 10 base64 DER certificates, leaf first) is
 * bounded and its leaf read; the JWK's key (`kty` and `crv`/`x`/`y` or `n`/`e`) must be the
 * leaf's SubjectPublicKeyInfo key; for DSCs the JWK `kid` must be the base64 of the first 8
 * bytes of the SHA-256 of the leaf (standard base64, base64url, and TNG's base64url of that
 * base64 text are accepted); the country is the leaf's subject `C`. The kind comes from the
 * method's `keyusage`, else a usage code in its id or the document id (`…:DCC:XXA:DSC`), else
 * `options.kind` (default `DSC`); the domain likewise (`domain`, the path segment after
 * `trustlist`, `options.domain`). String methods are DID references, returned in `references`.
 *
 * Not checked here: the document's JsonWebSignature2020 `proof` (kept in `proof`), the x5c
 * chain beyond its leaf, and certificate validity dates (checked at verification time).
 *
 * @example
 * const result = await parseDidTrustList(await (await fetch(didJsonUrl)).text());
 * if (result.ok) trust = await DscTrustList.create(result.value.entries);
 */
export async function parseDidTrustList(
  json: unknown,
  options: DidImportOptions = {},
): Promise<Result<DidTrustListImport, InteropCode>> {
  const limits = { ...DEFAULT_INTEROP_LIMITS, ...options.limits };
  const parsed = parseJsonInput(json, limits);
  if (!parsed.ok) return fail(parsed.code, parsed.params);
  const doc = parsed.value;
  if (!isObject(doc)) return fail('INTEROP_SHAPE_INVALID', { reason: 'not a DID document' });
  const id = member(doc, 'id');
  if (typeof id !== 'string' || !id.startsWith('did:') || id.length > MAX_ID_TEXT) {
    return fail('INTEROP_SHAPE_INVALID', { reason: 'the document has no DID "id"' });
  }
  const methods = member(doc, 'verificationMethod');
  if (!Array.isArray(methods)) {
    return fail('INTEROP_SHAPE_INVALID', { reason: 'verificationMethod is not an array' });
  }
  if (methods.length > limits.maxEntries) {
    return fail('INTEROP_TOO_MANY_ENTRIES', { count: methods.length, limit: limits.maxEntries });
  }
  const log = new ProblemLog();
  const result: DidTrustListImport = { id, entries: [], problems: log.problems, references: [] };
  const controller = member(doc, 'controller');
  if (typeof controller === 'string' && controller.length <= MAX_ID_TEXT) {
    result.controller = controller;
  }
  const proof = member(doc, 'proof');
  if (isObject(proof)) result.proof = proof;

  for (let index = 0; index < methods.length; index++) {
    const method: unknown = methods[index];
    if (typeof method === 'string') {
      if (method.startsWith('did:') && method.length <= MAX_ID_TEXT) {
        result.references.push(method);
        log.add(index, 'INTEROP_DID_REFERENCE', { did: method });
      } else {
        log.add(index, 'INTEROP_FIELD_INVALID', {
          field: 'verificationMethod',
          reason: 'not a DID',
        });
      }
      continue;
    }
    const entry = await importMethod(method, index, id, options, limits, log);
    if (entry && !log.rejected(index)) result.entries.push(entry);
  }
  return ok(result);
}

/**
 * Exports entries as a GDHCN DID trust-list document ("embedded" variant): one
 * `JsonWebKey2020` method per entry, id `<did>#<base64 kid>`, with the key's JWK members
 * (base64url without padding) taken from the certificate, `kid` and `x5c` (the certificate,
 * standard base64), and the GDHCN `keyusage` (CSCA→SCA, UPLOAD→UP, AUTHENTICATION→TLS) and
 * `domain` codes. `references` are appended as DID ids ("reference" variant). The document
 * is unsigned; publishing it in a GDHCN network needs the operator's JsonWebSignature2020 proof.
 *
 * @throws CertificateError when an entry's certificate cannot be read; TypeError when an entry
 * is malformed or its key is neither EC P-256/P-384/P-521 nor RSA (programming errors: entries
 * are Corridor's own).
 */
export function toDidTrustList(
  entries: readonly TrustListEntry[],
  options: DidExportOptions,
): DidTrustListDocument {
  const controller = options.controller ?? options.did;
  const methods: (DidVerificationMethod | string)[] = [];
  for (const [index, entry] of entries.entries()) {
    assertEntry(entry, index);
    const parts = publicKeyParts(readDsc(entry.certificate));
    if (!parts) throw new TypeError(`trust list entry ${index}: key is neither EC nor RSA`);
    const { kty, ...key } = jwkMembers(parts);
    const kid = kidText(entry.kid);
    const method: DidVerificationMethod = {
      id: `${options.did}#${kid}`,
      type: 'JsonWebKey2020',
      controller,
      publicKeyJwk: {
        kty: kty as 'EC' | 'RSA',
        kid,
        x5c: [toBase64(entry.certificate)],
        ...key,
      },
      keyusage: { code: KIND_TO_USAGE[entry.kind] },
    };
    if (entry.domain !== undefined) method.domain = { code: entry.domain };
    methods.push(method);
  }
  for (const reference of options.references ?? []) methods.push(reference);
  return {
    '@context': [...DID_TRUST_LIST_CONTEXT],
    id: options.did,
    controller,
    verificationMethod: methods,
  };
}

async function importMethod(
  method: unknown,
  index: number,
  documentId: string,
  options: DidImportOptions,
  limits: InteropLimits,
  log: ProblemLog,
): Promise<TrustListEntry | undefined> {
  const invalid = (field: string, reason: string): undefined => {
    log.add(index, 'INTEROP_FIELD_INVALID', { field, reason });
    return undefined;
  };
  if (!isObject(method)) return invalid('verificationMethod', 'not an object or DID');
  const type = member(method, 'type');
  if (type !== 'JsonWebKey2020') {
    log.add(index, 'INTEROP_METHOD_UNSUPPORTED', {
      type: typeof type === 'string' ? type.slice(0, 60) : String(typeof type),
    });
    return undefined;
  }
  const methodId = member(method, 'id');
  if (typeof methodId !== 'string' || methodId.length > MAX_ID_TEXT) {
    return invalid('id', 'expected a DID URL');
  }
  const jwk = member(method, 'publicKeyJwk');
  if (!isObject(jwk)) return invalid('publicKeyJwk', 'expected a JWK object');
  const kty = member(jwk, 'kty');
  if (kty !== 'EC' && kty !== 'RSA') {
    log.add(index, 'INTEROP_KEY_UNSUPPORTED', {
      key: typeof kty === 'string' ? kty.slice(0, 20) : 'none',
    });
    return undefined;
  }
  const x5c = member(jwk, 'x5c');
  if (
    !Array.isArray(x5c) ||
    x5c.length === 0 ||
    x5c.length > MAX_CHAIN ||
    !x5c.every((c) => typeof c === 'string')
  ) {
    return invalid('publicKeyJwk.x5c', `expected 1 to ${MAX_CHAIN} base64 certificates`);
  }
  const kidValue = member(jwk, 'kid');
  if (kidValue !== undefined && (typeof kidValue !== 'string' || kidValue.length > MAX_KID_TEXT)) {
    return invalid('publicKeyJwk.kid', 'expected base64 text');
  }
  const kind = usageOf(method, methodId, documentId, options, index, log);
  const cert = readCertificateText(x5c[0] as string, index, 'publicKeyJwk.x5c', limits, log);
  if (!cert || !kind) return undefined;

  const parts = publicKeyParts(cert.dsc);
  if (!parts) {
    log.add(index, 'INTEROP_KEY_UNSUPPORTED', { key: 'certificate key' });
    return undefined;
  }
  const mismatch = jwkMismatch(jwk, parts);
  if (mismatch) {
    log.add(index, 'INTEROP_JWK_MISMATCH', { member: mismatch });
    return undefined;
  }
  const digest = await sha256(cert.der);
  const certKid = kidFromDigest(digest);
  let kid = certKid;
  if (typeof kidValue === 'string') {
    const given = decodeKid(kidValue, certKid);
    if (kind === 'DSC' && !bytesEqual(given ?? new Uint8Array(), certKid)) {
      log.add(index, 'INTEROP_KID_MISMATCH', { given: kidValue, computed: kidText(certKid) });
      return undefined;
    }
    if (given) kid = given;
    else return invalid('publicKeyJwk.kid', 'expected base64 text');
  }
  const country = cert.dsc.country;
  if (!country) {
    log.add(index, 'INTEROP_COUNTRY_MISSING');
    return undefined;
  }
  const entry: TrustListEntry = {
    country,
    kind,
    kid,
    certificate: cert.der,
    thumbprint: toHex(digest),
  };
  const domain = domainOf(method, methodId, documentId) ?? options.domain;
  if (domain !== undefined) entry.domain = domain;
  return entry;
}

/**
 * Decodes a published kid: standard base64 or base64url of the kid bytes, or (as TNG writes
 * it in DID paths) base64url of the standard-base64 text. Prefers the form equal to `expected`.
 */
function decodeKid(text: string, expected: Uint8Array): Uint8Array | undefined {
  const direct = tryBase64(text);
  if (direct && bytesEqual(direct, expected)) return direct;
  if (direct) {
    try {
      const inner = tryBase64(utf8Decode(direct));
      if (inner && bytesEqual(inner, expected)) return inner;
    } catch {
      // not UTF-8: not the nested form
    }
  }
  return direct && direct.length > 0 && direct.length <= 64 ? direct : undefined;
}

/** The Corridor kind of a method (see {@link parseDidTrustList}); records a problem if none. */
function usageOf(
  method: Record<string, unknown>,
  methodId: string,
  documentId: string,
  options: DidImportOptions,
  index: number,
  log: ProblemLog,
): TrustListKind | undefined {
  const usage =
    codeOf(member(method, 'keyusage')) ??
    lastUsage(pathSegments(methodId)) ??
    lastUsage(pathSegments(documentId));
  if (usage === undefined) return options.kind ?? 'DSC';
  const kind = USAGE_TO_KIND[usage.toUpperCase()];
  if (!kind) {
    log.add(index, 'INTEROP_KIND_UNSUPPORTED', { kind: usage.slice(0, 40) });
    return undefined;
  }
  return kind;
}

function domainOf(
  method: Record<string, unknown>,
  methodId: string,
  documentId: string,
): string | undefined {
  const coded = codeOf(member(method, 'domain'));
  if (coded !== undefined) return coded;
  for (const id of [methodId, documentId]) {
    const segments = pathSegments(id);
    const at = Math.max(segments.lastIndexOf('trustlist'), segments.lastIndexOf('trustlist-ref'));
    const domain = at >= 0 ? segments[at + 1] : undefined;
    if (domain && domain !== '-' && !isUsage(domain)) return domain;
  }
  return undefined;
}

/** `"DSC"` or `{ "code": "DSC" }` → `"DSC"`. */
function codeOf(value: unknown): string | undefined {
  const code = isObject(value) ? member(value, 'code') : value;
  return typeof code === 'string' && code.length > 0 && code.length <= 64 ? code : undefined;
}

function lastUsage(segments: string[]): string | undefined {
  for (let i = segments.length - 1; i >= 0; i--) if (isUsage(segments[i]!)) return segments[i];
  return undefined;
}

function isUsage(segment: string): boolean {
  return Object.hasOwn(USAGE_TO_KIND, segment.toUpperCase());
}

/** The colon-separated segments of a DID (without its fragment and query). */
function pathSegments(did: string): string[] {
  return did.split(/[#?]/, 1)[0]!.split(':');
}
