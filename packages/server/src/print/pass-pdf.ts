// The printed entry pass: the health certificate's page (QR code, holder block, details, note)
// filled with the pass's fields, in English and the destination's language.
import { displayName } from '@corridor/core/dcc';
import { labelText, PASS_PRINT_LABELS } from '@corridor/core/i18n';
import { type Content, formatInstant, joinName, type Row, uniq } from './certificate-content.js';
import { defaultLocal, renderPagePdf } from './certificate-pdf.js';
import { type PrintLang, printLabels } from './labels.js';

/** What `renderPassPdf` prints: the pass as issued and the fields it names. */
export interface PassPdfInput {
  /** The `CP1:` text; drawn as the QR code exactly as given. */
  code: string;
  passId: string;
  lane: { id: string; version: number };
  origin: string;
  destination: string;
  /** The category's code and its names in the lane (`en`, `zh`, `ko`), when known. */
  category: { code: string; names?: Partial<Record<PrintLang, string>> };
  port: string;
  region: string;
  validFrom: Date;
  validUntil: Date;
  exemptionDays: number;
  /** The holder as the passport shows them (script names optional). */
  holder: {
    primaryIdentifier: string;
    secondaryIdentifier: string;
    familyName?: string;
    givenName?: string;
    dateOfBirth: string;
  };
  sponsor: { id: string; name: string };
  authority: { id: string; name: string };
  issuedAt: Date;
  paper: 'A4' | 'Letter';
}

/**
 * Renders an entry pass as a one-page PDF in English and the destination's language (Korean
 * for KR, Chinese for CN): the `CP1:` QR code, the holder's names (script and MRZ), the lane,
 * journey, category, port, region, entry window, exemption, sponsor and approving authority.
 * The passport number is not printed (the pass binds it by a salted hash).
 */
export function renderPassPdf(input: PassPdfInput): Promise<Uint8Array> {
  const local = defaultLocal(input.destination);
  return renderPagePdf({
    paper: input.paper,
    local,
    title: `${PASS_PRINT_LABELS.title.en} – ${input.lane.id} v${input.lane.version}`,
    author: input.authority.name,
    createdAt: input.issuedAt,
    content: passContent(input, local),
    qrText: input.code,
  });
}

const country = (code: string, lang: PrintLang) => displayName('country-2-codes', code, lang);

function passContent(input: PassPdfInput, local: PrintLang | undefined): Content {
  const langs: PrintLang[] = local ? ['en', local] : ['en'];
  const P = PASS_PRINT_LABELS;
  const both = (label: { en: string; zh: string; ko: string }) =>
    uniq(langs.map((lang) => label[lang]));
  const h = input.holder;
  const scriptName = joinName(h.familyName, h.givenName);
  const mrzName = `${h.primaryIdentifier}, ${h.secondaryIdentifier.replaceAll('<', ' ')}`;
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const holder: Row[] = [
    { label: printLabels.dateOfBirth, value: [h.dateOfBirth] },
    { label: P.authority, value: [input.authority.name, input.authority.id] },
    { label: printLabels.issuedAt, value: [formatInstant(input.issuedAt)] },
    { label: P.passId, value: [input.passId], mono: true },
  ];
  const details: Row[] = [
    { label: P.lane, value: [`${input.lane.id} v${input.lane.version}`] },
    {
      label: P.journey,
      value: uniq(
        langs.map((l) => `${country(input.origin, l)} → ${country(input.destination, l)}`),
      ),
    },
    {
      label: P.category,
      value: uniq([
        input.category.names?.en ?? input.category.code,
        ...langs.map((l) => input.category.names?.[l] ?? input.category.code),
      ]),
    },
    { label: P.port, value: [input.port] },
    { label: P.region, value: [input.region] },
    { label: P.window, value: [`${day(input.validFrom)} – ${day(input.validUntil)} (UTC)`] },
    {
      label: P.exemption,
      value: uniq(langs.map((l) => labelText(P, 'exemptionDays', l, { d: input.exemptionDays }))),
    },
    { label: P.sponsor, value: [input.sponsor.name, input.sponsor.id] },
  ];
  const content: Content = {
    type: 'entry-pass',
    title: both(P.title),
    typeLine: [`${input.lane.id} v${input.lane.version}`],
    name: scriptName || mrzName,
    nameTransliterated: mrzName,
    holder,
    details,
    note: both(P.verifyNote),
    scan: both(printLabels.scanHere).join(' · '),
    labels: [printLabels.name, printLabels.nameTransliterated, printLabels.details],
    strings: [],
  };
  content.strings = [
    ...content.title,
    ...content.typeLine,
    content.name,
    content.nameTransliterated,
    ...content.note,
    content.scan,
    ...[...holder, ...details].flatMap((row) => [...langs.map((l) => row.label[l]), ...row.value]),
    ...content.labels.flatMap((l) => langs.map((lang) => l[lang])),
  ];
  return content;
}
