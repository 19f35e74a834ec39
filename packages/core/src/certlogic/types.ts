/**
 * Types shared by the CertLogic evaluator and validator. CertLogic is the restricted JsonLogic
 * dialect the EU DCC business rules are written in (specification 1.3.2).
 */

/** A CertLogic expression as JSON: literals, arrays, and single-key operation objects. */
export type CertLogicExpression =
  | string
  | number
  | boolean
  | null
  | CertLogicExpression[]
  | { [operator: string]: unknown };

/** The operators CertLogic knows (`var` included). */
export const CERTLOGIC_OPERATORS = [
  'var',
  'if',
  '===',
  'and',
  '<',
  '>',
  '<=',
  '>=',
  'in',
  '+',
  '!',
  'after',
  'before',
  'not-after',
  'not-before',
  'plusTime',
  'reduce',
  'extractFromUVCI',
  'dccDateOfBirth',
] as const;

export type CertLogicOperator = (typeof CERTLOGIC_OPERATORS)[number];

/** Operators taking two operands, or three for the comparisons' "between" form. */
export const INFIX_OPERATORS: ReadonlySet<string> = new Set([
  '===',
  'and',
  '<',
  '>',
  '<=',
  '>=',
  'in',
  '+',
  'after',
  'before',
  'not-after',
  'not-before',
]);

/** Time units `plusTime` accepts. */
export const TIME_UNITS = ['year', 'month', 'day', 'hour'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

/**
 * A date-time value, produced only by `plusTime` and `dccDateOfBirth`. Immutable; held as
 * milliseconds since the epoch (UTC). Serialises to ISO-8601 with milliseconds.
 */
export class CertLogicDateTime {
  /** Milliseconds since 1970-01-01T00:00:00Z. */
  readonly epochMs: number;
  constructor(epochMs: number) {
    this.epochMs = epochMs;
    Object.freeze(this);
  }
  /** ISO-8601 in UTC, e.g. `2021-06-01T00:00:00.000Z`. */
  toISOString(): string {
    return new Date(this.epochMs).toISOString();
  }
  /** JSON form: the ISO-8601 string. */
  toJSON(): string {
    return this.toISOString();
  }
}

/** Any value an evaluation can produce: JSON values from literals or data, or a date-time. */
export type CertLogicValue =
  | string
  | number
  | boolean
  | null
  | CertLogicDateTime
  | readonly CertLogicValue[]
  | { readonly [key: string]: CertLogicValue }
  | unknown;

/** Type guard for integers (CertLogic has no other numbers). */
export function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** A plain JSON object (not an array, not a date-time, not null). */
export function isDictionary(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (value instanceof CertLogicDateTime) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** CertLogic falsy values: false, null, "", 0, [], {}. */
export function isFalsy(value: unknown): boolean {
  return (
    value === false ||
    value === null ||
    value === '' ||
    value === 0 ||
    (Array.isArray(value) && value.length === 0) ||
    (isDictionary(value) && Object.keys(value).length === 0)
  );
}

/** CertLogic truthy values: true, non-empty strings, non-zero integers, non-empty arrays/objects. */
export function isTruthy(value: unknown): boolean {
  return (
    value === true ||
    (typeof value === 'string' && value !== '') ||
    (typeof value === 'number' && value !== 0 && !Number.isNaN(value)) ||
    (Array.isArray(value) && value.length > 0) ||
    (isDictionary(value) && Object.keys(value).length > 0)
  );
}
