import { canonicalValueSetId, type EuValueSet, VALUE_SET_IDS } from './valuesets.js';

/** A code in a payload that the value set of its field does not list. */
export interface UnknownCode {
  /** JSON pointer to the code, e.g. `/v/0/mp`. */
  path: string;
  /** The EU `valueSetId`, e.g. `vaccines-covid-19-names`. */
  valueSetId: string;
  code: string;
}

const V = VALUE_SET_IDS;

/** Which value set each coded field of each entry group draws from. */
const CODED_FIELDS: Readonly<Record<'v' | 't' | 'r', readonly (readonly [string, string])[]>> = {
  v: [
    ['tg', V['disease-agent-targeted']],
    ['vp', V['vaccine-prophylaxis']],
    ['mp', V['vaccine-medicinal-product']],
    ['ma', V['vaccine-mah-manf']],
    ['co', V['country-2-codes']],
  ],
  t: [
    ['tg', V['disease-agent-targeted']],
    ['tt', V['test-type']],
    ['ma', V['test-manf']],
    ['tr', V['test-result']],
    ['co', V['country-2-codes']],
  ],
  r: [
    ['tg', V['disease-agent-targeted']],
    ['co', V['country-2-codes']],
  ],
};

/** At most this many entries of each group are looked at (a valid DCC has one). */
const MAX_ENTRIES = 4;

/**
 * Lists the coded fields of a DCC payload (`tg`, `vp`, `mp`, `ma`, `co`, `tt`, `tr`, test
 * `ma`) whose code is not in the provided value set for that field; meant to become
 * `VALUESET_UNKNOWN_CODE` warnings. Fields whose value set is not among `sets` are not
 * judged, nor are values that are not strings (schema validation reports those). Inactive
 * codes count as known.
 */
export function checkValueSets(payload: unknown, sets: readonly EuValueSet[]): UnknownCode[] {
  const unknown: UnknownCode[] = [];
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return unknown;
  const byId = new Map<string, EuValueSet[]>();
  for (const set of sets) {
    const id = canonicalValueSetId(set.valueSetId);
    const list = byId.get(id);
    if (list) list.push(set);
    else byId.set(id, [set]);
  }
  for (const group of ['v', 't', 'r'] as const) {
    const entries = (payload as Record<string, unknown>)[group];
    if (!Array.isArray(entries)) continue;
    const n = Math.min(entries.length, MAX_ENTRIES);
    for (let i = 0; i < n; i++) {
      const entry: unknown = entries[i];
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) continue;
      for (const [field, valueSetId] of CODED_FIELDS[group]) {
        const code = (entry as Record<string, unknown>)[field];
        const candidates = byId.get(valueSetId);
        if (typeof code !== 'string' || !candidates) continue;
        if (!candidates.some((set) => Object.hasOwn(set.valueSetValues, code))) {
          unknown.push({ path: `/${group}/${i}/${field}`, valueSetId, code });
        }
      }
    }
  }
  return unknown;
}
