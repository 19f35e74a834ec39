/**
 * The FHIR bundle of a SMART Health Card read into what a border decision needs: who the card
 * is about, the COVID-19 vaccinations or laboratory results it records, and an EU-DCC-shaped
 * view of them (`dcc`) that policies and CertLogic rules read as they read an HC1 payload.
 */
import type { CertificateType, Holder } from '../report/report.js';
import type { ShcProblem } from './assemble.js';
import {
  CVX_COVID_OTHER,
  CVX_TO_EU,
  type EuVaccine,
  ICD11_TO_VP,
  LOINC_COVID_OTHER,
  LOINC_NAAT,
  LOINC_RAPID_ANTIGEN,
  RESULT_TO_EU,
  SNOMED_VP,
  SYSTEM_CVX,
  SYSTEM_LOINC,
  SYSTEM_SNOMED,
  SYSTEMS_ICD11,
  TG_COVID19,
  TT_NAAT,
  TT_RAPID_ANTIGEN,
  VP_COVID19_VACCINE,
} from './codes.js';

/** One code of a FHIR `CodeableConcept`. */
export interface ShcCoding {
  system: string;
  code: string;
}

/** One immunization or laboratory result of the card, as the card states it. */
export interface ShcRecord {
  kind: 'immunization' | 'lab-result';
  /** `true` when Corridor recognises it as COVID-19 (and so maps it into `dcc`). */
  covid: boolean;
  /** `vaccineCode` or `code` codings. */
  codes: ShcCoding[];
  /** `occurrenceDateTime` or `effectiveDateTime`, as written. */
  date?: string;
  status?: string;
  lotNumber?: string;
  performer?: string;
  /** Lab results: `valueCodeableConcept` codings. */
  result?: ShcCoding[];
}

/** What the bundle yields. */
export interface ShcBundleReading {
  holder: Holder;
  type?: CertificateType;
  dcc: Record<string, unknown>;
  records: ShcRecord[];
  /** Warnings and information; the bundle never makes a card invalid on its own. */
  problems: ShcProblem[];
}

/** Facts from outside the bundle that the DCC view needs. */
export interface ShcBundleContext {
  /** `iss`: the DCC `is` (certificate issuer). */
  iss: string;
  /** The issuer's configured country: the DCC `co`. */
  country?: string;
  /** `vc.rid`: the DCC `ci` when the card has one. */
  rid?: string;
}

/** Most bundle entries read; a QR-sized card holds a handful. */
export const MAX_BUNDLE_ENTRIES = 500;
const MAX_WARNINGS = 5;
/** FHIR `dateTime` with a time must carry a zone; partial dates are allowed. */
const FHIR_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const FHIR_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads the bundle. The patient is the first `Patient` (name[0].family, name[0].given,
 * birthDate). COVID-19 immunizations (status `completed`, a CVX, SNOMED CT or ICD-11 code
 * Corridor recognises) make it a vaccination: `dcc.v[0]` describes the latest dose, with `dn`
 * the number of such doses on the card. COVID-19 laboratory results (status final, amended or
 * corrected, a SARS-CoV-2 LOINC code) make it a test: `dcc.t[0]` describes the latest one, its
 * sample time `sc` an ISO instant. A card holding both has no type (the SHC IG keeps them on
 * separate cards). Never throws; what looks wrong becomes a warning.
 */
export function readShcBundle(bundle: unknown, context: ShcBundleContext): ShcBundleReading {
  const problems: ShcProblem[] = [];
  const warn = (detail: string) => {
    if (problems.length < MAX_WARNINGS)
      problems.push({ code: 'SHC_FHIR_QUESTIONABLE', params: { detail } });
  };
  const reading: ShcBundleReading = { holder: {}, dcc: { ver: '1.3.0' }, records: [], problems };
  const b = record(bundle);
  if (b?.resourceType !== 'Bundle' || !Array.isArray(b.entry)) {
    warn('it is not a Bundle with an entry array');
    return reading;
  }
  if (b.id !== undefined) warn('the Bundle has an id (cards for QR codes carry none)');
  if (b.entry.length > MAX_BUNDLE_ENTRIES)
    warn(`only the first ${MAX_BUNDLE_ENTRIES} entries were read`);
  let patient: Record<string, unknown> | undefined;
  const entries = b.entry as unknown[];
  const read = Math.min(entries.length, MAX_BUNDLE_ENTRIES);
  for (let i = 0; i < read; i++) {
    if (!(i in entries)) continue; // a hole (never in parsed JSON), skipped as forEach would
    const resource = record(record(entries[i])?.resource);
    if (!resource || typeof resource.resourceType !== 'string') {
      warn(`entry ${i} has no resource with a resourceType`);
      continue;
    }
    checkMinimised(resource, i, warn);
    if (resource.resourceType === 'Patient') {
      if (patient) warn('the bundle names more than one Patient');
      else patient = resource;
    } else if (resource.resourceType === 'Immunization') {
      reading.records.push(immunization(resource));
    } else if (resource.resourceType === 'Observation') {
      reading.records.push(observation(resource));
    }
  }
  if (!patient) warn('the bundle has no Patient');
  else describePatient(patient, reading);

  const doses = reading.records.filter((r) => r.kind === 'immunization' && r.covid);
  const tests = reading.records.filter((r) => r.kind === 'lab-result' && r.covid);
  if (doses.length > 0 && tests.length > 0) {
    warn('the card mixes vaccinations and laboratory results, so it has no single type');
  } else if (doses.length > 0) {
    reading.type = 'vaccination';
    reading.dcc.v = [vaccination(doses, context)];
  } else if (tests.length > 0) {
    const entry = test(tests, context, warn);
    reading.type = 'test';
    reading.dcc.t = [entry];
  } else {
    problems.push({ code: 'SHC_FHIR_NOT_COVID' });
  }
  return reading;
}

