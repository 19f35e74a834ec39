import { fail, ok, type Result } from '../lib/result.js';

/** CWT claim keys of an entry pass (RFC 8392), as in HCERT plus `nbf` for the entry window. */
export const CLAIM_ISS = 1;
export const CLAIM_EXP = 4;
export const CLAIM_NBF = 5;
export const CLAIM_IAT = 6;
/**
 * The private claim holding the pass (RFC 8392 §9.1: keys below -65536 are for private use).
 * Fixed for format version 1; `docs/pass-format.md` is the reference.
 */
export const CLAIM_ENTRY_PASS = -70013;
/** The only version of the pass claim defined so far. */
export const ENTRY_PASS_FORMAT_VERSION = 1;

/** An organisation named on a pass: the sponsor, or the approving authority. */
export interface PassParty {
  /** Identifier given by the approving authority's node. */
  id: string;
  name: string;
}

/**
 * The traveller as the pass names them: the passport's MRZ transliteration (to compare with
 * the MRZ and the health certificates' `fnt`/`gnt`) and, when the passport has one, the name
 * in its own script; the date of birth as the health certificates carry it (`dob`).
 */
export interface PassHolder {
  /** MRZ primary identifier: `A`–`Z` and `<` (`KIM`, `VAN<DER<BERG`). */
  primaryIdentifier: string;
  /** MRZ secondary identifier: `A`–`Z` and `<` (`MIN<JUN`); empty when there is none. */
  secondaryIdentifier: string;
  /** Family name in the passport's own script (`김`, `王`). */
  familyName?: string;
  /** Given name in the passport's own script. */
  givenName?: string;
  /** ISO 8601 date of birth: `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when the passport has no more. */
  dateOfBirth: string;
}

/**
 * The passport binding: SHA-256 over a salt and the passport's document number, nationality
 * and date of birth as the MRZ prints them (`binding.ts`), so a verifier that reads the MRZ
 * can check it offline while the number is never printed in clear.
 */
export interface PassportBinding {
  /** 16 random bytes chosen at issuance. */
  salt: Uint8Array;
  /** The 32-byte SHA-256 digest. */
  hash: Uint8Array;
}

/** What an entry pass says, besides the CWT's issuer and times. */
export interface EntryPass {
  /** The pass identifier; revocation lists name it like a certificate's UCI. */
  id: string;
  lane: { id: string; version: number };
  /** ISO 3166-1 alpha-2 countries of the journey. The destination issues the pass. */
  origin: string;
  destination: string;
  /** Eligibility category code of the lane. */
  category: string;
  /** The port of entry the traveller must arrive at. */
  port: string;
  /** Destination region (ISO 3166-2) the traveller is invited to. */
  region: string;
  /** Days of quarantine exemption granted. */
  exemptionDays: number;
  sponsor: PassParty;
  authority: PassParty;
  holder: PassHolder;
  binding: PassportBinding;
}

/** Limits of the pass claim: a pass must fit in a QR code a phone can show and a scanner read. */
const MAX_TEXT = 200;
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const LANE_ID = /^[A-Z0-9][A-Z0-9-]{0,63}$/;
const COUNTRY = /^[A-Z]{2}$/;
const CODE = /^[A-Z0-9][A-Z0-9-]{0,31}$/;
const PORT = /^([A-Z]{3}|[A-Z]{2}[A-Z2-9]{3})$/;
const REGION = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;
const MRZ_NAME = /^[A-Z]+(<[A-Z]+)*$/;
const DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

/** The pass claim as CBOR (text keys, short like the EU DCC's). Keys: `docs/pass-format.md`. */
export function passToClaim(pass: EntryPass): Record<string, unknown> {
  const nam: Record<string, unknown> = {
    fnt: pass.holder.primaryIdentifier,
    gnt: pass.holder.secondaryIdentifier,
  };
  if (pass.holder.familyName !== undefined) nam.fn = pass.holder.familyName;
  if (pass.holder.givenName !== undefined) nam.gn = pass.holder.givenName;
  return {
    v: ENTRY_PASS_FORMAT_VERSION,
    id: pass.id,
    lane: { id: pass.lane.id, ver: pass.lane.version },
    dir: [pass.origin, pass.destination],
    cat: pass.category,
    port: pass.port,
    reg: pass.region,
    exd: pass.exemptionDays,
    sp: { id: pass.sponsor.id, n: pass.sponsor.name },
    au: { id: pass.authority.id, n: pass.authority.name },
    nam,
    dob: pass.holder.dateOfBirth,
    pb: { s: pass.binding.salt, h: pass.binding.hash },
  };
}

class Malformed {
  constructor(readonly reason: string) {}
}

/** The keys a map of the pass claim must and may have, made once (read on every scan). */
interface Shape {
  required: readonly string[];
  allowed: ReadonlySet<string>;
}

function shape(required: readonly string[], optional: readonly string[] = []): Shape {
  return { required, allowed: new Set([...required, ...optional]) };
}

