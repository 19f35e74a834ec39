import { fail, ok, type Result } from '../lib/result.js';
import { parsePolicy } from '../policy/parse.js';
import type { Policy, PolicyNode } from '../policy/types.js';
import { LANGS } from '../report/finding.js';
import { type BreakerProblem, parseBreakers } from './breaker/spec.js';
import { laneToWire } from './encode.js';
import type {
  ArrivalProtocol,
  Lane,
  LaneCategory,
  LaneDirection,
  LaneLaboratory,
  LaneQuota,
} from './types.js';

/** Codes a lane document can be refused with before its signatures are looked at. */
export type LaneValidationCode =
  | 'LANE_MALFORMED'
  | 'LANE_LIMIT_EXCEEDED'
  | 'LANE_CONTRADICTORY'
  | 'LANE_POLICY_INVALID'
  | 'LANE_BREAKERS_INVALID';

/**
 * Limits on a lane version. A real lane is a few kilobytes (19 regions, 4 categories, a dozen
 * ports in 2020); these leave room for growth and stop a hostile document early.
 */
export const LANE_LIMITS = {
  maxDocumentBytes: 256 * 1024,
  maxText: 200,
  maxRegions: 300,
  maxPorts: 200,
  maxLaboratories: 1000,
  maxCategories: 64,
  maxVisaClasses: 64,
  maxBreakers: 64,
  maxEntryWindowDays: 31,
  maxExemptionDays: 31,
  maxLeadTimeDays: 365,
  maxHoldHours: 30 * 24,
  maxMonitoringDays: 90,
  maxQuota: 1_000_000,
} as const;

class Problem {
  constructor(
    readonly code: LaneValidationCode,
    readonly reason: string,
    readonly direction?: string,
  ) {}
}

const COUNTRY = /^[A-Z]{2}$/;
const LANE_ID = /^[A-Z0-9][A-Z0-9-]{0,63}$/;
const CODE = /^[A-Z0-9][A-Z0-9-]{0,31}$/;
const PORT = /^([A-Z]{3}|[A-Z]{2}[A-Z2-9]{3})$/;
const VISA = /^[A-Z0-9][A-Z0-9-]{0,15}$/;

/**
 * Checks a lane version as an author writes it (`Lane`): types, sizes, and that it does not
 * contradict itself (see {@link parseLaneWire}). Returns the lane normalised (lists of codes
 * sorted, so that the signed bytes do not depend on the order they were typed in).
 */
export function validateLane(lane: Lane): Result<Lane, LaneValidationCode> {
  let wire: Record<string, unknown>;
  try {
    wire = laneToWire(lane);
  } catch {
    return fail('LANE_MALFORMED', { reason: 'not a lane' });
  }
  return parseLaneWire(wire);
}

/**
 * Reads a lane version from its decoded CBOR map and refuses it when a field is missing,
 * unknown or mistyped (`LANE_MALFORMED`), a list or text is too long (`LANE_LIMIT_EXCEEDED`),
 * the health policy is invalid (`LANE_POLICY_INVALID`), or the document contradicts itself
 * (`LANE_CONTRADICTORY`): a direction that is not between the parties, a region of another
 * country, a duplicate code, a per-port or per-sponsor quota above the daily quota, an
 * arrival test type without an arrival test, an amendment that supersedes nothing earlier.
 */
export function parseLaneWire(value: unknown): Result<Lane, LaneValidationCode> {
  try {
    return ok(readLane(value));
  } catch (error) {
    if (!(error instanceof Problem)) throw error;
    if (error.code === 'LANE_BREAKERS_INVALID') return fail(error.code, { problems: error.reason });
    if (error.code === 'LANE_POLICY_INVALID')
      return fail(error.code, { direction: error.direction ?? '-', reason: error.reason });
    return fail(error.code, { reason: error.reason });
  }
}

/** Every breaker problem in one line: its code and parameters, for the lane finding. */
function describe(problems: readonly BreakerProblem[]): string {
  return problems
    .map((p) => {
      const params = Object.entries(p.params).map(([k, v]) => `${k}=${String(v)}`);
      return params.length > 0 ? `${p.code} (${params.join(', ')})` : p.code;
    })
    .join('; ');
}

