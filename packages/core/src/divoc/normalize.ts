import { EU_TG_COVID19, EU_VP_COVID19_VACCINE, euProphylaxisFromIcd11 } from '../ddcc/icd11.js';
import type { CertificateType, Holder } from '../report/report.js';

/**
 * DIVOC vaccination credentials read into the EU-DCC-shaped view policies and CertLogic rules
 * use (`report.credential.dcc`). DIVOC names vaccines and manufacturers in free text; the
 * products that have an EU code are mapped (the table below), the rest keep their text.
 */

/** A vaccine product DIVOC deployments name, with its EU value-set codes. */
interface Product {
  mp: string;
  ma: string;
  vp: string;
}

const COVISHIELD: Product = { mp: 'Covishield', ma: 'ORG-100001981', vp: '29061000087103' };
const COVAXIN: Product = { mp: 'Covaxin', ma: 'Bharat-Biotech', vp: '1157024006' };
const SPUTNIK_V: Product = {
  mp: 'Sputnik-V',
  ma: 'Gamaleya-Research-Institute',
  vp: '29061000087103',
};
const COVOVAX: Product = { mp: 'Covovax', ma: 'ORG-100001981', vp: '1119305005' };
const COMIRNATY: Product = { mp: 'EU/1/20/1528', ma: 'ORG-100030215', vp: '1119349007' };
const SPIKEVAX: Product = { mp: 'EU/1/20/1507', ma: 'ORG-100031184', vp: '1119349007' };
const VAXZEVRIA: Product = { mp: 'EU/1/21/1529', ma: 'ORG-100001699', vp: '29061000087103' };
const JCOVDEN: Product = { mp: 'EU/1/20/1525', ma: 'ORG-100001417', vp: '29061000087103' };
const BBIBP: Product = { mp: 'BBIBP-CorV', ma: 'ORG-100020693', vp: '1157024006' };
const CORONAVAC: Product = { mp: 'CoronaVac', ma: 'Sinovac-Biotech', vp: '1157024006' };

/**
 * Vaccine names as DIVOC certificates spell them (lower case, letters and digits only) to
 * the EU product. Only names that identify one product are listed: "AstraZeneca" alone is
 * Vaxzevria, Covishield names the Serum Institute's licence of the same vaccine.
 */
const PRODUCTS: Readonly<Record<string, Product>> = {
  covishield: COVISHIELD,
  covaxin: COVAXIN,
  sputnikv: SPUTNIK_V,
  covovax: COVOVAX,
  comirnaty: COMIRNATY,
  pfizer: COMIRNATY,
  pfizerbiontech: COMIRNATY,
  spikevax: SPIKEVAX,
  moderna: SPIKEVAX,
  vaxzevria: VAXZEVRIA,
  astrazeneca: VAXZEVRIA,
  jcovden: JCOVDEN,
  janssen: JCOVDEN,
  sinopharm: BBIBP,
  bbibpcorv: BBIBP,
  coronavac: CORONAVAC,
  sinovac: CORONAVAC,
};

function productKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** What the credential says, read for the report. */
export interface DivocReading {
  type?: CertificateType;
  holder: Holder;
  /** EU-DCC-shaped view; absent when the evidence is not a vaccination. */
  dcc?: Record<string, unknown>;
  /** `dose` and `totalDoses` when they look swapped (see `DIVOC_DOSES_AMBIGUOUS`). */
  doubtfulDoses?: { dose: number; totalDoses: number };
  /** The evidence type when it is not a vaccination. */
  unsupportedEvidence?: string;
}

/**
 * Reads a DIVOC credential's subject and first evidence. `country` (from the trusted key) is
 * the fallback country of vaccination when the facility's address has none.
 *
 * @example
 * readDivocCredential(vc, { issuer: 'https://cowin.gov.in/', country: 'IN' }).dcc.v[0].mp // 'Covishield'
 */
export function readDivocCredential(
  credential: Record<string, unknown>,
  signer: { issuer?: string; country?: string },
): DivocReading {
  const subject = record(credential.credentialSubject);
  const name = text(subject?.name);
  const dob = text(subject?.dob);
  const holder: Holder = {};
  // DIVOC carries one name string: it is not split into family and given names.
  if (name) holder.familyName = name;
  if (dob && /^\d{4}-\d{2}-\d{2}$/.test(dob)) holder.dateOfBirth = dob;

  const evidence = Array.isArray(credential.evidence) ? record(credential.evidence[0]) : undefined;
  const types = evidence ? asArray(evidence.type) : [];
  if (!evidence || !types.includes('Vaccination')) {
    return { holder, unsupportedEvidence: String(types[0] ?? 'no evidence').slice(0, 60) };
  }

  const vaccine = text(evidence.vaccine) ?? '';
  const product = PRODUCTS[productKey(vaccine)];
  const icd11 = text(evidence.icd11Code);
  const vp =
    (icd11 && euProphylaxisFromIcd11(icd11)) ?? product?.vp ?? icd11 ?? EU_VP_COVID19_VACCINE;
  const address = record(record(evidence.facility)?.address);
  const facilityCountry = text(address?.addressCountry);
  const co =
    facilityCountry && /^[A-Z]{2}$/.test(facilityCountry) ? facilityCountry : signer.country;
  const dose = positiveInt(evidence.dose);
  const totalDoses = positiveInt(evidence.totalDoses);
  const date = text(evidence.date);
  const entry: Record<string, unknown> = {
    tg: EU_TG_COVID19,
    vp,
    mp: product?.mp ?? vaccine,
    ma: product?.ma ?? text(evidence.manufacturer) ?? '',
  };
  if (dose !== undefined) entry.dn = dose;
  if (totalDoses !== undefined) entry.sd = totalDoses;
  if (date && /^\d{4}-\d{2}-\d{2}/.test(date)) entry.dt = date.slice(0, 10);
  if (co) entry.co = co;
  const issuer = text(credential.issuer) ?? signer.issuer;
  if (issuer) entry.is = issuer.slice(0, 80);
  const ci = text(evidence.certificateId) ?? text(evidence.id);
  if (ci) entry.ci = ci;

  const dcc: Record<string, unknown> = {
    ver: '1.3.0',
    nam: name ? { fn: name } : {},
    dob: holder.dateOfBirth ?? '',
    v: [entry],
  };
  const reading: DivocReading = { type: 'vaccination', holder, dcc };
  if (dose !== undefined && totalDoses !== undefined && dose > totalDoses) {
    reading.doubtfulDoses = { dose, totalDoses };
  }
  return reading;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** A dose count as DIVOC writes it: a number, or digits in a string (`""` means none). */
function positiveInt(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{1,2}$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 99 ? n : undefined;
}
