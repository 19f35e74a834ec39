const cache = new Map<string, Intl.DisplayNames | null>();

/** A country's name in `lang` (the code itself where the runtime has no name for it). */
export function countryName(code: string, lang: string): string {
  let names = cache.get(lang);
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
    } catch {
      names = null;
    }
    cache.set(lang, names);
  }
  try {
    return names?.of(code) ?? code;
  } catch {
    return code;
  }
}
