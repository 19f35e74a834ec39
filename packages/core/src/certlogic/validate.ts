import { CertLogicDateTime, INFIX_OPERATORS, isDictionary, isInt, TIME_UNITS } from './types.js';

/** Limits the validator enforces on top of the specification's format rules. */
export interface ValidationLimits {
  /** Deepest nesting of arrays and operations (default 64). */
  maxDepth?: number;
  /** Longest literal array (default 1,000). */
  maxArrayLength?: number;
  /** Most expression nodes in total (default 10,000). */
  maxNodes?: number;
}

/** Defaults for {@link ValidationLimits}. */
export const DEFAULT_VALIDATION_LIMITS: Required<ValidationLimits> = {
  maxDepth: 64,
  maxArrayLength: 1_000,
  maxNodes: 10_000,
};

/** One problem with an expression. `expr` is the offending sub-expression. */
export interface CertLogicIssue {
  code: 'CERTLOGIC_INVALID_EXPRESSION' | 'CERTLOGIC_UNKNOWN_OPERATION' | 'CERTLOGIC_TOO_COMPLEX';
  /** The sub-expression the issue is about (for limit issues, possibly a large value). */
  expr: unknown;
  /** English description; the validation test suite of the specification pins these texts. */
  message: string;
  /** Parameters for the finding message (`reason`, `operator`, `limit`). */
  params: Record<string, string | number>;
}

const TERNARY = new Set(['<', '>', '<=', '>=', 'after', 'before', 'not-after', 'not-before']);
const VAR_PATH = /^[^.]+(\.[^.]+)*$/;

class Validator {
  readonly issues: CertLogicIssue[] = [];
  private nodes = 0;
  private stopped = false;
  constructor(private readonly limits: Required<ValidationLimits>) {}

  private add(expr: unknown, message: string): void {
    this.issues.push({
      code: 'CERTLOGIC_INVALID_EXPRESSION',
      expr,
      message,
      params: { reason: message },
    });
  }

  private limit(expr: unknown, reason: string, limit: number): void {
    this.issues.push({
      code: 'CERTLOGIC_TOO_COMPLEX',
      expr,
      message: `${reason} (limit ${limit})`,
      params: { reason, limit },
    });
  }

