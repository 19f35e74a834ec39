import { randomInt } from 'node:crypto';

/**
 * The characters of a UVCI over which the Luhn mod N check character is computed, in code
 * point order (eHealth Network UVCI guideline; eu-dcc-schema examples/Luhn-Mod-N).
 */
export const UVCI_CHECK_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:';
/** Characters of the opaque part Corridor generates (unambiguous upper case and digits). */
const OPAQUE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** Length of the generated opaque part: 13 characters, 65 bits; a UCI is then 30 characters. */
export const UCI_OPAQUE_LENGTH = 13;

const UCI_PATTERN = /^URN:UVCI:01:([A-Z]{2}):([A-Z0-9/:]+)#([A-Z0-9/:])$/;

/**
 * The Luhn mod N check character of `text` over {@link UVCI_CHECK_ALPHABET} (N = 38): from
 * the right, code points are multiplied alternately by 2 and 1, the base-N digits of each
 * product summed, and the check character is the one that brings the sum to 0 mod N.
 * Throws `RangeError` for characters outside the alphabet.
 *
 * @example luhnModN('URN:UVCI:01:NL:187/37512422923') // 'Z'
 */
export function luhnModN(text: string): string {
  const n = UVCI_CHECK_ALPHABET.length;
  let factor = 2;
  let sum = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const codePoint = UVCI_CHECK_ALPHABET.indexOf(text[i]!);
    if (codePoint < 0) throw new RangeError(`"${text[i]}" is not a UVCI character`);
    const addend = factor * codePoint;
    factor = factor === 2 ? 1 : 2;
    sum += Math.floor(addend / n) + (addend % n);
  }
  return UVCI_CHECK_ALPHABET[(n - (sum % n)) % n]!;
}

/**
 * A fresh UCI of `country`: `URN:UVCI:01:<CC>:<13 random characters>#<Luhn mod N check>`.
 *
 * @example newUci('KR') // 'URN:UVCI:01:KR:7QX2M9HKD4C8A#P'
 */
export function newUci(country: string): string {
  if (!/^[A-Z]{2}$/.test(country)) throw new RangeError(`"${country}" is not a country code`);
  let opaque = '';
  for (let i = 0; i < UCI_OPAQUE_LENGTH; i++)
    opaque += OPAQUE_ALPHABET[randomInt(OPAQUE_ALPHABET.length)];
  const body = `URN:UVCI:01:${country}:${opaque}`;
  return `${body}#${luhnModN(body)}`;
}

/**
 * Why `uci` is not a well-formed Corridor-acceptable UCI (`undefined` when it is): prefix
 * `URN:UVCI:01:`, a country code, an opaque part of `A–Z 0–9 / :`, `#` and a correct check
 * character, at most 80 characters, and the expected country when given.
 */
export function uciProblem(uci: string, country?: string): string | undefined {
  if (uci.length > 80) return 'a UCI has at most 80 characters';
  const match = UCI_PATTERN.exec(uci);
  if (!match) return 'a UCI reads URN:UVCI:01:<CC>:<A-Z 0-9 / :>#<check character>';
  if (country && match[1] !== country) return `the UCI must be of ${country}, not ${match[1]}`;
  const body = uci.slice(0, uci.lastIndexOf('#'));
  if (luhnModN(body) !== match[3]) return 'the check character after # is wrong';
  return undefined;
}