const malformed = (reason: string) => new Problem('LANE_MALFORMED', reason);
const contradictory = (reason: string) => new Problem('LANE_CONTRADICTORY', reason);
const tooMany = (reason: string) => new Problem('LANE_LIMIT_EXCEEDED', reason);

function record(v: unknown, path: string, required: string[], optional: string[] = []) {
  if (
    !v ||
    typeof v !== 'object' ||
    Array.isArray(v) ||
    v instanceof Map ||
    v instanceof Uint8Array
  )
    throw malformed(`${path} is not a map with text keys`);
  const r = v as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    if (!required.includes(key) && !optional.includes(key))
      throw malformed(`${path} has unknown key "${key}"`);
  }
  for (const key of required)
    if (r[key] === undefined) throw malformed(`${path}.${key} is missing`);
  return r;
}

function text(v: unknown, path: string, pattern?: RegExp): string {
  if (typeof v !== 'string' || v.trim() === '') throw malformed(`${path} is not a text`);
  if (v.length > LANE_LIMITS.maxText)
    throw tooMany(`${path} is longer than ${LANE_LIMITS.maxText}`);
  if (pattern && !pattern.test(v)) throw malformed(`${path} "${v}" is not of the expected form`);
  return v;
}

function integer(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v))
    throw malformed(`${path} is not an integer`);
  if (v < min || v > max) throw malformed(`${path} is ${v}, outside ${min}..${max}`);
  return v;
}

function list<T>(
  v: unknown,
  path: string,
  max: number,
  item: (x: unknown, path: string) => T,
): T[] {
  if (!Array.isArray(v)) throw malformed(`${path} is not a list`);
  if (v.length > max) throw tooMany(`${path} has ${v.length} entries, at most ${max}`);
  return v.map((x, i) => item(x, `${path}[${i}]`));
}

function unique(values: string[], path: string): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) throw contradictory(`${path} lists "${v}" twice`);
    seen.add(v);
  }
}

function readLane(value: unknown): Lane {
  const v = record(
    value,
    'lane',
    ['id', 'version', 'parties', 'effective_from', 'effective_to', 'directions'],
    ['supersedes', 'breakers'],
  );
  const id = text(v.id, 'id', LANE_ID);
  const version = integer(v.version, 'version', 1, 1_000_000);
  const parties = list(v.parties, 'parties', 2, (x, p) => text(x, p, COUNTRY));
  if (parties.length !== 2) throw malformed('parties must name two countries');
  if (parties[0] === parties[1]) throw contradictory('both parties are the same country');
  const lane: Lane = {
    id,
    version,
    parties: [parties[0]!, parties[1]!],
    effectiveFrom: integer(v.effective_from, 'effective_from', 0, 253402300799),
    effectiveTo: integer(v.effective_to, 'effective_to', 0, 253402300799),
    directions: [],
  };
  if (lane.effectiveTo <= lane.effectiveFrom)
    throw contradictory('effective_to is not after effective_from');
  if (v.supersedes !== undefined) {
    lane.supersedes = integer(v.supersedes, 'supersedes', 1, 1_000_000);
    if (lane.supersedes >= version) throw contradictory('supersedes is not an earlier version');
  } else if (version > 1) {
    throw contradictory(`version ${version} does not name the version it supersedes`);
  }
  lane.directions = list(v.directions, 'directions', 2, (x, p) => readDirection(x, p, lane));
  if (lane.directions.length === 0) throw contradictory('the lane has no direction');
  if (lane.directions.length === 2 && lane.directions[0]!.origin === lane.directions[1]!.origin)
    throw contradictory('the same direction is given twice');
  if (v.breakers !== undefined) {
    if (!Array.isArray(v.breakers)) throw malformed('breakers is not a list');
    if (v.breakers.length > LANE_LIMITS.maxBreakers)
      throw tooMany(`breakers has more than ${LANE_LIMITS.maxBreakers} entries`);
    const breakers = parseBreakers(v.breakers, lane.parties);
    if (!breakers.ok) throw new Problem('LANE_BREAKERS_INVALID', describe(breakers.problems));
    if (breakers.value.length > 0) lane.breakers = breakers.value;
  }
  // Breakers (issue 14) define their own numbers; everything else must be integers.
  for (const [key, x] of Object.entries(v)) if (key !== 'breakers') checkIntegers(x, key, 1);
  return lane;
}

