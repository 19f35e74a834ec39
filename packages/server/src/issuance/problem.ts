/** One refused field of a request: a JSON pointer into the request body, a code and a message. */
export interface FieldError {
  /** JSON pointer into the request body, e.g. `/payload/v/0/mp`. */
  path: string;
  /** Stable UPPER_SNAKE code, e.g. `DCC_SCHEMA_REQUIRED`, `VALUESET_UNKNOWN_CODE`. */
  code: string;
  message: string;
}

/** HTTP statuses an issuance problem maps to. */
export type IssuanceStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 503;

/**
 * A coded refusal of the issuance domain, rendered by `issuanceApp` as
 * `application/problem+json` (RFC 9457) with `errors` listing field-level problems. Anything
 * else thrown is a bug and becomes a 500 without details.
 */
export class IssuanceProblem extends Error {
  constructor(
    readonly status: IssuanceStatus,
    readonly code: string,
    readonly detail: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(`${code}: ${detail}`);
    this.name = 'IssuanceProblem';
  }
}
