/**
 * The QR codes of one SMART Health Card to its compact JWS: one `shc:/` code, or the chunks of
 * the deprecated multi-QR form (`shc:/C/N/...`), scanned in any order.
 */
import type { FindingParams } from '../report/finding.js';
import type { ShcFindingCode } from './findings.js';
import { readShcQrBytes, type ShcQrBytes } from './read-qr.js';

/** Longest JWS one QR code may carry (Version 22 at error correction L, spec "Health Cards as QR Codes"). */
export const MAX_SINGLE_QR_JWS = 1195;
/** Longest JWS chunk one QR of a multi-QR card may carry. */
export const MAX_CHUNK_JWS = 1191;

/** A finding to report, before localisation. */
export interface ShcProblem {
  code: ShcFindingCode;
  params?: FindingParams;
}

/** What assembling yields: the JWS when every part was usable, and what was found on the way. */
export interface ShcAssembly {
  jws?: string;
  /** Errors and warnings, in the order found. */
  problems: ShcProblem[];
}

/**
 * Reads every QR text and joins the chunks in index order. Each part is checked on its own
 * (white space, header, digits, size) so that one run names every defect; the JWS is given
 * when every part could be read and the chunks fit together (a part longer than the spec's
 * QR limit is an error but is still joined, so the rest of the card can be checked). Chunked cards are accepted with a
 * `SHC_CHUNKING_DEPRECATED` warning: the spec keeps the reassembly rules, and a traveller
 * holding such a card has no other one. `maxChunks` bounds the work on hostile input.
 * Never throws.
 *
 * @example
 * assembleShcQr(['shc:/2/2/0909', 'shc:/1/2/5676'], 32).jws // 'ey66'
 */
export function assembleShcQr(parts: readonly string[], maxChunks: number): ShcAssembly {
  const { ascii, problems } = assembleShcQrBytes(parts, maxChunks);
  return ascii ? { jws: ASCII.decode(ascii), problems } : { problems };
}

const ASCII = new TextDecoder('utf-8');

/** What {@link assembleShcQrBytes} yields: the JWS as ASCII bytes, as {@link ShcAssembly}. */
export interface ShcAssemblyBytes {
  /** The compact JWS's characters as ASCII bytes: the signed bytes up to its second dot. */
  ascii?: Uint8Array;
  /** For a single QR code: the room after `ascii` (see `ShcQrBytes.spare`). */
  spare?: Uint8Array;
  problems: ShcProblem[];
}

/**
 * {@link assembleShcQr} without making a string of the JWS (verification reads its bytes).
 * A single QR code's bytes go into `into` when it is large enough (see `readShcQrBytes`).
 * Never throws.
 */
export function assembleShcQrBytes(
  parts: readonly string[],
  maxChunks: number,
  into?: Uint8Array,
): ShcAssemblyBytes {
  const problems: ShcProblem[] = [];
  if (parts.length > maxChunks) {
    problems.push({
      code: 'SHC_CHUNK_TOO_MANY',
      params: { count: parts.length, limit: maxChunks },
    });
    return { problems };
  }
  const chunks: ShcQrBytes[] = [];
  let failed = false;
  parts.forEach((raw, i) => {
    const part = i + 1;
    const text = raw.trim();
    if (text !== raw) {
      problems.push({ code: 'SHC_QR_WHITESPACE', params: { part } });
      failed = true;
    }
    // Chunks are kept side by side until joined: only a lone QR code may use `into`.
    const read = readShcQrBytes(text, part, parts.length === 1 ? into : undefined);
    if (!read.ok) {
      problems.push({ code: read.code, ...(read.params ? { params: read.params } : {}) });
      failed = true;
      return;
    }
    chunks.push(read.value);
  });
  if (failed) return { problems };
  return chunks.length === 1
    ? single(chunks[0]!, maxChunks, problems)
    : joined(chunks, maxChunks, problems);
}

