import type { HcertClaims } from '../hcert/cwt.js';
import { alpha2Country } from '../lib/countries.js';
import type { FindingParams } from '../report/finding.js';
import type { CertificateType, Holder } from '../report/report.js';
import type { DdccFindingCode } from './findings.js';
import { EU_TG_COVID19, euProphylaxisFromIcd11, ICD11_COVID19 } from './icd11.js';

/**
 * WHO DDCC core data sets carried in HC1 codes, read into the EU-DCC-shaped view that
 * policies and CertLogic rules use. Two serialisations are in use: DDCC:VS RC1 puts the
 * vaccination at the top level with snake_case names (`vaccine`, `total_doses`,
 * `valid_from`, WHO's own HC1 examples); RC2 nests `vaccination` / `test` and keeps the
 * certificate metadata in `certificate` (`hcid`, `period`). Both are read.
 */

/** What a DDCC payload says, read for the report. */
export interface DdccReading {
  profile: 'DDCC:VS' | 'DDCC:TR';
  type: CertificateType;
  holder: Holder;
  /** EU-DCC-shaped view (`v` or `t`). */
  dcc: Record<string, unknown>;
  /** The data set as decoded. */
  payload: Record<string, unknown>;
  /** Certificate validity from the data set itself (ISO-8601), when it states one. */
  validFrom?: string;
  validUntil?: string;
  /** Required data-set elements that are missing or malformed. */
  problems: { code: DdccFindingCode; params: FindingParams }[];
}

/**
 * Reads the DDCC core data set that `readHcertClaims` found (`claims.ddcc`); `undefined` for
 * an EU DCC code. The HC1 pipeline calls it right after the CWT claims are read: when it
 * answers, the EU schema check is replaced by its `problems`, the credential takes its
 * `type`, `holder` and `dcc`, and a code without CWT `iat`/`exp` is dated by `validFrom` /
 * `validUntil` (see {@link ddccValidityProblems}).
 *
 * @example
 * const claims = readHcertClaims(cose.payload);
 * const ddcc = claims.ok ? readDdccPayload(claims.value) : undefined;
 * if (ddcc) credential.dcc = ddcc.dcc;
 */
export function readDdccPayload(claims: HcertClaims): DdccReading | undefined {
  const p = claims.ddcc;
  if (!p) return undefined;
  const problems: DdccReading['problems'] = [];
  const missing = (path: string) =>
    problems.push({
      code: 'DDCC_PAYLOAD_INVALID',
      params: { path, detail: 'missing or malformed' },
    });

  const name = text(p.name);
  if (!name) missing('/name');
  const birthDate = text(p.birthDate);
  const holder: Holder = {};
  if (name) holder.familyName = name;
  if (birthDate && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(birthDate)) holder.dateOfBirth = birthDate;

  const certificate = record(p.certificate);
  const hcid = text(p.hcid) ?? text(record(certificate?.hcid)?.value) ?? text(certificate?.hcid);
  const identifier = text(p.identifier) ?? text(record(p.identifier)?.value);
  const period = record(certificate?.period);
  const validFrom = text(p.valid_from) ?? text(period?.start);
  const validUntil = text(p.valid_until) ?? text(period?.end);
  const issuerOrg = record(certificate?.issuer);
  const issuer =
    text(record(issuerOrg?.identifier)?.value) ?? text(issuerOrg?.display) ?? claims.iss;

  const base: Record<string, unknown> = {
    ver: '1.3.0',
    nam: name ? { fn: name } : {},
    dob: holder.dateOfBirth ?? '',
  };
  const common = (entry: Record<string, unknown>, country: unknown) => {
    const co = code(country);
    const alpha2 = co ? alpha2Country(co) : undefined;
    if (alpha2) entry.co = alpha2;
    else missing(country === undefined ? '/country' : '/country/code');
    if (issuer) entry.is = issuer.slice(0, 80);
    const ci = hcid ?? identifier;
    if (ci) entry.ci = ci;
  };

  const test = record(p.test);
  if (test) {
    const entry: Record<string, unknown> = {
      tg: target(test.pathogen),
      tt: code(test.type) ?? '',
    };
    if (!code(test.type)) missing('/test/type');
    const brand = code(test.brand);
    if (brand) entry.nm = brand;
    const manufacturer = code(test.manufacturer);
    if (manufacturer) entry.ma = manufacturer;
    const sc = instant(test.date);
    if (sc) entry.sc = sc;
    else missing('/test/date');
    entry.tr = code(test.result) ?? '';
    if (!code(test.result)) missing('/test/result');
    const centre = text(test.centre) ?? code(test.centre);
    if (centre) entry.tc = centre;
    common(entry, test.country);
    return finish('DDCC:TR', 'test', { ...base, t: [entry] });
  }

  // DDCC:VS: RC2 nests the event in `vaccination`; RC1 (snake_case) has it at the top.
  const v = record(p.vaccination) ?? p;
  const vaccine = record(v.vaccine);
  const vaccineCode = code(vaccine);
  if (!vaccineCode) missing('/vaccination/vaccine');
  const entry: Record<string, unknown> = {
    tg: target(v.disease),
    vp: vaccineCode ? prophylaxis(vaccine!) : '',
    mp: code(v.brand) ?? '',
    ma: code(v.manufacturer) ?? code(v.maholder) ?? code(v.ma_holder) ?? '',
  };
  if (!code(v.brand)) missing('/vaccination/brand');
  const dose = v.dose;
  if (Number.isInteger(dose) && (dose as number) >= 1) entry.dn = dose;
  else missing('/vaccination/dose');
  const total = v.totalDoses ?? v.total_doses;
  if (Number.isInteger(total) && (total as number) >= 1) entry.sd = total;
  const date = text(v.date);
  if (date && /^\d{4}-\d{2}-\d{2}/.test(date)) entry.dt = date.slice(0, 10);
  else missing('/vaccination/date');
  common(entry, v.country);
  return finish('DDCC:VS', 'vaccination', { ...base, v: [entry] });

  function finish(
    profile: DdccReading['profile'],
    type: CertificateType,
    dcc: Record<string, unknown>,
  ): DdccReading {
    const reading: DdccReading = { profile, type, holder, dcc, payload: p!, problems };
    if (validFrom) reading.validFrom = validFrom;
    if (validUntil) reading.validUntil = validUntil;
    return reading;
  }
}

