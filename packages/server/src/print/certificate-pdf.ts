import type { EuValueSet } from '@corridor/core/dcc';
import { certificateType } from '@corridor/core/dcc';
import PDFDocument from 'pdfkit';
import { type Content, contentOf } from './certificate-content.js';
import { layout } from './certificate-layout.js';
import { Fonts } from './font-runs.js';
import type { CjkFamily } from './fonts.js';
import { printLabels } from './labels.js';

/** Paper sizes in PDF points (1/72 inch). */
export const PAPER_SIZES = {
  A4: [595.28, 841.89],
  Letter: [612, 792],
} as const;

// The QR drawing lives in certificate-qr.ts; its size is re-exported here as before.
export { QR_SIDE_PT } from './certificate-qr.js';

/** The EU DCC payload fields the printer reads (schema 1.3); other fields are ignored. */
export interface PrintableDcc {
  ver?: string;
  nam: { fn?: string; fnt: string; gn?: string; gnt?: string };
  dob: string;
  v?: ReadonlyArray<Record<string, unknown>>;
  t?: ReadonlyArray<Record<string, unknown>>;
  r?: ReadonlyArray<Record<string, unknown>>;
}

/** What `renderCertificatePdf` prints. */
export interface CertificatePdfInput {
  /** The issued `HC1:` text; drawn as the QR code exactly as given. */
  hc1: string;
  /** The EU DCC payload inside `hc1`. */
  dcc: PrintableDcc;
  /** The issuing country (ISO 3166-1 alpha-2) and the authority's name as printed. */
  issuer: { country: 'CN' | 'KR' | string; authority: string };
  /** CWT `iat` of the certificate. */
  issuedAt: Date;
  /** CWT `exp` of the certificate. */
  expiresAt: Date;
  paper: 'A4' | 'Letter';
  /**
   * Languages of the labels: English plus one more. Default: English plus the issuing country's
   * language (Chinese for CN, Korean for KR); English only for other countries.
   */
  languages?: readonly ['en', 'zh' | 'ko'];
  /** Value sets for codes the built-in names lack (test devices); optional. */
  valueSets?: readonly EuValueSet[];
}

/**
 * Renders an issued health certificate as a one-page PDF: the HC1 QR code drawn as vector
 * rectangles (error-correction level Q, 56 mm with its quiet zone), the holder's name as printed
 * and transliterated, date of birth, the vaccination, test or recovery details with value-set
 * display names, issuer, UCI, dates of issue and expiry, and a note that verifiers check the QR
 * code. Labels are in English plus the issuing country's language (`printLabels`). Text is set
 * in Noto Sans CJK fonts from npm (Simplified Chinese or Korean, the other as per-character
 * fallback), embedded as subsets.
 *
 * @throws TypeError when `dcc` holds no single vaccination, test or recovery entry (the node
 * prints only what it issued, so this is a programming error).
 * @example
 * const pdf = await renderCertificatePdf({ hc1, dcc, issuer: { country: 'CN', authority },
 *   issuedAt, expiresAt, paper: 'A4' });
 */
export async function renderCertificatePdf(input: CertificatePdfInput): Promise<Uint8Array> {
  const type = certificateType(input.dcc);
  if (type === undefined) {
    throw new TypeError('renderCertificatePdf: dcc must hold exactly one of v, t or r');
  }
  const local = input.languages?.[1] ?? defaultLocal(input.issuer.country);
  return renderPagePdf({
    paper: input.paper,
    local,
    title: `${printLabels.title.en} – ${printLabels[type].en}`,
    author: input.issuer.authority,
    createdAt: input.issuedAt,
    content: contentOf(input, type, local),
    qrText: input.hc1,
  });
}

/**
 * One page in the certificate's layout (QR code, holder block, details, note), set in Noto
 * Sans CJK (the local language's family first, the other as fallback when a string needs it):
 * health certificates and entry passes print through it.
 */
export async function renderPagePdf(page: {
  paper: 'A4' | 'Letter';
  local: 'zh' | 'ko' | undefined;
  title: string;
  author: string;
  createdAt: Date;
  content: Content;
  qrText: string;
}): Promise<Uint8Array> {
  const { local, content } = page;
  const primary: CjkFamily = local === 'ko' ? 'kr' : 'sc';
  const secondary: CjkFamily = primary === 'kr' ? 'sc' : 'kr';
  const [width, height] = PAPER_SIZES[page.paper];
  const doc = new PDFDocument({
    size: [width, height],
    margin: 0,
    autoFirstPage: false,
    lang: local === 'zh' ? 'zh-CN' : local === 'ko' ? 'ko-KR' : 'en',
    info: {
      Title: page.title,
      Author: page.author,
      Creator: 'Corridor',
      Producer: 'Corridor (PDFKit)',
      CreationDate: page.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  const fonts = new Fonts(doc);
  await fonts.add(primary);
  if (content.strings.some((s) => !fonts.covers(primary, s))) await fonts.add(secondary);
  doc.addPage({ size: [width, height], margin: 0 });
  layout(doc, fonts, content, page.qrText, width, height, local);
  doc.end();
  await ended;
  const bytes = Buffer.concat(chunks);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function defaultLocal(country: string): 'zh' | 'ko' | undefined {
  if (country === 'CN') return 'zh';
  if (country === 'KR') return 'ko';
  return undefined;
}
