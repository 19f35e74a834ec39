/**
 * The trust a SMART Health Card verifier works from: for each trusted issuer (`iss`), the JWK
 * set it publishes at `<iss>/.well-known/jwks.json` and the revocation lists at
 * `<iss>/.well-known/crl/<kid>.json`, and optionally X.509 anchors for issuers whose keys carry
 * an `x5c` chain. Built from those published forms as given (text, bytes or parsed JSON);
 * nothing is fetched.
 */
import { type CryptoProvider, defaultCrypto } from '../crypto/provider.js';
import { utf8Decode } from '../lib/bytes.js';
import type { FindingParams } from '../report/finding.js';
import { type DscCertificate, readDsc } from '../x509/dsc.js';
import type { ShcProblem } from './assemble.js';
import { readShcCrl, type ShcCrl } from './crl.js';
import type { ShcFindingCode } from './findings.js';
import { parseBoundedJson } from './json.js';
import { jwkThumbprint, readShcJwk, type ShcJwk } from './jwk.js';
import { readShcX5c, type ShcX5c, x5cAnchorProblem } from './x5c.js';

/** A published document as received: JSON text, its UTF-8 bytes, or the parsed value. */
export type PublishedJson = string | Uint8Array | object;

/** One trusted issuer, as configured. */
export interface ShcIssuerConfig {
  /** The issuer URL exactly as cards carry it in `iss` (https, no trailing `/`). */
  iss: string;
  /** The JWK set published at `<iss>/.well-known/jwks.json`. */
  jwks: PublishedJson;
  /** The revocation lists published at `<iss>/.well-known/crl/<kid>.json`. */
  crls?: readonly PublishedJson[];
  /**
   * The issuer's ISO 3166-1 alpha-2 country, when the operator knows it: cards carry only a
   * URL, and policies (`issuers: [...]`) and recognition decide by country.
   */
  country?: string;
}

/** What `ShcTrust.create` takes. */
export interface ShcTrustOptions {
  issuers: readonly ShcIssuerConfig[];
  /**
   * X.509 trust anchors (DER, PEM or base64). With anchors, a key is usable only when its
   * `x5c` chain reaches one of them, is valid at the verification time and names the issuer
   * in the leaf's SAN URI (spec "Certificates"). Without, `x5c` chains are informational.
   */
  x509Anchors?: readonly (Uint8Array | string)[];
  /** Used to hash thumbprints and to check keys while building; WebCrypto when omitted. */
  crypto?: CryptoProvider;
}

/** A problem with the configured trust material, for operators (and for the report when it matters). */
export interface ShcTrustProblem {
  iss: string;
  kid?: string;
  code: ShcFindingCode;
  params: FindingParams;
}

/** One key of an issuer, checked once. */
export interface ShcIssuerKey {
  readonly jwk: ShcJwk;
  /** Why this key cannot verify a card (an error finding), when it cannot. */
  readonly problem?: ShcProblem;
  readonly x5c?: ShcX5c;
  /** With anchors configured: why the `x5c` chain does not reach one, when it does not. */
  readonly anchorProblem?: string;
  /** The revocation list that applies to the key, when there is a usable one. */
  readonly crl?: ShcCrl;
  /** Why revocation cannot be checked for this key (`SHC_CRL_MISSING` / `SHC_CRL_INVALID`). */
  readonly crlProblem?: ShcProblem;
  /** The crypto provider's handle for the key (imported once per provider). */
  importKey(crypto: CryptoProvider): Promise<unknown | undefined>;
  /**
   * The handle `importKey` made for this provider once its import has finished (`undefined`
   * before, or when the key does not import), so a verification need not wait a turn for it.
   */
  importedKey?(crypto: CryptoProvider): unknown | undefined;
}

/** One trusted issuer, ready for verification. */
export interface ShcIssuer {
  readonly iss: string;
  readonly country?: string;
  /** Why the issuer's JWK set cannot be used at all, when it cannot. */
  readonly jwksProblem?: string;
  /** The keys published under `kid` (several entries may share one, differing in `x5c`). */
  keys(kid: string): readonly ShcIssuerKey[];
}