function readDirection(value: unknown, path: string, lane: Lane): LaneDirection {
  const v = record(value, path, [
    'origin',
    'destination',
    'regions',
    'ports',
    'laboratories',
    'categories',
    'quota',
    'lead_time_days',
    'entry_window_days',
    'exemption_days',
    'health',
    'arrival',
  ]);
  const origin = text(v.origin, `${path}.origin`, COUNTRY);
  const destination = text(v.destination, `${path}.destination`, COUNTRY);
  if (
    !lane.parties.includes(origin) ||
    !lane.parties.includes(destination) ||
    origin === destination
  )
    throw contradictory(`${path} (${origin} to ${destination}) is not between the two parties`);
  const name = `${origin}-${destination}`;
  const regions = list(v.regions, `${path}.regions`, LANE_LIMITS.maxRegions, (x, p) =>
    text(x, p, /^[A-Z]{2}-[A-Z0-9]{1,3}$/),
  );
  for (const r of regions) {
    if (!r.startsWith(`${destination}-`))
      throw contradictory(`region ${r} is not a region of the destination ${destination}`);
  }
  unique(regions, `${path}.regions`);
  const ports = list(v.ports, `${path}.ports`, LANE_LIMITS.maxPorts, (x, p) => text(x, p, PORT));
  if (ports.length === 0) throw contradictory(`${path} has no port of entry`);
  unique(ports, `${path}.ports`);
  const laboratories = list(
    v.laboratories,
    `${path}.laboratories`,
    LANE_LIMITS.maxLaboratories,
    (x, p): LaneLaboratory => {
      const l = record(x, p, ['id', 'name']);
      return { id: text(l.id, `${p}.id`), name: text(l.name, `${p}.name`) };
    },
  );
  unique(
    laboratories.map((l) => l.id),
    `${path}.laboratories`,
  );
  const categories = list(
    v.categories,
    `${path}.categories`,
    LANE_LIMITS.maxCategories,
    readCategory,
  );
  if (categories.length === 0) throw contradictory(`${path} has no eligibility category`);
  unique(
    categories.map((c) => c.code),
    `${path}.categories`,
  );
  const direction: LaneDirection = {
    origin,
    destination,
    regions: [...regions].sort(),
    ports: [...ports].sort(),
    laboratories,
    categories,
    quota: readQuota(v.quota, `${path}.quota`),
    leadTimeDays: integer(
      v.lead_time_days,
      `${path}.lead_time_days`,
      0,
      LANE_LIMITS.maxLeadTimeDays,
    ),
    entryWindowDays: integer(
      v.entry_window_days,
      `${path}.entry_window_days`,
      1,
      LANE_LIMITS.maxEntryWindowDays,
    ),
    exemptionDays: integer(
      v.exemption_days,
      `${path}.exemption_days`,
      0,
      LANE_LIMITS.maxExemptionDays,
    ),
    health: { policy: {} as Policy, destinationRules: false },
    arrival: readArrival(v.arrival, `${path}.arrival`),
  };
  const health = record(v.health, `${path}.health`, ['policy', 'destination_rules']);
  if (typeof health.destination_rules !== 'boolean')
    throw malformed(`${path}.health.destination_rules is not true or false`);
  const policy = parsePolicy(health.policy);
  if (!policy.ok)
    throw new Problem('LANE_POLICY_INVALID', String(policy.params?.reason ?? 'invalid'), name);
  direction.health = { policy: policy.value, destinationRules: health.destination_rules };
  if (asksPassFromElsewhere(policy.value, destination))
    throw contradictory(
      `${path}.health.policy asks for an entry pass not issued by ${destination}`,
    );
  return direction;
}

