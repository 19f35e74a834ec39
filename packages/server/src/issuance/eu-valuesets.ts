import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type EuValueSet, parseEuValueSet } from '@corridor/core/dcc';

/** The folder of the EU DCC value sets Corridor ships (`packages/server/data/eu-valuesets`). */
export const EU_VALUE_SET_DIR = fileURLToPath(new URL('../../data/eu-valuesets/', import.meta.url));

let cached: readonly EuValueSet[] | undefined;

/**
 * The EU DCC value sets shipped with Corridor (release 2.12.0; source and licence in the
 * folder's `SOURCE` and `LICENSE`): countries, disease, vaccine prophylaxis, product and
 * manufacturer, test type and result. Issuance checks every coded field against them by
 * default, so a code outside the published lists (`co: "XX"`, an unknown product) is refused.
 * Read once per process; a file that does not parse is a packaging error and throws.
 */
export function euValueSets(): readonly EuValueSet[] {
  if (cached) return cached;
  const sets: EuValueSet[] = [];
  for (const name of readdirSync(EU_VALUE_SET_DIR)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const parsed = parseEuValueSet(readFileSync(`${EU_VALUE_SET_DIR}${name}`, 'utf8'));
    if (!parsed.ok) throw new Error(`shipped value set ${name} does not parse: ${parsed.code}`);
    sets.push(parsed.value);
  }
  cached = Object.freeze(sets);
  return cached;
}
