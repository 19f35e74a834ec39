import { utf8Decode } from '../lib/bytes.js';
import { InflateError, inflateRaw } from '../zlib/inflate-raw.js';
import type { ShcProblem } from './assemble.js';
import { parseBoundedJson } from './json.js';

/** What decoding yields: the JWT claims when they could be read, and the problems found. */
export interface ShcPayloadDecode {
  claims?: Record<string, unknown>;
  problems: ShcProblem[];
}

/**
 * The JWS payload to its JSON claims: raw DEFLATE (RFC 1951) with `zip: "DEF"`, inflated by
 * core's bounded decoder into at most `maxInflated` bytes, then strict UTF-8 and JSON no
 * deeper than `maxDepth`. zlib-wrapped data (RFC 1950, `78 9C ...`) is refused as the
 * spec and the dev-tools do, and so is anything after the end of the DEFLATE stream.
 *
 * Without `zip: "DEF"` (already an error of the header) the payload is still read, as JSON
 * when it starts with `{` and as raw DEFLATE otherwise, so the report can show what the card
 * says. Never throws.
 *
 * @example
 * decodeShcPayload(rawDeflate(utf8Encode('{"iss":"https://x"}')), 'DEF', 65536, 32).claims
 * // { iss: 'https://x' }   (rawDeflate: any RFC 1951 compressor, e.g. fflate's deflateSync)
 */
export function decodeShcPayload(
  payload: Uint8Array,
  zip: string | undefined,
  maxInflated: number,
  maxDepth: number,
): ShcPayloadDecode {
  const problems: ShcProblem[] = [];
  let bytes: Uint8Array;
  if (zip !== 'DEF' && payload[0] === 0x7b) {
    bytes = payload;
  } else {
    const inflated = inflate(payload, maxInflated);
    if ('problem' in inflated) {
      problems.push(inflated.problem);
      return { problems };
    }
    bytes = inflated.out;
  }
  let text: string;
  try {
    text = utf8Decode(bytes);
  } catch {
    problems.push({ code: 'SHC_PAYLOAD_MALFORMED', params: { reason: 'not UTF-8' } });
    return { problems };
  }
  const parsed = parseBoundedJson(text, maxDepth);
  if (!parsed.ok) {
    problems.push({
      code: 'SHC_PAYLOAD_MALFORMED',
      params: { reason: String(parsed.params?.reason) },
    });
    return { problems };
  }
  const value = parsed.value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ code: 'SHC_PAYLOAD_MALFORMED', params: { reason: 'not a JSON object' } });
    return { problems };
  }
  return { claims: value as Record<string, unknown>, problems };
}

function inflate(data: Uint8Array, limit: number): { out: Uint8Array } | { problem: ShcProblem } {
  try {
    // A view of the decoder's reused buffer: it is decoded to text before the next inflate.
    const { out, used } = inflateRaw(data, limit, false);
    if (used !== data.length) {
      return failure(data, `${data.length - used} bytes after the end of the DEFLATE stream`);
    }
    return { out };
  } catch (error) {
    if (!(error instanceof InflateError)) throw error;
    if (error.kind === 'limit')
      return { problem: { code: 'SHC_INFLATE_LIMIT', params: { limit } } };
    return failure(data, error.message);
  }
}

/** A zlib header (RFC 1950) in front of the stream gets its own code: a common issuer mistake. */
function failure(data: Uint8Array, reason: string): { problem: ShcProblem } {
  if (data.length >= 2 && isZlibHeader(data[0]!, data[1]!)) {
    return { problem: { code: 'SHC_PAYLOAD_ZLIB_WRAPPED' } };
  }
  return { problem: { code: 'SHC_INFLATE_FAILED', params: { reason } } };
}

/** RFC 1950: method 8, window at most 32 KiB, header check bits. */
function isZlibHeader(cmf: number, flg: number): boolean {
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0;
}