function describePatient(patient: Record<string, unknown>, reading: ShcBundleReading): void {
  const name = record(Array.isArray(patient.name) ? patient.name[0] : undefined);
  const nam: Record<string, string> = {};
  if (typeof name?.family === 'string') {
    reading.holder.familyName = nam.fn = name.family;
    const t = icaoTransliteration(name.family);
    if (t) reading.holder.familyNameTransliterated = nam.fnt = t;
  }
  const given = Array.isArray(name?.given) ? name.given.filter((g) => typeof g === 'string') : [];
  if (given.length > 0) {
    reading.holder.givenName = nam.gn = given.join(' ');
    const t = icaoTransliteration(nam.gn);
    if (t) reading.holder.givenNameTransliterated = nam.gnt = t;
  }
  reading.dcc.nam = nam;
  if (typeof patient.birthDate === 'string') {
    reading.holder.dateOfBirth = reading.dcc.dob = patient.birthDate;
  }
}

function immunization(resource: Record<string, unknown>): ShcRecord {
  const codes = codings(resource.vaccineCode);
  const status = str(resource.status);
  const covid =
    status === 'completed' &&
    codes.some(
      (c) =>
        (c.system === SYSTEM_CVX &&
          (Object.hasOwn(CVX_TO_EU, c.code) || CVX_COVID_OTHER.has(c.code))) ||
        (c.system === SYSTEM_SNOMED && SNOMED_VP.has(c.code)) ||
        (SYSTEMS_ICD11.includes(c.system) && Object.hasOwn(ICD11_TO_VP, c.code)),
    );
  const out: ShcRecord = { kind: 'immunization', covid, codes };
  assign(out, 'status', status);
  assign(out, 'date', str(resource.occurrenceDateTime));
  assign(out, 'lotNumber', str(resource.lotNumber));
  const performer = Array.isArray(resource.performer) ? record(resource.performer[0]) : undefined;
  assign(out, 'performer', str(record(performer?.actor)?.display));
  return out;
}

function observation(resource: Record<string, unknown>): ShcRecord {
  const codes = codings(resource.code);
  const status = str(resource.status);
  const covid =
    (status === 'final' || status === 'amended' || status === 'corrected') &&
    codes.some((c) => c.system === SYSTEM_LOINC && isCovidLoinc(c.code));
  const out: ShcRecord = { kind: 'lab-result', covid, codes };
  assign(out, 'status', status);
  assign(out, 'date', str(resource.effectiveDateTime));
  const performer = Array.isArray(resource.performer) ? record(resource.performer[0]) : undefined;
  assign(out, 'performer', str(performer?.display));
  const result = codings(resource.valueCodeableConcept);
  if (result.length > 0) out.result = result;
  return out;
}

/** `v[0]` for the latest dose; `dn` counts the COVID-19 doses on the card. */
function vaccination(doses: ShcRecord[], context: ShcBundleContext): Record<string, unknown> {
  const latest = latestBy(doses);
  const cvx = latest.codes.find((c) => c.system === SYSTEM_CVX && Object.hasOwn(CVX_TO_EU, c.code));
  const product: EuVaccine | undefined = cvx ? CVX_TO_EU[cvx.code] : undefined;
  const original = latest.codes.find(
    (c) =>
      c.system === SYSTEM_CVX ||
      (c.system === SYSTEM_SNOMED && SNOMED_VP.has(c.code)) ||
      SYSTEMS_ICD11.includes(c.system),
  );
  const entry: Record<string, unknown> = {
    tg: TG_COVID19,
    vp: product?.vp ?? platform(latest.codes) ?? VP_COVID19_VACCINE,
    mp: product?.mp ?? original?.code ?? '',
  };
  if (product) entry.ma = product.ma;
  entry.dn = doses.length;
  if (product) entry.sd = product.series;
  if (latest.date && latest.date.length >= 10) entry.dt = latest.date.slice(0, 10);
  return common(entry, context);
}

