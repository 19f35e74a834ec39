import { alpha2FromAlpha3 } from '../lib/countries.js';
import type { CertificateType, Holder } from '../report/report.js';

/** SNOMED CT "COVID-19", the EU DCC `tg` every ICAO health proof maps to. */
const COVID_19 = '840539006';
/** ICD-11 RA01 (COVID-19) and its sub-codes, as `dis` writes the disease. */
const ICD11_COVID_19 = /^RA01(\.\d+)?$/;

/** ICD-11 vaccine codes (`des`) with a well-defined EU `vp` (docs/formats/vds-nc.md). */
const VACCINE_TYPES: Record<string, string> = {
  XM68M6: 'J07BX03', // COVID-19 vaccines (unspecified) = ATC covid-19 vaccines
  XM0GQ8: '1119349007', // COVID-19 vaccine, RNA based = SARS-CoV-2 mRNA vaccine
  XM5JC5: '1119305005', // COVID-19 vaccine, virus protein subunit = SARS-CoV-2 antigen vaccine
};

/** Brand names (`nam`, free text) that name one EU-authorised product, and its holder. */
const PRODUCTS: { match: RegExp; mp: string; ma: string }[] = [
  { match: /comirnaty|pfizer/i, mp: 'EU/1/20/1528', ma: 'ORG-100030215' },
  { match: /spikevax|moderna/i, mp: 'EU/1/20/1507', ma: 'ORG-100031184' },
  { match: /vaxzevria|astra ?zeneca/i, mp: 'EU/1/21/1529', ma: 'ORG-100001699' },
  { match: /jcovden|janssen/i, mp: 'EU/1/20/1525', ma: 'ORG-100001417' },
  { match: /nuvaxovid|novavax/i, mp: 'EU/1/21/1618', ma: 'ORG-100032020' },
];

/** `tr.tc` test types with a well-defined EU `tt`. */
const TEST_TYPES: Record<string, string> = {
  'molecular(pcr)': 'LP6464-4',
  'molecular(other)': 'LP6464-4',
  antigen: 'LP217198-3',
};

/** `tr.r` results with a well-defined EU `tr` (SNOMED CT). */
const TEST_RESULTS: Record<string, string> = {
  negative: '260415000',
  positive: '260373001',
};

/** What a seal's message says, in the shapes the Report and policies read. */
export interface NormalisedSeal {
  type: CertificateType;
  holder: Holder;
  dcc: Record<string, unknown>;
  issuedAt?: string;
  /** What is missing or malformed (`VDS_MESSAGE_INVALID`), in English. */
  problems: string[];
}

/**
 * Builds the EU-DCC-shaped view of an `icao.vacc` or `icao.test` message so policies and
 * CertLogic rules written for HC1 read it unchanged: `nam` from the ICAO name (primary and
 * secondary identifiers split at the double space), one `v` entry for the latest dose or one
 * `t` entry, codes mapped to EU value sets where the mapping is well-defined and kept as
 * written otherwise. `sd` (doses in the series) is never invented: a seal does not state it.
 */
export function normaliseSeal(
  sealType: 'icao.vacc' | 'icao.test',
  msg: Record<string, unknown>,
  issuingState: string,
): NormalisedSeal {
  const problems: string[] = [];
  const pid = isObject(msg.pid) ? msg.pid : {};
  if (!isObject(msg.pid)) problems.push('pid is missing');
  const holder: Holder = {};
  const nam: Record<string, string> = {};
  if (typeof pid.n === 'string' && pid.n.length > 0) {
    const split = pid.n.indexOf('  ');
    const family = (split < 0 ? pid.n : pid.n.slice(0, split)).trim();
    const given = split < 0 ? '' : pid.n.slice(split + 2).trim();
    nam.fn = family;
    holder.familyName = family;
    if (given) {
      nam.gn = given;
      holder.givenName = given;
    }
    const fnt = transliterated(family);
    if (fnt) {
      nam.fnt = fnt;
      holder.familyNameTransliterated = fnt;
    }
    const gnt = given ? transliterated(given) : undefined;
    if (gnt) {
      nam.gnt = gnt;
      holder.givenNameTransliterated = gnt;
    }
  } else problems.push('pid.n (name) is missing');
  const dcc: Record<string, unknown> = { ver: '1.3.0', nam };
  if (typeof pid.dob === 'string') {
    dcc.dob = pid.dob;
    holder.dateOfBirth = pid.dob;
  }
  const out: NormalisedSeal = {
    type: sealType === 'icao.vacc' ? 'vaccination' : 'test',
    holder,
    dcc,
    problems,
  };
  if (sealType === 'icao.vacc') vaccination(msg, issuingState, out);
  else test(msg, issuingState, out);
  return out;
}