/** Largest JWK set or revocation list text accepted. */
export const MAX_PUBLISHED_JSON = 8 * 1024 * 1024;
/** Most keys read from one JWK set. */
export const MAX_JWKS_KEYS = 1000;
const JWKS_DEPTH = 16;

/**
 * The trusted SMART Health Card issuers. Keys are bound to the issuer whose JWK set they came
 * from: a card is checked only against the keys of the issuer its own `iss` names, so a key
 * from another issuer (or from a key set bound to none) never verifies it.
 */
export class ShcTrust {
  private constructor(
    private readonly byIss: ReadonlyMap<string, ShcIssuer>,
    /** Problems found in the trust material; unusable parts are left out or marked. */
    readonly problems: readonly ShcTrustProblem[],
    /** `true` when X.509 anchors are configured, so `x5c` chains are required. */
    readonly requiresX509: boolean,
  ) {}

  /**
   * Reads each issuer's JWK set and revocation lists. Every key is checked as the spec asks
   * (EC P-256, `kid` equal to its RFC 7638 thumbprint, a point the crypto provider accepts, an
   * `x5c` leaf holding the same key); a key failing a check stays known under its `kid` with
   * the reason, so a card signed with it is refused with that reason. An unreadable JWK set
   * or revocation list is recorded, not thrown: verification reports it for the cards it
   * concerns. Throws `TypeError` only for a call that is not a configuration at all (no
   * `iss`, a `country` that is not alpha-2), and `CertificateError` for an unreadable X.509
   * anchor.
   *
   * @example
   * const trust = await ShcTrust.create({
   *   issuers: [{ iss: 'https://spec.smarthealth.cards/examples/issuer', jwks: jwksText, crls: [crlText] }],
   * });
   */
  static async create(options: ShcTrustOptions): Promise<ShcTrust> {
    if (!options || !Array.isArray(options.issuers)) {
      throw new TypeError('ShcTrust.create needs { issuers: [...] }');
    }
    const crypto = options.crypto ?? defaultCrypto();
    const anchors: DscCertificate[] = (options.x509Anchors ?? []).map((a) => readDsc(a));
    const problems: ShcTrustProblem[] = [];
    const byIss = new Map<string, ShcIssuer>();
    for (const config of options.issuers) {
      if (!config || typeof config.iss !== 'string') {
        throw new TypeError('every issuer needs an iss string');
      }
      if (config.country !== undefined && !/^[A-Z]{2}$/.test(config.country)) {
        throw new TypeError(`the country of ${config.iss} must be an ISO 3166-1 alpha-2 code`);
      }
      if (byIss.has(config.iss)) {
        problems.push({
          iss: config.iss,
          code: 'SHC_JWKS_INVALID',
          params: {
            iss: config.iss,
            reason: 'the issuer is configured twice; the later entry is ignored',
          },
        });
        continue;
      }
      byIss.set(config.iss, await readIssuer(config, anchors, crypto, problems));
    }
    return new ShcTrust(byIss, problems, anchors.length > 0);
  }

  /** The issuer configured for exactly this `iss`, if any. */
  issuer(iss: string): ShcIssuer | undefined {
    return this.byIss.get(iss);
  }

  /** Every configured issuer URL. */
  get issuers(): string[] {
    return [...this.byIss.keys()];
  }
}

class IssuerKey implements ShcIssuerKey {
  problem?: ShcProblem;
  x5c?: ShcX5c;
  anchorProblem?: string;
  crl?: ShcCrl;
  crlProblem?: ShcProblem;
  private readonly handles = new WeakMap<CryptoProvider, Promise<unknown | undefined>>();
  private readonly imported = new WeakMap<CryptoProvider, unknown>();

  constructor(readonly jwk: ShcJwk) {}