  validate(expr: unknown, depth: number): void {
    if (this.stopped) return;
    this.nodes++;
    if (this.nodes > this.limits.maxNodes) {
      this.stopped = true;
      this.limit(null, 'the expression has too many nodes', this.limits.maxNodes);
      return;
    }
    if (depth > this.limits.maxDepth) {
      this.stopped = true;
      this.limit(null, 'the expression is nested too deeply', this.limits.maxDepth);
      return;
    }
    if (typeof expr === 'string' || typeof expr === 'boolean' || isInt(expr)) return;
    if (typeof expr === 'number') {
      this.add(expr, `${expr} is a non-integer number`);
      return;
    }
    if (expr === null || expr === undefined || expr instanceof CertLogicDateTime) {
      this.add(expr ?? null, 'invalid CertLogic expression');
      return;
    }
    if (Array.isArray(expr)) {
      if (expr.length > this.limits.maxArrayLength) {
        this.limit(
          `[${expr.length} items]`,
          `a literal array has ${expr.length} items`,
          this.limits.maxArrayLength,
        );
        return;
      }
      for (const item of expr) this.validate(item, depth + 1);
      return;
    }
    if (!isDictionary(expr)) {
      this.add(expr, 'invalid CertLogic expression');
      return;
    }
    const keys = Object.keys(expr);
    if (keys.length !== 1) {
      this.add(expr, `expression object must have exactly one key, but it has ${keys.length}`);
      return;
    }
    const operator = keys[0] as string;
    const values = expr[operator];
    if (operator === 'var') {
      if (typeof values !== 'string') {
        this.add(expr, 'not of the form { "var": "<path>" }');
      } else if (values !== '' && !VAR_PATH.test(values)) {
        this.add(expr, `data access path doesn't have a valid format: ${values}`);
      }
      return;
    }
    if (!Array.isArray(values)) {
      this.add(expr, 'operation not of the form { "<operator>": [ <values...> ] }');
      return;
    }
    if (values.length > this.limits.maxArrayLength) {
      this.limit(
        `{ "${operator}": [${values.length} items] }`,
        `operation "${operator}" has ${values.length} operands`,
        this.limits.maxArrayLength,
      );
      return;
    }
    const d = depth + 1;
    const n = values.length;
    const operands = (count: number) => {
      for (const value of values.slice(0, count)) this.validate(value, d);
    };
    if (operator === 'if') {
      if (n !== 3)
        this.add(expr, `an "if"-operation must have exactly 3 values/operands, but it has ${n}`);
      operands(3);
      return;
    }
    if (INFIX_OPERATORS.has(operator)) {
      if (operator === 'and') {
        if (n < 2)
          this.add(expr, `an "and" operation must have at least 2 operands, but it has ${n}`);
        operands(n);
      } else if (TERNARY.has(operator)) {
        if (n < 2 || n > 3) {
          this.add(
            expr,
            `an operation with operator "${operator}" must have 2 or 3 operands, but it has ${n}`,
          );
        }
        operands(3);
      } else {
        if (n !== 2) {
          this.add(
            expr,
            `an operation with operator "${operator}" must have 2 operands, but it has ${n}`,
          );
        }
        operands(2);
      }
      return;
    }
    switch (operator) {
      case '!':
        if (n !== 1) {
          this.add(
            expr,
            `a !-operation (logical not/negation) must have exactly 1 operand, but it has ${n}`,
          );
        }
        operands(1);
        return;
      case 'plusTime':
        if (n !== 3)
          this.add(
            expr,
            `a "plusTime"-operation must have exactly 3 values/operands, but it has ${n}`,
          );
        operands(1);
        if (n > 1 && !isInt(values[1])) {
          this.add(
            expr,
            `"amount" argument (#2) of "plusTime" must be an integer, but it is: ${String(values[1])}`,
          );
        }
        if (n > 2 && !(TIME_UNITS as readonly unknown[]).includes(values[2])) {
          this.add(
            expr,
            `"unit" argument (#3) of "plusTime" must be a string equal to one of ${TIME_UNITS.join(', ')}, but it is: ${String(values[2])}`,
          );
        }
        return;
      case 'reduce':
        if (n !== 3)
          this.add(
            expr,
            `a "reduce"-operation must have exactly 3 values/operands, but it has ${n}`,
          );
        operands(3);
        return;
      case 'extractFromUVCI':
        if (n !== 2) {
          this.add(
            expr,
            `an "extractFromUVCI"-operation must have exactly 2 values/operands, but it has ${n}`,
          );
        }
        operands(1);
        if (n > 1 && !isInt(values[1])) {
          this.add(
            expr,
            `"index" argument (#2) of "extractFromUVCI" must be an integer, but it is: ${String(values[1])}`,
          );
        }
        return;
      case 'dccDateOfBirth':
        if (n !== 1) {
          this.add(
            expr,
            `a "dccDateOfBirth"-operation must have exactly 1 operand, but it has ${n}`,
          );
        }
        operands(1);
        return;
    }
    this.issues.push({
      code: 'CERTLOGIC_UNKNOWN_OPERATION',
      expr,
      message: `unrecognised operator: "${operator}"`,
      params: { operator },
    });
  }
}

/**
 * Validates a CertLogic expression's format against the specification (1.3.2) and against
 * safety limits: unknown operations, nesting deeper than `maxDepth`, literal arrays longer than
 * `maxArrayLength`, more than `maxNodes` nodes. Returns every issue found (empty when valid).
 * Never recurses past the depth limit, so hostile input cannot exhaust the stack.
 */
export function validateCertLogic(expr: unknown, limits: ValidationLimits = {}): CertLogicIssue[] {
  const validator = new Validator({ ...DEFAULT_VALIDATION_LIMITS, ...limits });
  validator.validate(expr, 0);
  return validator.issues;
}
