import { displayName } from '@corridor/core/dcc';
import type { Lang } from '@corridor/core/report';

/** One line of a certificate as a reader sees it: a label key and the value in their language. */
export interface DccLine {
  /** i18n key of the field's label (`dcc.<field>`). */
  label: string;
  value: string;
  /** The raw code or value, for readers who need it (officers, support). */
  raw?: string;
}

/** Which value set names each coded field (schema names; core maps them to EU ids). */
const CODED: Record<string, string> = {
  tg: 'disease-agent-targeted',
  vp: 'vaccine-prophylaxis',
  mp: 'vaccine-medicinal-product',
  co: 'country-2-codes',
  tt: 'test-type',
  tr: 'test-result',
};

/** Field order per certificate type, as the EU DCC specification lists them. */
const FIELDS: Record<'v' | 't' | 'r', readonly string[]> = {
  v: ['tg', 'vp', 'mp', 'ma', 'dn', 'sd', 'dt', 'co', 'is', 'ci'],
  t: ['tg', 'tt', 'nm', 'ma', 'sc', 'tr', 'tc', 'co', 'is', 'ci'],
  r: ['tg', 'fr', 'df', 'du', 'co', 'is', 'ci'],
};

function formatInstant(value: string, lang: Lang): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) return value;
  // dateStyle/timeStyle cannot be combined with timeZoneName: the zone is written out instead.
  const text = new Intl.DateTimeFormat(lang, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(time);
  return `${text} UTC`;
}

/**
 * The lines of a DCC payload in `lang`: coded values by their value-set names (core's en/zh/ko
 * tables, countries from `Intl.DisplayNames`), the vaccine manufacturer and test device by their
 * own sets (`ma` means one or the other by type), dates as written. Unknown fields are left out;
 * a payload that is not an object gives no lines.
 */
export function describeDcc(dcc: unknown, lang: Lang): DccLine[] {
  if (!dcc || typeof dcc !== 'object') return [];
  const d = dcc as Record<string, unknown>;
  const kind = (['v', 't', 'r'] as const).find(
    (k) => Array.isArray(d[k]) && (d[k] as unknown[]).length > 0,
  );
  if (!kind) return [];
  const entry = (d[kind] as unknown[])[0];
  if (!entry || typeof entry !== 'object') return [];
  const e = entry as Record<string, unknown>;
  const lines: DccLine[] = [];
  for (const field of FIELDS[kind]) {
    const raw = e[field];
    if (raw === undefined || raw === null || typeof raw === 'object') continue;
    const text = String(raw);
    let value = text;
    const set = field === 'ma' ? (kind === 'v' ? 'vaccine-mah-manf' : 'test-manf') : CODED[field];
    if (set) value = displayName(set, text, lang);
    else if (field === 'sc') value = formatInstant(text, lang);
    const label = field === 'ma' ? (kind === 'v' ? 'dcc.maVaccine' : 'dcc.maTest') : `dcc.${field}`;
    lines.push(set && value !== text ? { label, value, raw: text } : { label, value });
  }
  return lines;
}