  importKey(crypto: CryptoProvider): Promise<unknown | undefined> {
    let handle = this.handles.get(crypto);
    if (!handle) {
      handle = crypto.importPublicKey(this.jwk.spki, 'ES256', 'P-256');
      this.handles.set(crypto, handle);
      // Kept per provider, from this key's own SPKI: never another key's handle.
      handle.then(
        (key) => {
          if (key !== undefined) this.imported.set(crypto, key);
        },
        () => {},
      );
    }
    return handle;
  }

  importedKey(crypto: CryptoProvider): unknown | undefined {
    return this.imported.get(crypto);
  }
}

class Issuer implements ShcIssuer {
  jwksProblem?: string;
  readonly byKid = new Map<string, IssuerKey[]>();

  constructor(
    readonly iss: string,
    readonly country?: string,
  ) {}

  keys(kid: string): readonly ShcIssuerKey[] {
    return this.byKid.get(kid) ?? [];
  }

  add(key: IssuerKey): void {
    const list = this.byKid.get(key.jwk.kid);
    if (list) list.push(key);
    else this.byKid.set(key.jwk.kid, [key]);
  }
}

async function readIssuer(
  config: ShcIssuerConfig,
  anchors: readonly DscCertificate[],
  crypto: CryptoProvider,
  problems: ShcTrustProblem[],
): Promise<ShcIssuer> {
  const { iss } = config;
  const issuer = new Issuer(iss, config.country);
  const note = (code: ShcFindingCode, params: FindingParams, kid?: string) =>
    problems.push({ iss, ...(kid !== undefined ? { kid } : {}), code, params });

  const jwks = readPublished(config.jwks);
  const keys = jwks.ok ? (jwks.value as { keys?: unknown }).keys : undefined;
  if (!jwks.ok || !Array.isArray(keys)) {
    issuer.jwksProblem = jwks.ok ? 'it has no "keys" array' : jwks.reason;
    note('SHC_JWKS_INVALID', { iss, reason: issuer.jwksProblem });
    return issuer;
  }
  for (const entry of keys.slice(0, MAX_JWKS_KEYS)) {
    const read = readShcJwk(entry);
    if (!read.ok) {
      const kid = (entry as { kid?: unknown } | null)?.kid;
      const reason = String(read.params?.reason);
      if (typeof kid === 'string' && kid.length > 0 && kid.length <= 256) {
        // Known under its kid with the reason, so a card naming it gets that reason.
        const key = new IssuerKey({ kid, x: '', y: '', spki: new Uint8Array(0) });
        key.problem = { code: 'SHC_JWK_INVALID', params: { kid, reason } };
        issuer.add(key);
      }
      note('SHC_JWK_INVALID', { kid: typeof kid === 'string' ? kid : '?', reason });
      continue;
    }
    const key = new IssuerKey(read.value);
    await checkKey(key, anchors, crypto);
    if (key.problem) note(key.problem.code, key.problem.params ?? {}, key.jwk.kid);
    issuer.add(key);
  }
  if (keys.length > MAX_JWKS_KEYS) {
    note('SHC_JWKS_INVALID', { iss, reason: `only the first ${MAX_JWKS_KEYS} keys were read` });
  }
  attachCrls(issuer, config.crls ?? [], note);
  return issuer;
}

/** The spec's key checks, in the order a reader would look. */
async function checkKey(
  key: IssuerKey,
  anchors: readonly DscCertificate[],
  crypto: CryptoProvider,
): Promise<void> {
  const { jwk } = key;
  const thumbprint = await jwkThumbprint(jwk, crypto);
  if (thumbprint !== jwk.kid) {
    key.problem = { code: 'SHC_JWK_KID_MISMATCH', params: { kid: jwk.kid, thumbprint } };
    return;
  }
  if ((await key.importKey(crypto)) === undefined) {
    key.problem = {
      code: 'SHC_JWK_INVALID',
      params: { kid: jwk.kid, reason: 'x and y are not a point on the P-256 curve' },
    };
    return;
  }
  if (jwk.x5c) {
    key.x5c = readShcX5c(jwk.x5c, jwk);
    if (key.x5c.keyMismatch) {
      key.problem = { code: 'SHC_X5C_KEY_MISMATCH', params: { kid: jwk.kid } };
      return;
    }
    if (anchors.length > 0) {
      const problem = await x5cAnchorProblem(key.x5c, anchors);
      if (problem) key.anchorProblem = problem;
    }
  }
}

