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
