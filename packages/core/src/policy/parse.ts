import { fail, ok, type Result } from '../lib/result.js';
import { isLang } from '../report/finding.js';
import { CREDENTIAL_KINDS, type Policy, type PolicyNode } from './types.js';

/** Deepest nesting of `allOf` / `anyOf` accepted. */
export const MAX_POLICY_DEPTH = 8;
/** Most nodes accepted in one policy. */
export const MAX_POLICY_NODES = 200;

const REQUIREMENT_KEYS = new Set([
  'credential',
  'maxAgeHours',
  'minAgeHours',
  'maxAgeCalendarDays',
  'timeZone',
  'testType',
  'result',
  'vaccines',
  'completeCourse',
  'issuers',
  'rules',
  'description',
]);
const ROOT_KEYS = new Set(['id', 'sameHolder']);

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Zones already asked about: building an `Intl.DateTimeFormat` costs more than the rest of a parse. */
const knownZones = new Map<string, boolean>();
const MAX_KNOWN_ZONES = 512;

/** Whether `Intl` knows the IANA time zone `zone` (browsers and Node both do). */
function isTimeZone(zone: string): boolean {
  if (zone.length > 64) return false;
  const known = knownZones.get(zone);
  if (known !== undefined) return known;
  let ok: boolean;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    ok = true;
  } catch {
    ok = false;
  }
  if (knownZones.size < MAX_KNOWN_ZONES) knownZones.set(zone, ok);
  return ok;
}

const isStringList = (x: unknown): boolean =>
  Array.isArray(x) && x.length > 0 && x.every((s) => typeof s === 'string' && s !== '');

/**
 * Checks a policy document (parsed JSON, or JSON text) against the policy language
 * (`README.md`): known keys only, well-typed conditions, bounded size. Returns
 * `POLICY_INVALID` with the JSON path and reason instead of throwing.
 *
 * @example
 * parsePolicy({ anyOf: [{ credential: 'vaccination', rules: true }, { credential: 'recovery' }] })
 */
export function parsePolicy(json: unknown): Result<Policy, 'POLICY_INVALID'> {
  let data = json;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data);
    } catch {
      return fail('POLICY_INVALID', { reason: 'not JSON' });
    }
  }
  let nodes = 0;
  const check = (node: unknown, path: string, depth: number, root: boolean): string | undefined => {
    if (++nodes > MAX_POLICY_NODES) return `more than ${MAX_POLICY_NODES} nodes`;
    if (depth > MAX_POLICY_DEPTH) return `${path} nests deeper than ${MAX_POLICY_DEPTH}`;
    if (!isRecord(node)) return `${path} is not an object`;
    if (root) {
      if (node.id !== undefined && typeof node.id !== 'string') return `${path}.id is not a string`;
      if (node.sameHolder !== undefined && typeof node.sameHolder !== 'boolean')
        return `${path}.sameHolder is not true or false`;
    }
    if (node.description !== undefined) {
      const d = node.description;
      if (!isRecord(d) || !Object.entries(d).every(([k, v]) => isLang(k) && typeof v === 'string'))
        return `${path}.description must map en/zh/ko to text`;
    }
    const combinator = 'allOf' in node ? 'allOf' : 'anyOf' in node ? 'anyOf' : undefined;
    if (combinator) {
      const extra = Object.keys(node).filter(
        (k) => k !== combinator && k !== 'description' && !(root && ROOT_KEYS.has(k)),
      );
      if (extra.length > 0) return `${path} has unknown key "${extra[0]}"`;
      const children = node[combinator];
      if (!Array.isArray(children) || children.length === 0)
        return `${path}.${combinator} is not a non-empty array`;
      for (let i = 0; i < children.length; i++) {
        const problem = check(children[i], `${path}.${combinator}[${i}]`, depth + 1, false);
        if (problem) return problem;
      }
      return undefined;
    }
    if (!(CREDENTIAL_KINDS as readonly unknown[]).includes(node.credential))
      return `${path}.credential must be one of ${CREDENTIAL_KINDS.join(', ')}`;
    for (const key of Object.keys(node)) {
      if (!REQUIREMENT_KEYS.has(key) && !(root && ROOT_KEYS.has(key)))
        return `${path} has unknown key "${key}"`;
    }
    for (const key of ['maxAgeHours', 'minAgeHours'] as const) {
      const v = node[key];
      if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0))
        return `${path}.${key} is not a non-negative number`;
    }
    if (node.maxAgeCalendarDays !== undefined || node.timeZone !== undefined) {
      const days = node.maxAgeCalendarDays;
      if (!(typeof days === 'number' && Number.isSafeInteger(days) && days >= 0))
        return `${path}.maxAgeCalendarDays is not a non-negative integer`;
      if (typeof node.timeZone !== 'string' || !isTimeZone(node.timeZone))
        return `${path}.timeZone must name an IANA time zone with maxAgeCalendarDays`;
    }
    for (const key of ['testType', 'vaccines', 'issuers'] as const) {
      if (node[key] !== undefined && !isStringList(node[key]))
        return `${path}.${key} is not a non-empty list of codes`;
    }
    if (node.result !== undefined && (typeof node.result !== 'string' || node.result === ''))
      return `${path}.result is not a code`;
    for (const key of ['completeCourse', 'rules'] as const) {
      if (node[key] !== undefined && typeof node[key] !== 'boolean')
        return `${path}.${key} is not true or false`;
    }
    const kind = node.credential;
    if ((node.testType !== undefined || node.result !== undefined) && kind !== 'test')
      return `${path}: testType and result apply to tests only`;
    if (
      (node.vaccines !== undefined || node.completeCourse !== undefined) &&
      kind !== 'vaccination'
    )
      return `${path}: vaccines and completeCourse apply to vaccinations only`;
    return undefined;
  };
  const problem = check(data, '$', 0, true);
  if (problem) return fail('POLICY_INVALID', { reason: problem });
  return ok(data as PolicyNode as Policy);
}