function readCategory(value: unknown, path: string): LaneCategory {
  const v = record(value, path, ['code', 'names'], ['visa_classes']);
  const names = record(v.names, `${path}.names`, [...LANGS]);
  const category: LaneCategory = {
    code: text(v.code, `${path}.code`, CODE),
    names: {
      en: text(names.en, `${path}.names.en`),
      zh: text(names.zh, `${path}.names.zh`),
      ko: text(names.ko, `${path}.names.ko`),
    },
  };
  if (v.visa_classes !== undefined) {
    const visas = list(v.visa_classes, `${path}.visa_classes`, LANE_LIMITS.maxVisaClasses, (x, p) =>
      text(x, p, VISA),
    );
    if (visas.length === 0)
      throw contradictory(`${path}.visa_classes is empty: nobody could travel`);
    unique(visas, `${path}.visa_classes`);
    category.visaClasses = [...visas].sort();
  }
  return category;
}

function readQuota(value: unknown, path: string): LaneQuota {
  const v = record(value, path, [], ['per_day', 'per_port_per_day', 'per_sponsor_per_day']);
  const quota: LaneQuota = {};
  const max = LANE_LIMITS.maxQuota;
  if (v.per_day !== undefined) quota.perDay = integer(v.per_day, `${path}.per_day`, 0, max);
  if (v.per_port_per_day !== undefined)
    quota.perPortPerDay = integer(v.per_port_per_day, `${path}.per_port_per_day`, 0, max);
  if (v.per_sponsor_per_day !== undefined)
    quota.perSponsorPerDay = integer(v.per_sponsor_per_day, `${path}.per_sponsor_per_day`, 0, max);
  if (quota.perDay !== undefined) {
    if (quota.perPortPerDay !== undefined && quota.perPortPerDay > quota.perDay)
      throw contradictory(`${path}: the per-port quota is above the daily quota`);
    if (quota.perSponsorPerDay !== undefined && quota.perSponsorPerDay > quota.perDay)
      throw contradictory(`${path}: the per-sponsor quota is above the daily quota`);
  }
  return quota;
}

function readArrival(value: unknown, path: string): ArrivalProtocol {
  const v = record(value, path, ['test', 'hold_hours', 'monitoring_days'], ['test_type']);
  if (typeof v.test !== 'boolean') throw malformed(`${path}.test is not true or false`);
  const arrival: ArrivalProtocol = {
    test: v.test,
    holdHours: integer(v.hold_hours, `${path}.hold_hours`, 0, LANE_LIMITS.maxHoldHours),
    monitoringDays: integer(
      v.monitoring_days,
      `${path}.monitoring_days`,
      0,
      LANE_LIMITS.maxMonitoringDays,
    ),
  };
  if (v.test_type !== undefined) {
    if (!v.test) throw contradictory(`${path} names a test type but orders no arrival test`);
    arrival.testType = text(v.test_type, `${path}.test_type`);
  }
  return arrival;
}

/** Entry passes are issued by the destination: a requirement naming only other issuers can never be met. */
function asksPassFromElsewhere(node: PolicyNode, destination: string): boolean {
  if ('allOf' in node) return node.allOf.some((n) => asksPassFromElsewhere(n, destination));
  if ('anyOf' in node) return node.anyOf.every((n) => asksPassFromElsewhere(n, destination));
  return node.credential === 'entry-pass' && !!node.issuers && !node.issuers.includes(destination);
}

/** Canonical CBOR needs integers: any other number in the document (policy included) is refused. */
function checkIntegers(value: unknown, path: string, depth: number): void {
  if (depth > 32) throw tooMany('the document nests too deeply');
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw malformed(`${path} is not an integer`);
  } else if (Array.isArray(value)) {
    for (const [i, x] of value.entries()) checkIntegers(x, `${path}[${i}]`, depth + 1);
  } else if (value instanceof Map) {
    for (const [k, x] of value) checkIntegers(x, `${path}.${String(k)}`, depth + 1);
  } else if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    for (const [k, x] of Object.entries(value)) checkIntegers(x, `${path}.${k}`, depth + 1);
  }
}
