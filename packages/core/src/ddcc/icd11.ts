/**
 * WHO's COVID-19 vocabulary in ICD-11 (DDCC value sets `WHO_DDCC_Vaccines_COVID_19` and
 * `WHO_DDCC_Disease_Targeted_COVID_19`) and its mapping to the EU DCC value sets, shared by
 * the DDCC and DIVOC readers.
 */

/** ICD-11 codes of COVID-19 vaccine types (WHO DDCC, `http://id.who.int/icd11/mms`). */
export const ICD11_COVID19_VACCINES: Readonly<Record<string, string>> = {
  XM68M6: 'COVID-19 vaccine',
  XM1NL1: 'COVID-19 vaccine, inactivated virus',
  XM5DF6: 'COVID-19 vaccine, live attenuated virus',
  XM9QW8: 'COVID-19 vaccine, non-replicating viral vector',
  XM0CX4: 'COVID-19 vaccine, replicating viral vector',
  XM5JC5: 'COVID-19 vaccine, virus protein subunit',
  XM1J92: 'COVID-19 vaccine, virus like particle (VLP)',
  XM6AT1: 'COVID-19 vaccine, DNA based',
  XM0GQ8: 'COVID-19 vaccine, RNA based',
};

/** EU `vaccine-prophylaxis` code for "COVID-19 vaccine" of any type (SNOMED 28531000087107). */
export const EU_VP_COVID19_VACCINE = '28531000087107';

/**
 * ICD-11 COVID-19 vaccine types and the EU `vaccine-prophylaxis` code of the same meaning
 * (EU value set 2023 and later, SNOMED CT). Live attenuated and replicating viral vector
 * vaccines have no EU code of their own and map to "COVID-19 vaccine".
 */
const EU_VP_BY_ICD11: Readonly<Record<string, string>> = {
  XM68M6: EU_VP_COVID19_VACCINE,
  XM1NL1: '1157024006', // inactivated whole SARS-CoV-2 antigen vaccine
  XM5DF6: EU_VP_COVID19_VACCINE,
  XM9QW8: '29061000087103', // COVID-19 non-replicating viral vector vaccine
  XM0CX4: EU_VP_COVID19_VACCINE,
  XM5JC5: '1119305005', // SARS-CoV-2 antigen vaccine
  XM1J92: '30141000087107', // SARS-CoV-2 virus-like particle antigen vaccine
  XM6AT1: '1187593009', // SARS-CoV-2 DNA plasmid encoding spike protein vaccine
  XM0GQ8: '1119349007', // SARS-CoV-2 mRNA vaccine
};

/**
 * The EU `vaccine-prophylaxis` code for an ICD-11 COVID-19 vaccine type, or `undefined` for
 * a code that is not one (the caller then keeps the original code).
 */
export function euProphylaxisFromIcd11(code: string): string | undefined {
  return Object.hasOwn(EU_VP_BY_ICD11, code) ? EU_VP_BY_ICD11[code] : undefined;
}

/** ICD-11 RA01 (COVID-19) and its EU `disease-agent-targeted` code (SNOMED 840539006). */
export const ICD11_COVID19 = 'RA01';
export const EU_TG_COVID19 = '840539006';
