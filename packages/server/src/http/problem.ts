import type { ProblemCode } from './problems.js';

export type { ProblemCode } from './problems.js';

/** One refused field of a request: a JSON pointer into the request body, a code and a message. */
export interface FieldError {
  /** JSON pointer into the request body, e.g. `/payload/v/0/mp`. */
  path: string;
  /** Stable UPPER_SNAKE code, e.g. `DCC_SCHEMA_REQUIRED`, `VALUESET_UNKNOWN_CODE`. */
  code: string;
  message: string;
}

/** HTTP statuses a problem maps to. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 502 | 503;

/**
 * The one error type of Corridor's HTTP layer (gateway, national node, issuance, lanes): a
 * coded refusal, rendered in one place as `application/problem+json` (RFC 9457) with `errors`
 * listing field-level problems. Domain functions throw it for requests they refuse; anything
 * else that escapes is a bug and becomes a 500 without details.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: ProblemStatus,
    readonly code: ProblemCode,
    readonly detail: string,
    readonly errors: readonly FieldError[] = [],
    /** Response headers the refusal needs (e.g. `retry-after` on a 429). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`${code}: ${detail}`);
    this.name = 'HttpProblem';
  }
}

/** The JSON body of a problem answer. */
export function problemBody(
  status: number,
  code: ProblemCode,
  detail: string,
  options: { instance?: string; errors?: readonly FieldError[] } = {},
) {
  return {
    type: `https://corridor.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: code,
    status,
    detail,
    ...(options.errors && options.errors.length > 0 ? { errors: options.errors } : {}),
    ...(options.instance ? { instance: options.instance } : {}),
  };
}

/**
 * When `error` is a PostgreSQL data exception (SQLSTATE class 22: a NUL character in text, a
 * number out of range, an unconvertible value), the reason; otherwise `undefined`. Such an
 * error means a value from the request could not be stored or compared: the client's fault,
 * answered 400, not 500. The statement failed, so its transaction rolled back.
 */
export function dataException(error: unknown): string | undefined {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (typeof e?.code !== 'string' || !/^22[0-9A-Z]{3}$/.test(e.code)) return undefined;
  return `a value in the request cannot be stored (${e.code}: ${String(e.message).slice(0, 120)})`;
}

/**
 * `Connection: close` on a 413: the refused body is left unread and the server drops the
 * connection, but it used to announce keep-alive, so a client's pool reused the dead socket
 * and its *next* request failed (UND_ERR_SOCKET). Closing says so up front.
 */
export function closeAfter(status: number): Record<string, string> {
  return status === 413 ? { connection: 'close' } : {};
}
