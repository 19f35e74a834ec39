/**
 * The one error type of the HTTP layer: a coded problem, rendered centrally as
 * `application/problem+json` (RFC 9457). Domain functions throw it for bad requests; anything
 * else that escapes is a bug and becomes a 500 without details.
 */
export class GatewayProblem extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422,
    readonly code: string,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

export function problemBody(status: number, code: string, detail: string, instance?: string) {
  return {
    type: `https://corridor.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: code,
    status,
    detail,
    ...(instance ? { instance } : {}),
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
