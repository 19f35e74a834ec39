import { checkValueSets, validateDcc } from '@corridor/core/dcc';
import type { IssuedCertificateType } from '../db/schema.js';
import { type FieldError, HttpProblem } from '../http/problem.js';
import type { IssuanceNode } from './config.js';
import { euValueSets } from './eu-valuesets.js';
import { newUci, uciProblem } from './uci.js';

/** What a caller asks the node to issue. */
export interface IssueRequest {
  type: IssuedCertificateType;
  /**
   * The EU DCC 1.3.x payload. `ver` defaults to `1.3.0`; the entry's `ci` is generated when
   * absent (and checked when given), `co` defaults to the node's country and `is` to the
   * configured issuer name.
   */
  payload: Record<string, unknown>;
  options?: {
    /** Sign with this DSC (by label) instead of the rotation's choice; still fully checked. */
    dsc?: string;
    /** An earlier expiry than the policy's (ISO 8601 or Date); never a later one. */
    expiresAt?: string | Date;
  };
}

/** The certificate types and the payload group each one fills. */
export const TYPE_GROUP: Record<IssuedCertificateType, 'v' | 't' | 'r'> = {
  vaccination: 'v',
  test: 't',
  recovery: 'r',
};

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** A validated, completed request: the payload to sign, its UCI and its expiry. */
export interface PreparedCertificate {
  type: IssuedCertificateType;
  dcc: Record<string, unknown>;
  uci: string;
  /** Expiry by policy (before the DSC cap). */
  expiresAt: Date;
}

/**
 * Completes and checks a request at `now`: EU DCC schema (`validateDcc`), value-set codes
 * (`checkValueSets` against the configured sets), the UCI, dates that may not lie in the
 * future, and the expiry policy. Every problem found is reported at once as a 422
 * `DCC_INVALID` problem whose `errors` carry a JSON pointer into the request body, a code and
 * a message.
 */
