/**
 * The code systems SMART Health Cards use (SMART Health Cards: Vaccination & Testing IG, and
 * the SHC terminology value sets) mapped to the EU DCC value sets where the mapping is
 * well-defined. Where it is not, the card's own code is kept; `docs/formats/shc.md` lists
 * every row and says which. Tables only, no logic beyond lookups.
 */

/** FHIR `Coding.system` URIs. */
export const SYSTEM_CVX = 'http://hl7.org/fhir/sid/cvx';
export const SYSTEM_SNOMED = 'http://snomed.info/sct';
export const SYSTEM_LOINC = 'http://loinc.org';
/** ICD-11 MMS as the SHC IG spells it (and the older `icd11/mms` form some issuers use). */
export const SYSTEMS_ICD11 = [
  'http://id.who.int/icd/release/11/mms',
  'http://id.who.int/icd11/mms',
];

/** EU `disease-agent-targeted` for COVID-19. */
export const TG_COVID19 = '840539006';
/** EU `vaccine-prophylaxis` "COVID-19 vaccine": any COVID-19 vaccine whose platform is not known. */
export const VP_COVID19_VACCINE = '28531000087107';

const VP_MRNA = '1119349007';
const VP_VECTOR = '29061000087103';
const VP_INACTIVATED = '1157024006';
const VP_PROTEIN = '1162643001';
const VP_VLP = '30141000087107';
const VP_DNA = '1187593009';

/** An EU DCC vaccine: medicinal product, authorisation holder, prophylaxis, primary series. */
export interface EuVaccine {
  mp: string;
  ma: string;
  vp: string;
  /** Doses in the product's primary series (Corridor's inference: SHC cards do not say). */
  series: number;
}

const SPIKEVAX: EuVaccine = { mp: 'EU/1/20/1507', ma: 'ORG-100031184', vp: VP_MRNA, series: 2 };
const COMIRNATY: EuVaccine = { mp: 'EU/1/20/1528', ma: 'ORG-100030215', vp: VP_MRNA, series: 2 };

/**
 * CVX codes of COVID-19 vaccines (CDC; the SHC `immunization-covid-cvx` value set) to the EU
 * product per the EU "vaccine encoding instructions" (eu-dcc-valuesets 2023-05-05): adapted
 * (bivalent) Comirnaty and Spikevax keep their product code there, so they map to it here.
 */
export const CVX_TO_EU: Readonly<Record<string, EuVaccine>> = {
  '207': SPIKEVAX,
  '221': SPIKEVAX,
  '227': SPIKEVAX,
  '228': SPIKEVAX,
  '229': SPIKEVAX,
  '230': SPIKEVAX,
  '311': SPIKEVAX,
  '312': SPIKEVAX,
  '519': SPIKEVAX,
  '208': COMIRNATY,
  '217': COMIRNATY,
  '218': COMIRNATY,
  '219': COMIRNATY,
  '300': COMIRNATY,
  '301': COMIRNATY,
  '302': COMIRNATY,
  '308': COMIRNATY,
  '309': COMIRNATY,
  '310': COMIRNATY,
  '520': COMIRNATY,
  '210': { mp: 'EU/1/21/1529', ma: 'ORG-100001699', vp: VP_VECTOR, series: 2 },
  '212': { mp: 'EU/1/20/1525', ma: 'ORG-100001417', vp: VP_VECTOR, series: 1 },
  '211': { mp: 'EU/1/21/1618', ma: 'ORG-100032020', vp: VP_PROTEIN, series: 2 },
  '313': { mp: 'EU/1/21/1618', ma: 'ORG-100032020', vp: VP_PROTEIN, series: 2 },
  '502': { mp: 'Covaxin', ma: 'Bharat-Biotech', vp: VP_INACTIVATED, series: 2 },
  '504': { mp: 'Sputnik-Light', ma: 'Gamaleya-Research-Institute', vp: VP_VECTOR, series: 1 },
  '505': { mp: 'Sputnik-V', ma: 'Gamaleya-Research-Institute', vp: VP_VECTOR, series: 2 },
  '506': { mp: 'Convidecia', ma: 'ORG-100013793', vp: VP_VECTOR, series: 1 },
  '509': { mp: 'EpiVacCorona', ma: 'Vector-Institute', vp: VP_PROTEIN, series: 2 },
  '510': { mp: 'BBIBP-CorV', ma: 'ORG-100020693', vp: VP_INACTIVATED, series: 2 },
  '511': { mp: 'CoronaVac', ma: 'Sinovac-Biotech', vp: VP_INACTIVATED, series: 2 },
  '512': { mp: 'Covifenz', ma: 'ORG-100008549', vp: VP_COVID19_VACCINE, series: 2 },
  '515': { mp: 'MVC-COV1901', ma: 'ORG-100033914', vp: VP_PROTEIN, series: 2 },
  '518': { mp: 'EU/1/21/1624', ma: 'ORG-100036422', vp: VP_COVID19_VACCINE, series: 2 },
  '521': { mp: 'EU/1/21/1580', ma: 'ORG-100000788', vp: VP_COVID19_VACCINE, series: 1 },
};

