/**
 * Comparing the names a pass, a passport's MRZ and a health certificate give for one traveller.
 * All three use ICAO 9303 transliteration (`A`–`Z`, `<` between parts), but issuers differ in
 * small ways: a truncated long name in the MRZ, a dropped hyphen, `AE` for `Ä`. Those are for a
 * person to judge, not grounds to refuse.
 */

/** How two transliterated names compare. */
export type NameComparison = 'same' | 'transliteration' | 'different';

/**
 * Letters only, upper case: `VAN<DER BERG` → `VANDERBERG` (`toUpperCase`, then every character
 * but `A`–`Z` dropped). Names already in capitals and ASCII, as every MRZ and `fnt`/`gnt` is,
 * are read without a regular expression: their runs of letters joined, or the name itself
 * when it is one run. Other text goes through `toUpperCase` (`ß` → `SS`).
 */
export function nameLetters(name: string): string {
  let out = '';
  let run = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 65 && c <= 90) continue;
    if ((c >= 97 && c <= 122) || c > 0x7f) return name.toUpperCase().replace(/[^A-Z]/g, '');
    if (i > run) out += name.slice(run, i);
    run = i + 1;
  }
  if (run === 0) return name;
  return run < name.length ? out + name.slice(run) : out;
}

/**
 * `same` when the names agree once fillers, spaces and case are ignored; `transliteration`
 * when one is a truncation of the other (the MRZ cuts names to fit 39 characters) or they
 * differ by at most two letters (`AE`/`Ä`, `KH`/`H`); `different` otherwise.
 */
export function compareNames(a: string, b: string): NameComparison {
  const x = nameLetters(a);
  const y = nameLetters(b);
  if (x === y) return 'same';
  if (x.length === 0 || y.length === 0) return 'different';
  if ((x.length >= 10 && y.startsWith(x)) || (y.length >= 10 && x.startsWith(y)))
    return 'transliteration';
  return editDistanceAtMost(x, y, 2) ? 'transliteration' : 'different';
}

/** Levenshtein distance ≤ `limit`, computed in a band (names are short, limits tiny). */
function editDistanceAtMost(a: string, b: string, limit: number): boolean {
  if (Math.abs(a.length - b.length) > limit) return false;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return false;
    previous = current;
  }
  return previous[b.length]! <= limit;
}

/**
 * Whether two ISO 8601 dates of birth can be the same day: equal, or one is a truncation of the
 * other (`1985` or `1985-07` against `1985-07-21`, as EU DCCs allow for unknown parts).
 */
export function sameBirthDate(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}-`) || b.startsWith(`${a}-`);
}