export function prepareCertificate(
  node: IssuanceNode,
  request: IssueRequest,
  now: Date,
): PreparedCertificate {
  const errors: FieldError[] = [];
  const fail = (): never => {
    throw new HttpProblem(
      422,
      'DCC_INVALID',
      `the certificate was refused: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
      errors,
    );
  };
  const group = TYPE_GROUP[request.type];
  if (!group) {
    errors.push({
      path: '/type',
      code: 'TYPE_UNKNOWN',
      message: 'must be vaccination, test or recovery',
    });
    fail();
  }
  if (
    typeof request.payload !== 'object' ||
    request.payload === null ||
    Array.isArray(request.payload)
  ) {
    errors.push({ path: '/payload', code: 'DCC_SCHEMA_TYPE', message: 'must be an object' });
    fail();
  }
  const dcc = structuredClone(request.payload) as Record<string, unknown>;
  if (dcc.ver === undefined) dcc.ver = '1.3.0';
  else if (typeof dcc.ver === 'string' && !/^1\.3\.\d+$/.test(dcc.ver)) {
    errors.push({
      path: '/payload/ver',
      code: 'DCC_VERSION_UNSUPPORTED',
      message: 'the node issues EU DCC 1.3.x',
    });
  }
  for (const other of ['v', 't', 'r'] as const) {
    if (other !== group && dcc[other] !== undefined) {
      errors.push({
        path: `/payload/${other}`,
        code: 'TYPE_MISMATCH',
        message: `a ${request.type} certificate holds only "${group}"`,
      });
    }
  }
  const entries = dcc[group];
  let entry: Record<string, unknown> | undefined;
  if (entries === undefined) {
    errors.push({
      path: `/payload/${group}`,
      code: 'DCC_SCHEMA_REQUIRED',
      message: `a ${request.type} certificate needs "${group}"`,
    });
  } else if (Array.isArray(entries) && entries.length === 1 && isObject(entries[0])) {
    entry = entries[0];
    if (entry.co === undefined) entry.co = node.country;
    if (entry.is === undefined && node.config.issuerName) entry.is = node.config.issuerName;
  }
  let uci = '';
  if (entry) {
    if (entry.ci === undefined) {
      uci = newUci(node.country);
      entry.ci = uci;
    } else if (typeof entry.ci === 'string') {
      const problem = uciProblem(entry.ci, node.country);
      if (problem)
        errors.push({ path: `/payload/${group}/0/ci`, code: 'UCI_INVALID', message: problem });
      uci = entry.ci;
    }
  }
  for (const issue of validateDcc(dcc)) {
    errors.push({
      path: `/payload${issue.path}`,
      code: `DCC_SCHEMA_${snake(issue.rule)}`,
      message: issue.message,
    });
  }
  for (const path of loneSurrogates(dcc, '/payload')) {
    errors.push({
      path,
      code: 'TEXT_LONE_SURROGATE',
      message:
        'holds a lone UTF-16 surrogate, which no QR code can carry; it was refused, not replaced',
    });
  }
  if (request.type === 'vaccination' && entry) {
    for (const field of ['dn', 'sd'] as const) {
      const n = entry[field];
      if (typeof n === 'number' && Number.isInteger(n) && n > MAX_DOSE_NUMBER)
        errors.push({
          path: `/payload/v/0/${field}`,
          code: 'DOSE_OUT_OF_RANGE',
          message: `must be at most ${MAX_DOSE_NUMBER}`,
        });
    }
  }
  for (const unknown of checkValueSets(dcc, node.config.valueSets ?? euValueSets())) {
    errors.push({
      path: `/payload${unknown.path}`,
      code: 'VALUESET_UNKNOWN_CODE',
      message: `"${unknown.code}" is not in the value set ${unknown.valueSetId}`,
    });
  }
  if (errors.length > 0 || !entry) fail();
  const e = entry as Record<string, unknown>;
  const expiry = node.config.expiry ?? {};
  const at = (field: string) => `/payload/${group}/0/${field}`;
  const notFuture = (field: string, date: Date) => {
    if (date.getTime() > now.getTime())
      errors.push({
        path: at(field),
        code: 'DATE_IN_FUTURE',
        message: 'may not lie in the future',
      });
  };
  let expiresAt: Date;
  if (request.type === 'vaccination') {
    notFuture('dt', dayStart(e.dt as string));
    expiresAt = new Date(now.getTime() + (expiry.vaccinationDays ?? 365) * DAY);
  } else if (request.type === 'test') {
    const sc = new Date(e.sc as string);
    notFuture('sc', sc);
    expiresAt = new Date(sc.getTime() + (expiry.testHours ?? 72) * HOUR);
  } else {
    const fr = dayStart(e.fr as string);
    const df = dayStart(e.df as string);
    const du = dayStart(e.du as string);
    notFuture('fr', fr);
    if (du.getTime() < df.getTime())
      errors.push({ path: at('du'), code: 'DATE_ORDER', message: 'must not precede df' });
    const endOfDu = new Date(du.getTime() + DAY - 1000);
    const policy = expiry.recovery ?? 'du';
    expiresAt =
      policy === 'du'
        ? endOfDu
        : new Date(Math.min(endOfDu.getTime(), now.getTime() + policy * DAY));
  }
  if (request.options?.expiresAt !== undefined) {
    const wanted = new Date(request.options.expiresAt);
    if (Number.isNaN(wanted.getTime()) || wanted.getTime() > expiresAt.getTime()) {
      errors.push({
        path: '/options/expiresAt',
        code: 'EXPIRY_BEYOND_POLICY',
        message: `must be a date no later than ${expiresAt.toISOString()}`,
      });
    } else expiresAt = wanted;
  }
  if (errors.length === 0 && expiresAt.getTime() <= now.getTime()) {
    errors.push({
      path:
        request.type === 'test'
          ? at('sc')
          : request.type === 'recovery'
            ? at('du')
            : '/options/expiresAt',
      code: 'ALREADY_EXPIRED',
      message: `the certificate would have expired at ${expiresAt.toISOString()}`,
    });
  }
  if (errors.length > 0) fail();
  return { type: request.type, dcc, uci, expiresAt };
}

/**
 * The highest dose number (`dn`) or course length (`sd`) issued. The schema has no maximum since
 * 1.3.0 (boosters), but no course has more than a handful of doses: a larger number is a
 * mistake, and an unbounded one would be carried into every verifier.
 */
export const MAX_DOSE_NUMBER = 20;

/** JSON pointers of the strings in `value` that hold a lone UTF-16 surrogate. */
function loneSurrogates(value: unknown, path: string, out: string[] = [], depth = 0): string[] {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) out.push(path);
  } else if (depth < 16 && typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (LONE_SURROGATE.test(k)) out.push(`${path}/${k}`);
      loneSurrogates(v, `${path}/${k}`, out, depth + 1);
    }
  }
  return out;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `fnt`, `gnt` and `dob` normalised for the holder hash: trimmed, NFC, upper case. */
export function holderKeyText(dcc: Record<string, unknown>): string {
  const nam = (isObject(dcc.nam) ? dcc.nam : {}) as Record<string, unknown>;
  const norm = (v: unknown) =>
    typeof v === 'string' ? v.normalize('NFC').trim().toUpperCase() : '';
  return `${norm(nam.fnt)}\u001f${norm(nam.gnt)}\u001f${norm(dcc.dob)}`;
}

function dayStart(date: string): Date {
  return new Date(`${date.slice(0, 10)}T00:00:00Z`);
}

function snake(rule: string): string {
  return rule.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