/**
 * Gives each key the revocation list that applies to it. A key announcing `crlVersion`
 * without a usable list of that version gets a `crlProblem`, so verification fails closed.
 */
function attachCrls(
  issuer: Issuer,
  inputs: readonly PublishedJson[],
  note: (code: ShcFindingCode, params: FindingParams, kid?: string) => void,
): void {
  const good = new Map<string, ShcCrl[]>();
  const bad = new Map<string, string>();
  let unattributed: string | undefined;
  for (const input of inputs) {
    const published = readPublished(input);
    const value = published.ok ? published.value : undefined;
    const kid = (value as { kid?: unknown } | undefined)?.kid;
    const read = published.ok ? readShcCrl(value) : undefined;
    if (read?.ok) {
      const list = good.get(read.value.kid);
      if (list) list.push(read.value);
      else good.set(read.value.kid, [read.value]);
      if (issuer.keys(read.value.kid).length === 0) {
        note('SHC_CRL_INVALID', {
          kid: read.value.kid,
          reason: 'no key of the issuer has this kid',
        });
      }
      continue;
    }
    const reason = published.ok ? String(read?.params?.reason) : published.reason;
    if (typeof kid === 'string') bad.set(kid, reason);
    else unattributed ??= reason;
    note('SHC_CRL_INVALID', { kid: typeof kid === 'string' ? kid : '?', reason });
  }
  for (const [kid, keys] of issuer.byKid) {
    for (const key of keys) {
      if (key.problem) continue;
      const version = key.jwk.crlVersion;
      const lists = good.get(kid) ?? [];
      if (version === undefined) {
        // No revocation announced; a list given anyway is still applied (fail safe).
        if (lists.length > 0) key.crl = lists.reduce((a, b) => (b.ctr > a.ctr ? b : a));
        continue;
      }
      const invalid = (reason: string) => {
        key.crlProblem = { code: 'SHC_CRL_INVALID', params: { kid, reason } };
      };
      if (version === null) {
        invalid('the key announces a crlVersion that is not a positive integer');
        continue;
      }
      const match = lists.find((l) => l.ctr === version);
      if (match) key.crl = match;
      else if (lists.length > 0) {
        invalid(
          `its ctr ${lists.map((l) => l.ctr).join(', ')} differs from the key's crlVersion ${version}`,
        );
      } else if (bad.has(kid)) invalid(bad.get(kid)!);
      else if (unattributed !== undefined) {
        invalid(`a revocation list configured for this issuer cannot be read (${unattributed})`);
      } else {
        key.crlProblem = { code: 'SHC_CRL_MISSING', params: { kid, crlVersion: version } };
      }
    }
  }
}

/** A published JSON document as a value, or why it cannot be read. */
function readPublished(
  input: PublishedJson,
): { ok: true; value: object } | { ok: false; reason: string } {
  if (input instanceof Uint8Array || typeof input === 'string') {
    let text: string;
    if (input.length > MAX_PUBLISHED_JSON) {
      return { ok: false, reason: `larger than ${MAX_PUBLISHED_JSON} bytes` };
    }
    try {
      text = typeof input === 'string' ? input : utf8Decode(input);
    } catch {
      return { ok: false, reason: 'not UTF-8 text' };
    }
    const parsed = parseBoundedJson(text, JWKS_DEPTH);
    if (!parsed.ok) return { ok: false, reason: `not JSON (${parsed.params?.reason})` };
    if (!parsed.value || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
      return { ok: false, reason: 'not a JSON object' };
    }
    return { ok: true, value: parsed.value };
  }
  if (input && typeof input === 'object' && !Array.isArray(input))
    return { ok: true, value: input };
  return { ok: false, reason: 'not a JSON object' };
}
