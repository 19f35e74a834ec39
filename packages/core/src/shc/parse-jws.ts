/**
 * A SMART Health Card's compact JWS (RFC 7515 §7.1) taken apart: the protected header and the
 * checks the spec puts on it ("Health Cards are Compact"), the payload bytes, the signature
 * and its form.
 */
import { fromBase64Url, utf8Decode, utf8Encode } from '../lib/bytes.js';
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
  const problems: ShcProblem[] = [];
  const malformed = (reason: string): ShcJwsParse => {
    problems.push({ code: 'SHC_JWS_MALFORMED', params: { reason } });
    return { problems };
  };
  const parts = text.split('.');
  if (parts.length !== 3) return malformed(`${parts.length} dot-separated parts instead of 3`);
  const [h, p, s] = parts as [string, string, string];
  if (h.length === 0 || p.length === 0) return malformed('empty header or payload');
  const decoded: Uint8Array[] = [];
  for (const [name, part] of [
    ['header', h],
    ['payload', p],
    ['signature', s],
  ] as const) {
    try {
      decoded.push(fromBase64Url(part));
    } catch {
      return malformed(`${name} is not canonical base64url`);
    }
  }
  const [headerBytes, payload, signature] = decoded as [Uint8Array, Uint8Array, Uint8Array];
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
    // The JWS text up to the second dot, as is (no concatenation of the two parts).
    signingInput: utf8Encode(text.slice(0, h.length + 1 + p.length)),
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
