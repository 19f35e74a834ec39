/** Passports' machine-readable zones (ICAO 9303 TD3), read with every check digit verified. */
export { MRZ_FINDINGS, type MrzCode } from './findings.js';
export {
  MAX_MRZ_INPUT,
  type MrzDate,
  type MrzParseOptions,
  mrzCheckDigit,
  type PassportMrz,
  parsePassportMrz,
} from './parse.js';
