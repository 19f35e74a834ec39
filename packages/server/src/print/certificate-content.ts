// The certificate's text: every string on the page, decided before drawing so the fonts can be
// picked first.
import type { CertificateType } from '@corridor/core/dcc';
import { displayName } from '@corridor/core/dcc';
import type { CertificatePdfInput } from './certificate-pdf.js';
import { type PrintLabel, type PrintLang, printLabels } from './labels.js';

/** A table row: a label and value lines (first line in English, then the local language). */
export interface Row {
  label: PrintLabel;
  value: string[];
  mono?: boolean;
}

/** Everything the page shows, in the languages it shows them, before any font is chosen. */
export interface Content {
  type: CertificateType | 'entry-pass';
  title: string[];
  typeLine: string[];
  name: string;
  nameTransliterated: string;
  holder: Row[];
  details: Row[];
  note: string[];
  scan: string;
  labels: PrintLabel[];
  /** Every string the page shows, for font coverage. */
  strings: string[];
}

/**
 * The page's strings for a certificate: names, holder rows, the vaccination, test or recovery
 * rows with value-set display names in each language, the note; and all of them in `strings`
 * so the fonts can be chosen before anything is drawn.
 */
export function contentOf(
  input: CertificatePdfInput,
  type: CertificateType,
  local?: PrintLang,
): Content {
  const langs: PrintLang[] = local ? ['en', local] : ['en'];
  const both = (label: PrintLabel): string[] => uniq(langs.map((lang) => label[lang]));
  const coded = (valueSetId: string, code: unknown): string[] => {
    if (typeof code !== 'string' || code === '') return ['—'];
    return uniq(langs.map((lang) => displayName(valueSetId, code, lang, input.valueSets)));
  };
  const country = (code: unknown): string[] => {
    const names = coded('country-2-codes', code);
    if (typeof code === 'string' && names[0] !== code) names[0] = `${names[0]} (${code})`;
    return names;
  };
  const text = (value: unknown): string[] => [
    typeof value === 'string' && value !== ''
      ? value
      : typeof value === 'number'
        ? `${value}`
        : '—',
  ];

  const { nam } = input.dcc;
  const name = joinName(nam.fn, nam.gn) || joinName(nam.fnt, nam.gnt);
  const nameTransliterated = [nam.fnt, nam.gnt].filter((s) => s).join(', ');
  const L = printLabels;

  const holder: Row[] = [
    { label: L.dateOfBirth, value: text(input.dcc.dob) },
    { label: L.issuedBy, value: [input.issuer.authority, ...country(input.issuer.country)] },
    { label: L.issuedAt, value: [formatInstant(input.issuedAt)] },
    { label: L.expiresAt, value: [formatInstant(input.expiresAt)] },
  ];

  let details: Row[];
  if (type === 'vaccination') {
    const v = input.dcc.v?.[0] ?? {};
    details = [
      { label: L.disease, value: coded('disease-agent-targeted', v.tg) },
      { label: L.vaccine, value: coded('sct-vaccines-covid-19', v.vp) },
      { label: L.vaccineProduct, value: coded('vaccines-covid-19-names', v.mp) },
      { label: L.vaccineManufacturer, value: coded('vaccines-covid-19-auth-holders', v.ma) },
      { label: L.doses, value: [`${text(v.dn)[0]} / ${text(v.sd)[0]}`] },
      { label: L.vaccinationDate, value: text(v.dt) },
      { label: L.country, value: country(v.co) },
      { label: L.certificateIssuer, value: text(v.is) },
      { label: L.uci, value: text(v.ci), mono: true },
    ];
  } else if (type === 'test') {
    const t = input.dcc.t?.[0] ?? {};
    details = [
      { label: L.disease, value: coded('disease-agent-targeted', t.tg) },
      { label: L.testType, value: coded('covid-19-lab-test-type', t.tt) },
      ...(t.nm ? [{ label: L.testName, value: text(t.nm) }] : []),
      ...(t.ma
        ? [{ label: L.testDevice, value: coded('covid-19-lab-test-manufacturer-and-name', t.ma) }]
        : []),
      { label: L.sampleCollected, value: [formatDateTime(t.sc)] },
      { label: L.testResult, value: coded('covid-19-lab-result', t.tr) },
      ...(t.tc ? [{ label: L.testingCentre, value: text(t.tc) }] : []),
      { label: L.country, value: country(t.co) },
      { label: L.certificateIssuer, value: text(t.is) },
      { label: L.uci, value: text(t.ci), mono: true },
    ];
  } else {
    const r = input.dcc.r?.[0] ?? {};
    details = [
      { label: L.disease, value: coded('disease-agent-targeted', r.tg) },
      { label: L.firstPositive, value: text(r.fr) },
      { label: L.country, value: country(r.co) },
      { label: L.certificateIssuer, value: text(r.is) },
      { label: L.validFrom, value: text(r.df) },
      { label: L.validUntil, value: text(r.du) },
      { label: L.uci, value: text(r.ci), mono: true },
    ];
  }

  const content: Content = {
    type,
    title: both(L.title),
    typeLine: both(L[type]),
    name,
    nameTransliterated,
    holder,
    details,
    note: both(L.verifyNote),
    scan: both(L.scanHere).join(' · '),
    labels: [L.name, L.nameTransliterated, L.details],
    strings: [],
  };
  content.strings = [
    ...content.title,
    ...content.typeLine,
    name,
    nameTransliterated,
    ...content.note,
    content.scan,
    ...[...holder, ...details].flatMap((row) => [...both(row.label), ...row.value]),
    ...content.labels.flatMap(both),
  ];
  return content;
}

/** Family name then given name: no space between CJK names (王芳), one space otherwise. */
export function joinName(family?: string, given?: string): string {
  const parts = [family, given].filter((s): s is string => !!s && s.trim() !== '');
  if (parts.length < 2) return parts.join('');
  const cjk = /^[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]+$/u;
  return parts.every((p) => cjk.test(p)) && !parts.some((p) => /\p{Script=Hangul}/u.test(p))
    ? parts.join('')
    : parts.join(' ');
}

export function uniq(values: string[]): string[] {
  return [...new Set(values)];
}

function pad(n: number): string {
  return `${n}`.padStart(2, '0');
}

/** `2026-05-01 08:00 UTC`. */
export function formatInstant(at: Date): string {
  return (
    `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ` +
    `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())} UTC`
  );
}

/** A DCC date-time (`2021-05-29T19:21:13Z`) as `2021-05-29 19:21 UTC`; other text as given. */
function formatDateTime(value: unknown): string {
  if (typeof value !== 'string' || value === '') return '—';
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? value : formatInstant(at);
}
