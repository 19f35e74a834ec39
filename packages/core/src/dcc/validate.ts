/**
 * Hand-written validation of the EU DCC payload (`eu_dcc_v1`, claim -260/1), equivalent to
 * the EU DCC JSON Schema 1.3.3 (ehn-dcc-development/eu-dcc-schema: DCC.schema.json,
 * DCC.Core.Types.schema.json, DCC.Types.schema.json, DCC.ValueSets.schema.json) with the
 * `date` and `date-time` formats asserted as the schema's own test harness does (see
 * `formats.ts`: the zone of a date-time is optional there). It costs about a microsecond for a
 * typical certificate and its work is bounded whatever the input (see `MAX_DCC_ISSUES`).
 *
 * What the schema says, and so what this checks:
 * - root: an object; `ver`, `nam`, `dob` required; exactly one of `v`, `t`, `r` (`oneOf`),
 *   each an array of exactly one entry; other members are allowed (no `additionalProperties`
 *   anywhere in the schema, so unknown members are accepted at every level);
 * - `ver`: string matching `^\d+.\d+.\d+$` (the dots are "any character", as in the schema);
 * - `nam`: object with `fnt` or `gnt` (`anyOf`); `fn`, `gn` strings of at most 80 characters;
 *   `fnt`, `gnt` strings of at most 80 characters matching `^[A-Z<]*$`;
 * - `dob`: string matching `^((19|20)\d\d(-\d\d){0,2}){0,1}$` (empty and partial dates pass);
 * - entries: `dn`, `sd` integers >= 1 (no maximum since 1.3.0); `dt`, `fr`, `df`, `du` format
 *   `date`; `sc` format `date-time`; `is`, `ci`, `nm`, `tc` at most 80 characters; `co`
 *   matching the unanchored pattern `[A-Z]{1,10}` (at least one capital letter somewhere);
 *   `tg`, `vp`, `mp`, `ma`, `tt`, `tr` strings (value-set membership is not schema validity).
 * Lengths count Unicode code points, as JSON Schema does.
 *
 * Version awareness (by the payload's own `ver`): payloads of schema 1.0.x were issued
 * against the relaxed 1.0 schema the EU reference verifier apps (DGCA) used, and the official
 * test data (dgc-testdata BG, HU) expects them to pass. For `ver` 1.0.x only:
 * - `v`, `t`, `r` may be `null`, which counts as absent;
 * - `dob` may carry a time, `YYYY-MM-DDThh:mm:ss` (`^(19|20)\d\d(-\d\d){0,2}(T\d\d:\d\d:\d\d)?$`);
 * - `dt`, `fr`, `df`, `du` may be a date-time instead of a date;
 * - `tc` has no length limit (it had 50 in 1.0.0 on paper; field data exceeds 80).
 * Older versions were otherwise stricter than 1.3.3 (`fnt` required until 1.3.1, lengths 50
 * and `dn`/`sd` at most 9 before 1.3.0, `tc` required in tests before 1.3.0), so the final rules
 * never refuse what their own schema accepted, with one deliberate exception: before 1.3.0
 * the schema allowed several entries or groups, which HCERT never did; every version must
 * hold exactly one entry (dgc-testdata common/DGC2 expects that refusal).
 */

import {
  hasCountryPattern,
  isDobPattern,
  isIcaoPattern,
  isLegacyVersion,
  isSchemaDate,
  isSchemaDateTime,
} from './formats.js';

/** One way a payload departs from the EU DCC schema. */
export interface DccIssue {
  /** JSON pointer to the offending value, e.g. `/v/0/dn` (`''` is the root). */
  path: string;
  /** The JSON Schema keyword that failed: `required`, `type`, `pattern`, `oneOf`, ... */
  rule: string;
  /** English detail, e.g. `must be an integer`. */
  message: string;
}

/** Validation stops after this many issues, so hostile payloads cost bounded work. */
export const MAX_DCC_ISSUES = 100;

/** At most this many entries of an over-long `v`/`t`/`r` array are inspected. */
const MAX_ENTRIES_CHECKED = 4;

const Kind = {
  String: 0,
  Text80: 1,
  Dose: 2,
  Date: 3,
  DateTime: 4,
  Country: 5,
  /** 1.0.x only: a date, or a date-time with or without offset. */
  LegacyDate: 6,
} as const;
type Kind = (typeof Kind)[keyof typeof Kind];

type Field = readonly [key: string, kind: Kind, required: boolean];

const VACCINATION: readonly Field[] = [
  ['tg', Kind.String, true],
  ['vp', Kind.String, true],
  ['mp', Kind.String, true],
  ['ma', Kind.String, true],
  ['dn', Kind.Dose, true],
  ['sd', Kind.Dose, true],
  ['dt', Kind.Date, true],
  ['co', Kind.Country, true],
  ['is', Kind.Text80, true],
  ['ci', Kind.Text80, true],
];

