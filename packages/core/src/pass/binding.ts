import { type CryptoProvider, defaultCrypto } from '../crypto/provider.js';
import { bytesEqual, concatBytes, utf8Encode } from '../lib/bytes.js';
import type { PassportMrz } from '../mrz/parse.js';
import type { PassportBinding } from './claims.js';

/** The passport data a binding covers, as an issuer knows them from the application. */
export interface PassportIdentity {
  /** Document number as in the passport (`A`–`Z`, `0`–`9`, at most 9 characters in a TD3 MRZ). */
  documentNumber: string;
  /** Nationality, ICAO 9303 three-letter code (`KOR`, `CHN`, `D` for Germany). */
  nationality: string;
  /** Date of birth: `YYYY-MM-DD` (or `YYYY-MM`, `YYYY` when unknown further), or the MRZ's `YYMMDD`. */
  birthDate: string;
}

/**
 * The canonical text a passport binding hashes: the three fields exactly as a TD3 MRZ prints
 * them, joined by `|`: the document number without trailing `<`, the three-character
 * nationality with its `<` fillers (`D<<`), the six-character birth date `YYMMDD` (`<<` for an
 * unknown month or day). A verifier builds it from the MRZ alone, with no century to guess.
 * Throws `RangeError` for data no passport could print (an issuer's input error).
 *
 * @example
 * passportBindingText({ documentNumber: 'L898902C3', nationality: 'UTO', birthDate: '1974-08-12' })
 * // 'L898902C3|UTO|740812'
 */
export function passportBindingText(identity: PassportIdentity): string {
  const number = identity.documentNumber.toUpperCase().replace(/<+$/, '');
  if (!/^[A-Z0-9<]{1,9}$/.test(number))
    throw new RangeError('document number not printable in a TD3 MRZ');
  const nationality = identity.nationality.toUpperCase().padEnd(3, '<');
  if (!/^[A-Z]{1,3}<*$/.test(nationality) || nationality.length !== 3)
    throw new RangeError('nationality is not an ICAO 9303 code');
  return `${number}|${nationality}|${mrzBirthDate(identity.birthDate)}`;
}

function mrzBirthDate(date: string): string {
  if (/^\d{2}(\d{2}|<<)(\d{2}|<<)$/.test(date)) return date;
  const m = /^\d{2}(\d{2})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date);
  if (!m) throw new RangeError('birth date is neither YYYY-MM-DD nor YYMMDD');
  return `${m[1]}${m[2] ?? '<<'}${m[3] ?? '<<'}`;
}

/**
 * Makes the binding of a pass: SHA-256 over `salt ‖ UTF-8(passportBindingText(identity))`.
 * The salt (16 random bytes unless given) keeps a list of known passports from being matched
 * against passes by hashing them all.
 */
export async function bindPassport(
  identity: PassportIdentity,
  options: { salt?: Uint8Array; crypto?: CryptoProvider } = {},
): Promise<PassportBinding> {
  const salt = options.salt ?? globalThis.crypto.getRandomValues(new Uint8Array(16));
  if (salt.length < 16 || salt.length > 32) throw new RangeError('salt must be 16 to 32 bytes');
  const crypto = options.crypto ?? defaultCrypto();
  const hash = await crypto.sha256(saltedText(salt, passportBindingText(identity)));
  return { salt, hash };
}

/**
 * Whether the passport whose MRZ was read is the one the pass was issued for: the binding
 * recomputed from the MRZ's document number, nationality and birth date equals the pass's.
 */
export async function passportMatchesBinding(
  binding: PassportBinding,
  mrz: PassportMrz,
  crypto: CryptoProvider = defaultCrypto(),
): Promise<boolean> {
  const text = `${mrz.documentNumber}|${mrz.nationality}|${mrz.birthDate.printed}`;
  const hash = await crypto.sha256(saltedText(binding.salt, text));
  return bytesEqual(hash, binding.hash);
}

/**
 * `salt ‖ UTF-8(text)`, the bytes a binding hashes, in one new array. A binding text is MRZ
 * characters (ASCII), written byte for byte: a checkpoint hashes one per traveller, and an
 * encoder plus a concatenation cost more than the digest. Any other text goes through UTF-8.
 */
export function saltedText(salt: Uint8Array, text: string): Uint8Array {
  const out = new Uint8Array(salt.length + text.length);
  out.set(salt);
  for (let i = 0, o = salt.length; i < text.length; i++, o++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return concatBytes(salt, utf8Encode(text));
    out[o] = c;
  }
  return out;
}
