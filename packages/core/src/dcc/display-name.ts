import type { Lang } from '../report/finding.js';
import { BUILTIN_VALUE_SET_NAMES } from './valueset-names.js';
import { canonicalValueSetId, type EuValueSet } from './valuesets.js';

const regionNames = new Map<string, Intl.DisplayNames | null>();

/** The `Intl.DisplayNames` for regions in `lang`, or `null` where the runtime has none. */
function regions(lang: Lang): Intl.DisplayNames | null {
  let names = regionNames.get(lang);
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' });
    } catch {
      names = null;
    }
    regionNames.set(lang, names);
  }
  return names;
}

function countryName(code: string, lang: Lang): string | undefined {
  if (!/^[A-Z]{2}$/.test(code)) return undefined;
  try {
    return regions(lang)?.of(code) ?? undefined;
  } catch {
    return undefined;
  }
}

function externalName(
  sets: readonly EuValueSet[] | undefined,
  id: string,
  code: string,
  lang: Lang | undefined,
): string | undefined {
  if (!sets) return undefined;
  for (const set of sets) {
    if (canonicalValueSetId(set.valueSetId) !== id) continue;
    if (!Object.hasOwn(set.valueSetValues, code)) continue;
    const entry = set.valueSetValues[code]!;
    if (lang === undefined || entry.lang === lang || (lang === 'en' && entry.lang === '')) {
      return entry.display;
    }
  }
  return undefined;
}

/**
 * The display name of `code` in value set `valueSetId` (an EU id such as
 * `sct-vaccines-covid-19`, or the schema name `vaccine-prophylaxis`), in `lang`.
 * Looks in the built-in table, then in `externalSets`; countries (`country-2-codes`) come from
 * `Intl.DisplayNames`. Falls back to English, then to any display name, then to the code.
 *
 * @example
 * displayName('vaccine-medicinal-product', 'EU/1/20/1528', 'ko') // 'Comirnaty'
 * displayName('country-2-codes', 'KR', 'zh') // '韩国'
 */
export function displayName(
  valueSetId: string,
  code: string,
  lang: Lang,
  externalSets?: readonly EuValueSet[],
): string {
  const id = canonicalValueSetId(valueSetId);
  if (id === 'country-2-codes') {
    const name = countryName(code, lang) ?? countryName(code, 'en');
    if (name !== undefined) return name;
  }
  const table = BUILTIN_VALUE_SET_NAMES[id];
  const builtin = table && Object.hasOwn(table, code) ? table[code] : undefined;
  return (
    builtin?.[lang] ??
    externalName(externalSets, id, code, lang) ??
    builtin?.en ??
    externalName(externalSets, id, code, 'en') ??
    externalName(externalSets, id, code, undefined) ??
    code
  );
}