const TEST: readonly Field[] = [
  ['tg', Kind.String, true],
  ['tt', Kind.String, true],
  ['nm', Kind.Text80, false],
  ['ma', Kind.String, false],
  ['sc', Kind.DateTime, true],
  ['tr', Kind.String, true],
  ['tc', Kind.Text80, false],
  ['co', Kind.Country, true],
  ['is', Kind.Text80, true],
  ['ci', Kind.Text80, true],
];

const RECOVERY: readonly Field[] = [
  ['tg', Kind.String, true],
  ['fr', Kind.Date, true],
  ['co', Kind.Country, true],
  ['is', Kind.Text80, true],
  ['df', Kind.Date, true],
  ['du', Kind.Date, true],
  ['ci', Kind.Text80, true],
];

function legacyFields(fields: readonly Field[]): readonly Field[] {
  return fields.map(([key, kind, required]): Field => {
    if (kind === Kind.Date) return [key, Kind.LegacyDate, required];
    if (key === 'tc') return [key, Kind.String, required];
    return [key, kind, required];
  });
}

const GROUPS = [
  ['v', VACCINATION, legacyFields(VACCINATION)],
  ['t', TEST, legacyFields(TEST)],
  ['r', RECOVERY, legacyFields(RECOVERY)],
] as const;

type Issues = DccIssue[];

function add(issues: Issues, path: string, rule: string, message: string): void {
  if (issues.length < MAX_DCC_ISSUES) issues.push({ path, rule, message });
}

/** Like `add` for `base/key`; the path string is only built when there is an issue. */
function addAt(issues: Issues, base: string, key: string, rule: string, message: string): void {
  if (issues.length < MAX_DCC_ISSUES) issues.push({ path: `${base}/${key}`, rule, message });
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** `true` when `s` has at most `max` code points (JSON Schema `maxLength` semantics). */
function withinLength(s: string, max: number): boolean {
  const n = s.length;
  if (n <= max) return true;
  if (n > 2 * max) return false;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    if (++count > max) return false;
  }
  return true;
}

/**
 * `^\d+.\d+.\d+$` with the `u` flag (as JSON Schema validators apply it), run as a
 * six-state automaton so that a long `ver` cannot cause regex backtracking.
 */
function isVersionPattern(s: string): boolean {
  // bit k set = the automaton may be in state k; state 5 accepts.
  let states = 1;
  const n = s.length;
  for (let i = 0; i < n && states !== 0; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000;
        i++;
      }
    }
    const digit = c >= 48 && c <= 57;
    const any = c !== 10 && c !== 13 && c !== 0x2028 && c !== 0x2029;
    let next = 0;
    if (digit) {
      if (states & 0b000001) next |= 0b000010; // start -> D1
      if (states & 0b000010) next |= 0b000010; // D1 -> D1
      if (states & 0b000100) next |= 0b001000; // dot1 -> D2
      if (states & 0b001000) next |= 0b001000; // D2 -> D2
      if (states & 0b010000) next |= 0b100000; // dot2 -> D3
      if (states & 0b100000) next |= 0b100000; // D3 -> D3
    }
    if (any) {
      if (states & 0b000010) next |= 0b000100; // D1 -> dot1
      if (states & 0b001000) next |= 0b010000; // D2 -> dot2
    }
    states = next;
  }
  return (states & 0b100000) !== 0;
}

function checkString(issues: Issues, base: string, key: string, value: unknown): value is string {
  if (typeof value === 'string') return true;
  addAt(issues, base, key, 'type', 'must be a string');
  return false;
}

function checkText(
  issues: Issues,
  base: string,
  key: string,
  value: unknown,
  max: number,
): boolean {
  if (!checkString(issues, base, key, value)) return false;
  if (withinLength(value, max)) return true;
  addAt(issues, base, key, 'maxLength', `must not be longer than ${max} characters`);
  return false;
}

function checkField(issues: Issues, base: string, key: string, kind: Kind, value: unknown): void {
  switch (kind) {
    case Kind.String:
      checkString(issues, base, key, value);
      return;
    case Kind.Text80:
      checkText(issues, base, key, value, 80);
      return;
    case Kind.Dose:
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        addAt(issues, base, key, 'type', 'must be an integer');
      } else if (value < 1) {
        addAt(issues, base, key, 'minimum', 'must be at least 1');
      }
      return;
    case Kind.Date:
      if (checkString(issues, base, key, value) && !isSchemaDate(value)) {
        addAt(issues, base, key, 'format', 'must be a date (YYYY-MM-DD)');
      }
      return;
    case Kind.DateTime:
      if (checkString(issues, base, key, value) && !isSchemaDateTime(value)) {
        addAt(
          issues,
          base,
          key,
          'format',
          'must be a date-time (YYYY-MM-DDThh:mm:ss, optional fraction and zone)',
        );
      }
      return;
    case Kind.Country:
      if (checkString(issues, base, key, value) && !hasCountryPattern(value)) {
        addAt(issues, base, key, 'pattern', 'must match [A-Z]{1,10}');
      }
      return;
    case Kind.LegacyDate:
      if (checkString(issues, base, key, value) && !isLegacyDate(value)) {
        addAt(issues, base, key, 'format', 'must be a date (YYYY-MM-DD) or a date-time');
      }
      return;
  }
}