function single(chunk: ShcQrBytes, maxChunks: number, problems: ShcProblem[]): ShcAssemblyBytes {
  if (chunk.total !== undefined && chunk.index !== undefined) {
    if (chunk.total > 1) {
      if (chunk.index > chunk.total) return outOfRange(chunk, problems);
      if (chunk.total > maxChunks) {
        problems.push({
          code: 'SHC_CHUNK_TOO_MANY',
          params: { count: chunk.total, limit: maxChunks },
        });
        return { problems };
      }
      const missing = range(chunk.total).filter((n) => n !== chunk.index);
      problems.push({
        code: 'SHC_CHUNK_MISSING',
        params: { missing: list(missing), total: chunk.total },
      });
      return { problems };
    }
    if (chunk.index !== 1) return outOfRange(chunk, problems);
    problems.push({ code: 'SHC_SINGLE_CHUNK_HEADER' });
  }
  // Too long for the QR size the spec allows: an error, but the JWS is still read so the
  // report names every other defect too.
  if (chunk.ascii.length > MAX_SINGLE_QR_JWS) {
    problems.push({
      code: 'SHC_QR_TOO_LONG',
      params: { part: 1, length: chunk.ascii.length, limit: MAX_SINGLE_QR_JWS },
    });
  }
  return { ascii: chunk.ascii, spare: chunk.spare, problems };
}

function joined(chunks: ShcQrBytes[], maxChunks: number, problems: ShcProblem[]): ShcAssemblyBytes {
  const start = problems.length;
  chunks.forEach((chunk, i) => {
    if (chunk.total === undefined) {
      problems.push({
        code: 'SHC_QR_HEADER_INVALID',
        params: { part: i + 1, reason: 'one of several QR codes has no "C/N/" chunk header' },
      });
    }
  });
  if (problems.length > start) return { problems };
  const totals = [...new Set(chunks.map((c) => c.total!))];
  if (totals.length > 1) {
    problems.push({
      code: 'SHC_CHUNK_INCONSISTENT',
      params: { reason: `the QR codes claim different chunk counts (${totals.join(', ')})` },
    });
    return { problems };
  }
  const total = totals[0]!;
  if (total > maxChunks) {
    problems.push({ code: 'SHC_CHUNK_TOO_MANY', params: { count: total, limit: maxChunks } });
    return { problems };
  }
  const byIndex = new Map<number, Uint8Array>();
  chunks.forEach((chunk, i) => {
    const index = chunk.index!;
    if (index > total) {
      outOfRange(chunk, problems);
    } else if (byIndex.has(index)) {
      problems.push({ code: 'SHC_CHUNK_DUPLICATE', params: { index } });
    } else {
      byIndex.set(index, chunk.ascii);
    }
    if (chunk.ascii.length > MAX_CHUNK_JWS) {
      problems.push({
        code: 'SHC_QR_TOO_LONG',
        params: { part: i + 1, length: chunk.ascii.length, limit: MAX_CHUNK_JWS },
      });
    }
  });
  const missing = range(total).filter((n) => !byIndex.has(n));
  if (missing.length > 0) {
    problems.push({ code: 'SHC_CHUNK_MISSING', params: { missing: list(missing), total } });
  }
  // Oversized chunks still join (as an oversized single QR still reads); anything else stops.
  if (problems.slice(start).some((p) => p.code !== 'SHC_QR_TOO_LONG')) return { problems };
  const pieces = range(total).map((n) => byIndex.get(n)!);
  const jws = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    jws.set(p, at);
    at += p.length;
  }
  problems.push({ code: 'SHC_CHUNKING_DEPRECATED', params: { total } });
  if (jws.length <= MAX_SINGLE_QR_JWS) {
    problems.push({ code: 'SHC_CHUNKS_UNNECESSARY', params: { length: jws.length, total } });
  }
  // Balanced as the dev-tools judge it: every chunk within 0.5% of the even share.
  const share = Math.floor(jws.length / total);
  const slack = Math.ceil(share * 0.005);
  if (pieces.some((p) => p.length < share - slack || p.length > share + slack)) {
    problems.push({
      code: 'SHC_CHUNKS_UNBALANCED',
      params: { sizes: pieces.map((p) => p.length).join(', ') },
    });
  }
  return { ascii: jws, problems };
}

function outOfRange(chunk: ShcQrBytes, problems: ShcProblem[]): ShcAssemblyBytes {
  problems.push({
    code: 'SHC_CHUNK_INCONSISTENT',
    params: { reason: `chunk ${chunk.index} of ${chunk.total} is out of range` },
  });
  return { problems };
}

/** 1..n */
function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** A short list for a message: the first few numbers, then how many more. */
function list(numbers: number[]): string {
  const shown = numbers.slice(0, 8).join(', ');
  return numbers.length > 8 ? `${shown} (+${numbers.length - 8})` : shown;
}