/**
 * CVX codes of COVID-19 vaccines with no well-defined EU product (unspecified, unknown non-US
 * product, or a product the EU value sets do not list): recognised as COVID-19, code kept.
 */
export const CVX_COVID_OTHER: ReadonlySet<string> = new Set([
  '213',
  '225',
  '226',
  '500',
  '501',
  '503',
  '507',
  '508',
  '513',
  '514',
  '516',
  '517',
]);

/**
 * ICD-11 MMS COVID-19 vaccine codes (descendants of XM68M6, SHC IG "Vaccine: ICD-11") to the
 * EU prophylaxis code of the same platform; platforms the EU set lacks (replicating vector,
 * live attenuated) keep the ICD-11 code.
 */
export const ICD11_TO_VP: Readonly<Record<string, string>> = {
  XM68M6: VP_COVID19_VACCINE,
  XM0GQ8: VP_MRNA,
  XM9QW8: VP_VECTOR,
  XM1NL1: VP_INACTIVATED,
  XM5JC5: VP_PROTEIN,
  XM1J92: VP_VLP,
  XM6AT1: VP_DNA,
  XM0CX4: 'XM0CX4',
  XM5DF6: 'XM5DF6',
};

/** SNOMED CT codes that are themselves EU `vaccine-prophylaxis` codes: kept as they are. */
export const SNOMED_VP: ReadonlySet<string> = new Set([
  '1119305005',
  VP_MRNA,
  VP_PROTEIN,
  VP_INACTIVATED,
  VP_VECTOR,
  VP_COVID19_VACCINE,
  VP_VLP,
  VP_DNA,
]);

/** EU `test-type` for NAAT (nucleic acid amplification with probe detection). */
export const TT_NAAT = 'LP6464-4';
/** EU `test-type` for rapid antigen tests (rapid immunoassay). */
export const TT_RAPID_ANTIGEN = 'LP217198-3';

/**
 * LOINC codes of SARS-CoV-2 nucleic acid tests (RNA / gene targets by NAA with probe
 * detection: the CSTE "Tests for SARS-CoV-2 Nucleic Acid" value set, and the "in Nose" /
 * "in Nasopharynx" NAA+probe codes), all EU NAAT.
 */
export const LOINC_NAAT: ReadonlySet<string> = new Set([
  '94307-6',
  '94308-4',
  '94309-2',
  '94310-0',
  '94311-8',
  '94312-6',
  '94313-4',
  '94314-2',
  '94315-9',
  '94316-7',
  '94500-6',
  '94502-2',
  '94509-7',
  '94510-5',
  '94511-3',
  '94532-9',
  '94533-7',
  '94534-5',
  '94559-2',
  '94759-8',
  '95406-5',
  '95409-9',
]);

/** LOINC codes of SARS-CoV-2 antigen tests "by Rapid immunoassay": EU rapid antigen tests. */
export const LOINC_RAPID_ANTIGEN: ReadonlySet<string> = new Set(['94558-4', '95209-3', '97097-0']);

/**
 * Other LOINC codes of SARS-CoV-2 laboratory tests (the LIVD SARS-CoV-2 test codes value set
 * the SHC IG binds, as the SHC dev-tools list it): recognised as COVID-19 tests, LOINC code
 * kept as the test type (serology, non-probe NAA, culture, ...).
 */
export const LOINC_COVID_OTHER: ReadonlySet<string> = new Set([
  '50548-7',
  '68993-5',
  '82159-5',
  '94306-8',
  '94503-0',
  '94504-8',
  '94507-1',
  '94508-9',
  '94531-1',
  '94547-7',
  '94562-6',
  '94563-4',
  '94564-2',
  '94565-9',
  '94640-0',
  '94661-6',
  '94756-4',
  '94757-2',
  '94758-0',
  '94760-6',
  '94761-4',
  '94762-2',
  '94764-8',
  '94845-5',
  '95416-4',
  '95423-0',
  '95424-8',
  '95425-5',
  '95542-7',
  '95608-6',
  '95609-4',
]);

/**
 * SNOMED CT qualitative results (SHC IG "Laboratory result value set") to the EU
 * `test-result` codes: "Negative" is "Not detected" and "Positive" is "Detected" for a
 * qualitative SARS-CoV-2 test; the EU codes themselves stay; weakly/presumptive positive keep
 * their own code (a policy asking for "not detected" refuses them either way).
 */
export const RESULT_TO_EU: Readonly<Record<string, string>> = {
  '260415000': '260415000',
  '260385009': '260415000',
  '260373001': '260373001',
  '10828004': '260373001',
};
