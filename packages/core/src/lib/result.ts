import type { FindingParams } from '../report/finding.js';

/**
 * The outcome of one pipeline stage: a value, or a finding code with its parameters.
 * Stages return these instead of throwing so that hostile input never becomes an exception.
 */
export type Result<T, C extends string = string> =
  | { ok: true; value: T }
  | { ok: false; code: C; params?: FindingParams };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail<C extends string>(
  code: C,
  params?: FindingParams,
): { ok: false; code: C; params?: FindingParams } {
  return params ? { ok: false, code, params } : { ok: false, code };
}