function isLegacyDate(s: string): boolean {
  return isSchemaDate(s) || isSchemaDateTime(s);
}

function checkEntry(issues: Issues, path: string, entry: unknown, fields: readonly Field[]) {
  if (!isObject(entry)) {
    add(issues, path, 'type', 'must be an object');
    return;
  }
  for (const [key, kind, required] of fields) {
    const value = entry[key];
    if (value === undefined) {
      if (required) add(issues, path, 'required', `must have property '${key}'`);
    } else {
      checkField(issues, path, key, kind, value);
    }
  }
}

function checkIcaoName(issues: Issues, key: string, value: unknown): void {
  if (checkText(issues, '/nam', key, value, 80) && !isIcaoPattern(value as string)) {
    addAt(issues, '/nam', key, 'pattern', 'must match ^[A-Z<]*$ (ICAO 9303 transliteration)');
  }
}

function checkName(issues: Issues, nam: unknown): void {
  if (!isObject(nam)) {
    add(issues, '/nam', 'type', 'must be an object');
    return;
  }
  const { fn, fnt, gn, gnt } = nam;
  if (fnt === undefined && gnt === undefined) {
    add(issues, '/nam', 'anyOf', "must have 'fnt' or 'gnt' (or both)");
  }
  if (fn !== undefined) checkText(issues, '/nam', 'fn', fn, 80);
  if (fnt !== undefined) checkIcaoName(issues, 'fnt', fnt);
  if (gn !== undefined) checkText(issues, '/nam', 'gn', gn, 80);
  if (gnt !== undefined) checkIcaoName(issues, 'gnt', gnt);
}

/**
 * Validates an EU DCC payload (the JSON of claim -260/1) against the EU DCC JSON Schema.
 * Returns the issues found, at most `MAX_DCC_ISSUES`; an empty array means valid. Payloads
 * of version 1.0.x get the relaxations described at the top of this file.
 *
 * @example
 * validateDcc({ ver: '1.3.0', nam: { fnt: 'DOE' }, dob: '1990', v: [] })
 * // [{ path: '/v', rule: 'minItems', message: 'must hold exactly one entry, not 0' }]
 */
export function validateDcc(payload: unknown): DccIssue[] {
  const issues: DccIssue[] = [];
  if (!isObject(payload)) {
    add(issues, '', 'type', 'the payload must be an object');
    return issues;
  }
  const { ver, nam, dob } = payload;
  let legacy = false;
  if (ver === undefined) {
    add(issues, '', 'required', "must have property 'ver'");
  } else if (checkString(issues, '', 'ver', ver)) {
    if (!isVersionPattern(ver)) {
      add(issues, '/ver', 'pattern', 'must be a version like 1.3.0');
    } else {
      legacy = ver.length < 16 && isLegacyVersion(ver);
    }
  }
  if (nam === undefined) add(issues, '', 'required', "must have property 'nam'");
  else checkName(issues, nam);
  if (dob === undefined) {
    add(issues, '', 'required', "must have property 'dob'");
  } else if (checkString(issues, '', 'dob', dob) && !isDobPattern(dob, legacy)) {
    add(issues, '/dob', 'pattern', 'must be a date of birth YYYY, YYYY-MM, YYYY-MM-DD or empty');
  }

  let groups = 0;
  for (const [key] of GROUPS) {
    const value = payload[key];
    if (value !== undefined && !(legacy && value === null)) groups++;
  }
  if (groups !== 1) {
    add(
      issues,
      '',
      'oneOf',
      groups === 0
        ? "must have exactly one of 'v', 't' or 'r'; it has none"
        : `must have exactly one of 'v', 't' or 'r'; it has ${groups}`,
    );
  }
  for (const [key, fields, legacyFieldList] of GROUPS) {
    const value = payload[key];
    if (value === undefined || (legacy && value === null)) continue;
    const path = `/${key}`;
    if (!Array.isArray(value)) {
      add(issues, path, 'type', 'must be an array');
      continue;
    }
    if (value.length === 0) add(issues, path, 'minItems', 'must hold exactly one entry, not 0');
    else if (value.length > 1) {
      add(issues, path, 'maxItems', `must hold exactly one entry, not ${value.length}`);
    }
    const n = Math.min(value.length, MAX_ENTRIES_CHECKED);
    for (let i = 0; i < n && issues.length < MAX_DCC_ISSUES; i++) {
      checkEntry(issues, `${path}/${i}`, value[i], legacy ? legacyFieldList : fields);
    }
  }
  return issues;
}
