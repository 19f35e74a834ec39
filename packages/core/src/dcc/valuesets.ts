import { fail, ok, type Result } from '../lib/result.js';

/** One code of an EU value set, as the EU gateway and eu-dcc-valuesets publish it. */
export interface EuValueSetEntry {
  /** Display name, in `lang` (English in every EU set). */
  display: string;
  lang: string;
  /** `false` for codes kept only so that older certificates still resolve. */
  active: boolean;
  version: string;
  /** The code system, e.g. `http://snomed.info/sct`. */
  system: string;
}

/** An EU value set: `{ valueSetId, valueSetDate, valueSetValues: { code: entry } }`. */
export interface EuValueSet {
  valueSetId: string;
  valueSetDate: string;
  /** Codes to entries; a null-prototype object, so look codes up with `Object.hasOwn`. */
  valueSetValues: Readonly<Record<string, EuValueSetEntry>>;
}

/**
 * The EU `valueSetId` of each value set the DCC schema names (DCC.ValueSets.schema.json), e.g.
 * `vaccine-prophylaxis` is published as `sct-vaccines-covid-19`.
 */
export const VALUE_SET_IDS = {
  'disease-agent-targeted': 'disease-agent-targeted',
  'vaccine-prophylaxis': 'sct-vaccines-covid-19',
  'vaccine-medicinal-product': 'vaccines-covid-19-names',
  'vaccine-mah-manf': 'vaccines-covid-19-auth-holders',
  'country-2-codes': 'country-2-codes',
  'test-type': 'covid-19-lab-test-type',
  'test-manf': 'covid-19-lab-test-manufacturer-and-name',
  'test-result': 'covid-19-lab-result',
} as const;

/** The EU `valueSetId` for either an EU id or a schema name (`vaccine-prophylaxis`). */
export function canonicalValueSetId(id: string): string {
  return Object.hasOwn(VALUE_SET_IDS, id) ? VALUE_SET_IDS[id as keyof typeof VALUE_SET_IDS] : id;
}

/** At most this many codes are accepted in one value set (the largest EU set has ~250). */
export const MAX_VALUE_SET_CODES = 10_000;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function optionalString(x: unknown): string | undefined {
  if (x === undefined || x === null) return '';
  return typeof x === 'string' ? x : undefined;
}

/**
 * Reads an EU value set (parsed JSON, or JSON text). `display` and `active` are required for
 * every code; `lang`, `version` and `system` default to `''`. Returns `VALUESET_MALFORMED`
 * with a reason instead of throwing.
 */
export function parseEuValueSet(json: unknown): Result<EuValueSet, 'VALUESET_MALFORMED'> {
  let data = json;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data);
    } catch {
      return fail('VALUESET_MALFORMED', { reason: 'not JSON' });
    }
  }
  if (!isRecord(data)) return fail('VALUESET_MALFORMED', { reason: 'not an object' });
  const { valueSetId, valueSetDate, valueSetValues } = data;
  if (typeof valueSetId !== 'string' || valueSetId === '') {
    return fail('VALUESET_MALFORMED', { reason: 'valueSetId is missing' });
  }
  if (typeof valueSetDate !== 'string') {
    return fail('VALUESET_MALFORMED', { reason: 'valueSetDate is missing' });
  }
  if (!isRecord(valueSetValues)) {
    return fail('VALUESET_MALFORMED', { reason: 'valueSetValues is not an object' });
  }
  const codes = Object.keys(valueSetValues);
  if (codes.length > MAX_VALUE_SET_CODES) {
    return fail('VALUESET_MALFORMED', { reason: `more than ${MAX_VALUE_SET_CODES} codes` });
  }
  const values: Record<string, EuValueSetEntry> = Object.create(null);
  for (const code of codes) {
    const entry = valueSetValues[code];
    if (!isRecord(entry)) {
      return fail('VALUESET_MALFORMED', { reason: `code ${code} is not an object` });
    }
    const lang = optionalString(entry.lang);
    const version = optionalString(entry.version);
    const system = optionalString(entry.system);
    if (typeof entry.display !== 'string' || typeof entry.active !== 'boolean') {
      return fail('VALUESET_MALFORMED', { reason: `code ${code} lacks display or active` });
    }
    if (lang === undefined || version === undefined || system === undefined) {
      return fail('VALUESET_MALFORMED', { reason: `code ${code} has a non-string field` });
    }
    values[code] = { display: entry.display, lang, active: entry.active, version, system };
  }
  return ok({ valueSetId, valueSetDate, valueSetValues: values });
}
