/**
 * A SMART Health Card's compact JWS (RFC 7515 §7.1) taken apart: the protected header and the
 * checks the spec puts on it ("Health Cards are Compact"), the payload bytes, the signature
 * and its form.
 */
import { base64UrlInto, base64UrlSize, utf8Decode, utf8Encode } from '../lib/bytes.js';
import type { ShcProblem } from './assemble.js';
import { parseBoundedJson } from './json.js';

/** The parts of a compact JWS, decoded. */
export interface ShcJws {
  header: Record<string, unknown>;
  /** Header `alg`, `zip` and `kid` when they are strings. */
  alg?: string;
  zip?: string;
  kid?: string;
  /** The payload as sent (raw DEFLATE when `zip` is `DEF`). */
  payload: Uint8Array;
  signature: Uint8Array;
  /** ASCII of `header.payload`: what the signature covers. */
  signingInput: Uint8Array;
}

/** What parsing yields: the parts when the structure holds, and the problems found. */
export interface ShcJwsParse {
  jws?: ShcJws;
  problems: ShcProblem[];
}

/** `.`, which separates the three parts. */
const DOT = 0x2e;

/** Longest `kid` accepted: a SHA-256 thumbprint is 43 characters. */
const MAX_KID_LENGTH = 256;

/**
 * Splits and decodes a compact JWS and checks its header as the spec requires: `alg` ES256,
 * `zip` "DEF", a `kid`, and no `crit` (no extension is understood). Header problems are
 * reported but the parts are still returned, so the payload can be shown; a broken structure
 * (not three base64url parts, a header that is not a JSON object) returns no parts. The
 * signature is checked for form: 64 bytes r‖s, a DER `SEQUENCE` named as such (DER is
 * refused, never converted). Never throws.
 *
 * @example
 * parseShcJws('eyJ6aXAiOiJERUYiLCJhbGciOiJFUzI1NiIsImtpZCI6ImsifQ.AQID.' + 'A'.repeat(86), 16).problems // []
 */
export function parseShcJws(text: string, maxDepth: number): ShcJwsParse {
  // UTF-8 never puts a "." or a base64url character inside a multi-byte sequence: the bytes
  // split and decode exactly as the text would.
  return parseShcJwsBytes(utf8Encode(text), maxDepth);
}

/**
 * {@link parseShcJws} of the JWS's characters as ASCII bytes (as a QR code carries them): no
 * string of the whole JWS is made, and `signingInput` is a view of `ascii` up to the second dot
 * (the caller keeps `ascii` as is). The header, payload and signature are decoded into `into`
 * when it is given and large enough (they are then views of it; the caller gives memory it
 * owns and no longer uses, as `readShcQrBytes`'s `spare`), else into a new buffer. Never throws.
 */
export function parseShcJwsBytes(
  ascii: Uint8Array,
  maxDepth: number,
  into?: Uint8Array,
): ShcJwsParse {
  const problems: ShcProblem[] = [];
  const malformed = (reason: string): ShcJwsParse => {
    problems.push({ code: 'SHC_JWS_MALFORMED', params: { reason } });
    return { problems };
  };
  // The first dot from the front, the last from the back: a dot between them is a character
  // the payload's base64url refuses, and any refusal first counts the dots.
  const first = ascii.indexOf(DOT);
  const second = ascii.lastIndexOf(DOT);
  const structure = (): string | undefined => {
    let dots = 0;
    for (let i = 0; i < ascii.length; i++) if (ascii[i] === DOT) dots++;
    if (dots !== 2) return `${dots + 1} dot-separated parts instead of 3`;
    if (first === 0 || second === first + 1) return 'empty header or payload';
    return undefined;
  };
  if (first < 0 || first === second || first === 0 || second === first + 1) {
    return malformed(structure()!);
  }
  // The three parts decode into one buffer: `into` when it has the room, else a new one.
  const h = base64UrlSize(first);
  const p = base64UrlSize(second - first - 1);
  const size = h + p + base64UrlSize(ascii.length - second - 1);
  const parts = into && into.length >= size ? into.subarray(0, size) : new Uint8Array(size);
  if (!base64UrlInto(ascii, 0, first, parts, 0)) {
    return malformed(structure() ?? 'header is not canonical base64url');
  }
  if (!base64UrlInto(ascii, first + 1, second, parts, h)) {
    return malformed(structure() ?? 'payload is not canonical base64url');
  }
  if (!base64UrlInto(ascii, second + 1, ascii.length, parts, h + p)) {
    return malformed(structure() ?? 'signature is not canonical base64url');
  }
  const headerBytes = parts.subarray(0, h);
  const payload = parts.subarray(h, h + p);
  const signature = parts.subarray(h + p);
  let headerText: string;
  try {
    headerText = utf8Decode(headerBytes);
  } catch {
    return malformed('header is not UTF-8');
  }
  const parsed = parseBoundedJson(headerText, maxDepth);
  if (!parsed.ok) return malformed(`header is not JSON (${parsed.params?.reason})`);
  const header = parsed.value;
  if (!header || typeof header !== 'object' || Array.isArray(header)) {
    return malformed('header is not a JSON object');
  }
  const fields = header as Record<string, unknown>;
  if ('crit' in fields) return malformed('header lists critical extensions (crit)');
  const jws: ShcJws = {
    header: fields,
    payload,
    signature,
    // The JWS up to the second dot, as is (no copy, no concatenation of the two parts).
    signingInput: ascii.subarray(0, second),
  };
  if (typeof fields.alg === 'string') jws.alg = fields.alg;
  if (typeof fields.zip === 'string') jws.zip = fields.zip;
  if (typeof fields.kid === 'string' && fields.kid.length > 0) jws.kid = fields.kid;

  if (jws.alg !== 'ES256') {
    problems.push({ code: 'SHC_JWS_ALG_UNSUPPORTED', params: { alg: shown(fields.alg) } });
  }
  if (jws.zip !== 'DEF') {
    problems.push({ code: 'SHC_JWS_ZIP_MISSING', params: { zip: shown(fields.zip) } });
  }
  if (jws.kid === undefined) {
    problems.push({ code: 'SHC_JWS_KID_MISSING' });
  } else if (jws.kid.length > MAX_KID_LENGTH) {
    problems.push({ code: 'SHC_JWS_MALFORMED', params: { reason: 'kid is unreasonably long' } });
    delete jws.kid;
  }
  const sig = jws.signature;
  if (sig.length !== 64) {
    // ECDSA-Sig-Value: SEQUENCE (0x30) of the remaining length, starting with an INTEGER.
    const der = sig.length > 8 && sig[0] === 0x30 && sig[1] === sig.length - 2 && sig[2] === 0x02;
    problems.push({
      code: der ? 'SHC_SIGNATURE_DER' : 'SHC_SIGNATURE_LENGTH',
      params: { length: sig.length },
    });
  }
  return { jws, problems };
}

/** A header value for a message: the string itself, `(none)`, or its JSON type. */
function shown(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  return `(${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value})`;
}