/** `t[0]` for the latest result, with the sample time as an ISO instant. */
function test(
  tests: ShcRecord[],
  context: ShcBundleContext,
  warn: (detail: string) => void,
): Record<string, unknown> {
  const latest = latestBy(tests);
  const loinc = latest.codes.find((c) => c.system === SYSTEM_LOINC && isCovidLoinc(c.code))!;
  const tt = LOINC_NAAT.has(loinc.code)
    ? TT_NAAT
    : LOINC_RAPID_ANTIGEN.has(loinc.code)
      ? TT_RAPID_ANTIGEN
      : loinc.code;
  const entry: Record<string, unknown> = { tg: TG_COVID19, tt };
  const sc = latest.date ? isoInstant(latest.date) : undefined;
  if (sc) entry.sc = sc;
  else warn('the laboratory result has no effectiveDateTime that names a day');
  const result = latest.result?.find((c) => c.system === SYSTEM_SNOMED);
  if (result)
    entry.tr = Object.hasOwn(RESULT_TO_EU, result.code) ? RESULT_TO_EU[result.code] : result.code;
  if (latest.performer) entry.tc = latest.performer;
  return common(entry, context);
}

function common(
  entry: Record<string, unknown>,
  context: ShcBundleContext,
): Record<string, unknown> {
  if (context.country) entry.co = context.country;
  entry.is = context.iss;
  if (context.rid) entry.ci = context.rid;
  return entry;
}

/** The EU prophylaxis code from an ICD-11 or SNOMED CT coding, when one is given. */
function platform(codes: ShcCoding[]): string | undefined {
  for (const c of codes) {
    if (SYSTEMS_ICD11.includes(c.system) && Object.hasOwn(ICD11_TO_VP, c.code))
      return ICD11_TO_VP[c.code];
    if (c.system === SYSTEM_SNOMED && SNOMED_VP.has(c.code)) return c.code;
  }
  return undefined;
}

function isCovidLoinc(code: string): boolean {
  return LOINC_NAAT.has(code) || LOINC_RAPID_ANTIGEN.has(code) || LOINC_COVID_OTHER.has(code);
}

/** The record with the latest date (a record without one counts as earliest); ties: last listed. */
function latestBy(records: ShcRecord[]): ShcRecord {
  return records.reduce((best, r) => ((r.date ?? '') >= (best.date ?? '') ? r : best));
}

/**
 * A FHIR date or dateTime as an ISO-8601 UTC instant: a dateTime is converted to UTC; a
 * plain date counts from 00:00 UTC (as policies count dates); a year or month is no instant.
 */
export function isoInstant(value: string): string | undefined {
  if (FHIR_DATE_TIME.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().replace('.000Z', 'Z');
  }
  if (FHIR_DATE.test(value) && value.length === 10) {
    return Number.isNaN(Date.parse(value)) ? undefined : `${value}T00:00:00Z`;
  }
  return undefined;
}

/**
 * The ICAO 9303 machine-readable form of a name, for names in plain ASCII letters only: upper
 * case, spaces and hyphens as `<`, apostrophes and full stops dropped. Any other character
 * (accents, other scripts) has transliteration choices Corridor cannot know the issuer made,
 * so no transliteration is given rather than one that could differ from another credential's.
 */
export function icaoTransliteration(name: string): string | undefined {
  // One pass: runs of letters are kept, `'` and `.` dropped, any run of spaces and hyphens
  // between letters becomes one `<` (none at either end), anything else refuses the name.
  let out = '';
  let from = -1;
  let separated = false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) {
      if (from < 0) {
        if (separated && out.length > 0) out += '<';
        separated = false;
        from = i;
      }
      continue;
    }
    if (from >= 0) {
      out += name.slice(from, i);
      from = -1;
    }
    if (c === 0x20 || c === 0x2d) separated = true;
    else if (c !== 0x27 && c !== 0x2e) return undefined;
  }
  if (from >= 0) out += from === 0 ? name : name.slice(from);
  return out.length > 0 && out.length <= 80 ? out.toUpperCase() : undefined;
}

/** Warnings for what the spec says QR-sized bundles leave out (`id`, `text`, `meta` but security). */
function checkMinimised(
  resource: Record<string, unknown>,
  i: number,
  warn: (detail: string) => void,
): void {
  const type = resource.resourceType as string;
  if (resource.id !== undefined) warn(`entry ${i} (${type}) has an id`);
  if (resource.text !== undefined) warn(`entry ${i} (${type}) has a narrative text`);
  const meta = record(resource.meta);
  if (resource.meta !== undefined && (!meta || Object.keys(meta).some((k) => k !== 'security'))) {
    warn(`entry ${i} (${type}) has meta elements other than security`);
  }
}

function codings(concept: unknown): ShcCoding[] {
  const list = record(concept)?.coding;
  if (!Array.isArray(list)) return [];
  const out: ShcCoding[] = [];
  const read = Math.min(list.length, 20);
  for (let i = 0; i < read; i++) {
    const coding = record(list[i]);
    if (typeof coding?.system === 'string' && typeof coding.code === 'string') {
      out.push({ system: coding.system, code: coding.code });
    }
  }
  return out;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function assign<K extends keyof ShcRecord>(
  out: ShcRecord,
  key: K,
  value: ShcRecord[K] | undefined,
): void {
  if (value !== undefined) out[key] = value;
}