const PASS_SHAPE = shape([
  'v',
  'id',
  'lane',
  'dir',
  'cat',
  'port',
  'reg',
  'exd',
  'sp',
  'au',
  'nam',
  'dob',
  'pb',
]);
const LANE_SHAPE = shape(['id', 'ver']);
const PARTY_SHAPE = shape(['id', 'n']);
const NAME_SHAPE = shape(['fnt', 'gnt'], ['fn', 'gn']);
const BINDING_SHAPE = shape(['s', 'h']);

function map(v: unknown, path: string, { required, allowed }: Shape) {
  if (
    !v ||
    typeof v !== 'object' ||
    Array.isArray(v) ||
    v instanceof Map ||
    v instanceof Uint8Array
  )
    throw new Malformed(`${path} is not a map with text keys`);
  const r = v as Record<string, unknown>;
  // Own keys in `Object.keys` order without making that array (inherited ones are skipped).
  for (const key in r) {
    if (!allowed.has(key) && Object.hasOwn(r, key))
      throw new Malformed(`${path} has unknown key "${key}"`);
  }
  for (const key of required)
    if (r[key] === undefined) throw new Malformed(`${path}.${key} is missing`);
  return r;
}

function text(v: unknown, path: string, pattern?: RegExp, allowEmpty = false): string {
  if (typeof v !== 'string' || (!allowEmpty && v === ''))
    throw new Malformed(`${path} is not a text`);
  if (v.length > MAX_TEXT) throw new Malformed(`${path} is longer than ${MAX_TEXT}`);
  if (pattern && !(allowEmpty && v === '') && !pattern.test(v))
    throw new Malformed(`${path} is not of the expected form`);
  return v;
}

function bytes(v: unknown, path: string, min: number, max: number): Uint8Array {
  if (!(v instanceof Uint8Array) || v.length < min || v.length > max)
    throw new Malformed(`${path} is not a byte string of ${min} to ${max} bytes`);
  return v;
}

/**
 * Reads the pass claim (the decoded CBOR value under {@link CLAIM_ENTRY_PASS}) strictly:
 * every field present and well-formed, no unknown key, version 1.
 */
export function claimToPass(value: unknown): Result<EntryPass, 'PASS_CLAIMS_MALFORMED'> {
  try {
    const v = map(value, 'pass', PASS_SHAPE);
    if (v.v !== ENTRY_PASS_FORMAT_VERSION)
      throw new Malformed(`format version ${String(v.v)} is not 1`);
    const lane = map(v.lane, 'lane', LANE_SHAPE);
    if (typeof lane.ver !== 'number' || !Number.isSafeInteger(lane.ver) || lane.ver < 1)
      throw new Malformed('lane.ver is not a positive integer');
    if (!Array.isArray(v.dir) || v.dir.length !== 2)
      throw new Malformed('dir is not two countries');
    const origin = text(v.dir[0], 'dir[0]', COUNTRY);
    const destination = text(v.dir[1], 'dir[1]', COUNTRY);
    if (origin === destination) throw new Malformed('dir names the same country twice');
    if (typeof v.exd !== 'number' || !Number.isSafeInteger(v.exd) || v.exd < 0 || v.exd > 366)
      throw new Malformed('exd is not a number of days');
    const sp = map(v.sp, 'sp', PARTY_SHAPE);
    const au = map(v.au, 'au', PARTY_SHAPE);
    const nam = map(v.nam, 'nam', NAME_SHAPE);
    const pb = map(v.pb, 'pb', BINDING_SHAPE);
    const holder: PassHolder = {
      primaryIdentifier: text(nam.fnt, 'nam.fnt', MRZ_NAME),
      secondaryIdentifier: text(nam.gnt, 'nam.gnt', MRZ_NAME, true),
      dateOfBirth: text(v.dob, 'dob', DATE),
    };
    if (nam.fn !== undefined) holder.familyName = text(nam.fn, 'nam.fn');
    if (nam.gn !== undefined) holder.givenName = text(nam.gn, 'nam.gn');
    const region = text(v.reg, 'reg', REGION);
    if (!region.startsWith(`${destination}-`))
      throw new Malformed(`reg ${region} is not a region of ${destination}`);
    return ok({
      id: text(v.id, 'id', ID),
      lane: { id: text(lane.id, 'lane.id', LANE_ID), version: lane.ver },
      origin,
      destination,
      category: text(v.cat, 'cat', CODE),
      port: text(v.port, 'port', PORT),
      region,
      exemptionDays: v.exd,
      sponsor: { id: text(sp.id, 'sp.id'), name: text(sp.n, 'sp.n') },
      authority: { id: text(au.id, 'au.id'), name: text(au.n, 'au.n') },
      holder,
      binding: { salt: bytes(pb.s, 'pb.s', 16, 32), hash: bytes(pb.h, 'pb.h', 32, 32) },
    });
  } catch (error) {
    if (error instanceof Malformed) return fail('PASS_CLAIMS_MALFORMED', { reason: error.reason });
    throw error;
  }
}