function vaccination(msg: Record<string, unknown>, state: string, out: NormalisedSeal): void {
  if (typeof msg.uvci !== 'string') out.problems.push('uvci is missing');
  if (!Array.isArray(msg.ve) || msg.ve.length === 0) {
    out.problems.push('ve (vaccination events) is missing or empty');
    return;
  }
  // The latest dose across all events is the one policies (`v[0]`) measure from.
  let latest: { ve: Record<string, unknown>; vd: Record<string, unknown> } | undefined;
  for (const ve of msg.ve) {
    if (!isObject(ve) || !Array.isArray(ve.vd) || typeof ve.des !== 'string') {
      out.problems.push('a vaccination event lacks des or vd');
      continue;
    }
    for (const vd of ve.vd) {
      if (!isObject(vd) || typeof vd.dvc !== 'string' || typeof vd.seq !== 'number') {
        out.problems.push('a vaccination detail lacks dvc or seq');
        continue;
      }
      if (!latest || (vd.dvc as string) > (latest.vd.dvc as string)) latest = { ve, vd };
    }
  }
  if (!latest) return;
  const { ve, vd } = latest;
  const product =
    typeof ve.nam === 'string' ? PRODUCTS.find((p) => p.match.test(ve.nam as string)) : undefined;
  const entry: Record<string, unknown> = {
    tg: diseaseTarget(ve.dis),
    vp: VACCINE_TYPES[ve.des as string] ?? ve.des,
    mp: product?.mp ?? ve.nam,
    dn: vd.seq,
    dt: vd.dvc,
    co: country(vd.ctr),
    is: state,
    ci: msg.uvci,
  };
  if (product) entry.ma = product.ma;
  out.dcc.v = [entry];
}

function test(msg: Record<string, unknown>, state: string, out: NormalisedSeal): void {
  if (typeof msg.utci !== 'string') out.problems.push('utci is missing');
  const tr = isObject(msg.tr) ? msg.tr : undefined;
  const dat = isObject(msg.dat) ? msg.dat : undefined;
  const sp = isObject(msg.sp) ? msg.sp : undefined;
  if (!tr || typeof tr.tc !== 'string' || typeof tr.r !== 'string') {
    out.problems.push('tr.tc or tr.r is missing');
  }
  if (!dat || typeof dat.sc !== 'string') out.problems.push('dat.sc is missing');
  const sc = instant(dat?.sc);
  if (dat?.sc !== undefined && !sc) out.problems.push('dat.sc is not an ISO 8601 date-time');
  const ri = instant(dat?.ri);
  if (ri) out.issuedAt = ri;
  const tc = typeof tr?.tc === 'string' ? tr.tc : undefined;
  const r = typeof tr?.r === 'string' ? tr.r : undefined;
  const entry: Record<string, unknown> = {
    tg: COVID_19,
    tt: tc ? (TEST_TYPES[tc.toLowerCase()] ?? tc) : undefined,
    sc: sc ?? dat?.sc,
    tr: r ? (TEST_RESULTS[r.toLowerCase()] ?? r) : undefined,
    co: country(sp?.ctr),
    is: state,
    ci: msg.utci,
  };
  if (typeof sp?.spn === 'string') entry.tc = sp.spn;
  for (const key of Object.keys(entry)) if (entry[key] === undefined) delete entry[key];
  out.dcc.t = [entry];
}

function diseaseTarget(dis: unknown): unknown {
  // `dis` is optional in icao.vacc; VDS-NC health proofs are COVID-19 proofs.
  if (dis === undefined || (typeof dis === 'string' && ICD11_COVID_19.test(dis))) return COVID_19;
  return dis;
}

function country(code: unknown): unknown {
  return typeof code === 'string' ? (alpha2FromAlpha3(code) ?? code) : code;
}

/** An ISO 8601 date-time with an offset as a UTC instant (`2020-12-12T04:00:00Z`). */
function instant(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    return undefined;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().replace('.000Z', 'Z');
}

/** ICAO 9303-3 MRZ form of a Latin name (`JANE CATHERINE` → `JANE<CATHERINE`, apostrophes dropped); else none. */
function transliterated(name: string): string | undefined {
  const upper = name.toUpperCase();
  if (!/^[A-Z][A-Z '-]*$/.test(upper)) return undefined;
  return upper.replace(/'/g, '').replace(/[ -]+/g, '<');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
