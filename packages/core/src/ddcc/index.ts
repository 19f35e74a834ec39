/** WHO DDCC core data sets (DDCC:VS, DDCC:TR) in HC1 codes, and WHO's ICD-11 vocabulary. */
export { alpha2Country } from '../lib/countries.js';
export { DDCC_FINDINGS, type DdccFindingCode } from './findings.js';
export {
  EU_TG_COVID19,
  EU_VP_COVID19_VACCINE,
  euProphylaxisFromIcd11,
  ICD11_COVID19,
  ICD11_COVID19_VACCINES,
} from './icd11.js';
export { type DdccReading, ddccValidityProblems, readDdccPayload } from './read.js';
export { isDdccPayload } from './shape.js';