/**
 * The validity findings for a DDCC code from the data set's own dates: for codes that carry
 * no CWT `iat`/`exp` (the whole-payload form), the pipeline uses these instead of
 * `CWT_IAT_MISSING` / `CWT_EXP_MISSING`.
 */
export function ddccValidityProblems(
  reading: DdccReading,
  at: Date,
): { code: DdccFindingCode; params: FindingParams }[] {
  const out: { code: DdccFindingCode; params: FindingParams }[] = [];
  const t = at.getTime();
  if (reading.validFrom !== undefined) {
    const from = Date.parse(reading.validFrom);
    if (Number.isNaN(from)) {
      out.push({
        code: 'DDCC_PAYLOAD_INVALID',
        params: { path: '/valid_from', detail: 'not a date' },
      });
    } else if (from > t) {
      out.push({ code: 'DDCC_NOT_YET_VALID', params: { validFrom: reading.validFrom } });
    }
  }
  if (reading.validUntil !== undefined) {
    const until = Date.parse(reading.validUntil);
    // A date without a time is valid through that whole day (UTC).
    const end = /^\d{4}-\d{2}-\d{2}$/.test(reading.validUntil) ? until + 86_400_000 : until;
    if (Number.isNaN(until)) {
      out.push({
        code: 'DDCC_PAYLOAD_INVALID',
        params: { path: '/valid_until', detail: 'not a date' },
      });
    } else if (end <= t) {
      out.push({ code: 'DDCC_EXPIRED', params: { validUntil: reading.validUntil } });
    }
  }
  return out;
}

/**
 * COVID-19 and its agent, in SNOMED CT (EU: 840539006 the disease, 840533007 the virus) or
 * ICD-11 (WHO: RA01 the disease, XN109 the virus), become the EU `tg` 840539006; other
 * targets keep their code.
 */
const COVID19_TARGETS = new Set([EU_TG_COVID19, '840533007', ICD11_COVID19, 'XN109']);

function target(value: unknown): string {
  const c = code(value);
  if (!c || COVID19_TARGETS.has(c)) return EU_TG_COVID19;
  return c;
}

/** ICD-11 vaccine types map to the EU code (`ddcc/icd11.ts`); other systems keep theirs. */
function prophylaxis(vaccine: Record<string, unknown>): string {
  const c = code(vaccine)!;
  return euProphylaxisFromIcd11(c) ?? c;
}

/** A Coding's `code`, or a plain string. */
function code(value: unknown): string | undefined {
  if (typeof value === 'string') return text(value);
  return text(record(value)?.code);
}

/** An ISO instant for a sample time (a date alone is taken as midnight UTC). */
function instant(value: unknown): string | undefined {
  const t = text(value);
  if (!t) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return `${t}T00:00:00Z`;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(t))
    return undefined;
  return Number.isNaN(Date.parse(t)) ? undefined : t;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
