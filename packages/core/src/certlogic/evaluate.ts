import { fail, ok, type Result } from '../lib/result.js';
import type { FindingParams } from '../report/finding.js';
import { parseCertLogicDateTime, parseDccDateOfBirth, plusTime } from './datetime.js';
import {
  CertLogicDateTime,
  type CertLogicExpression,
  type CertLogicValue,
  INFIX_OPERATORS,
  isDictionary,
  isFalsy,
  isInt,
  isTruthy,
  TIME_UNITS,
  type TimeUnit,
} from './types.js';

/** Limits that keep one evaluation short, whatever the expression and data. */
export interface EvaluationOptions {
  /** Most operation steps (nodes visited, array items, reduce iterations, `in` scans). */
  maxSteps?: number;
  /** Deepest nesting of evaluation (expressions within expressions, reduce lambdas). */
  maxDepth?: number;
}

/** Defaults for {@link EvaluationOptions}. */
export const DEFAULT_EVALUATION_OPTIONS: Required<EvaluationOptions> = {
  maxSteps: 100_000,
  maxDepth: 128,
};

/** Codes an evaluation can fail with (see `CERTLOGIC_FINDINGS`). */
export type CertLogicEvaluationCode =
  | 'CERTLOGIC_INVALID_EXPRESSION'
  | 'CERTLOGIC_UNKNOWN_OPERATION'
  | 'CERTLOGIC_EVALUATION_ERROR'
  | 'CERTLOGIC_BUDGET_EXCEEDED';

/** The outcome of {@link evaluateCertLogic}: the value, or a coded error. */
export type CertLogicEvaluation = Result<CertLogicValue, CertLogicEvaluationCode>;

class EvaluationStop {
  constructor(
    readonly code: CertLogicEvaluationCode,
    readonly params: FindingParams,
  ) {}
}

const invalid = (reason: string) => new EvaluationStop('CERTLOGIC_INVALID_EXPRESSION', { reason });
const runtime = (reason: string) => new EvaluationStop('CERTLOGIC_EVALUATION_ERROR', { reason });

function describe(value: unknown): string {
  if (value instanceof CertLogicDateTime) return value.toISOString();
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Data access (`var`): drills into `data` along a dotted path; missing or undrillable → null. */
export function accessPath(data: unknown, path: string): unknown {
  if (path === '') return data;
  let current: unknown = data;
  const { fragments, indices } = splitPath(path);
  for (let i = 0; i < fragments.length; i++) {
    const fragment = fragments[i]!;
    if (current === null || current === undefined) return null;
    if (Array.isArray(current)) {
      const index = indices[i];
      if (index === undefined) return null;
      current = current[index];
    } else if (isDictionary(current)) {
      current = Object.hasOwn(current, fragment) ? current[fragment] : undefined;
    } else {
      return null;
    }
  }
  return current === undefined ? null : current;
}

/** A `var` path split at its dots, with the array index each fragment names (digits only). */
interface SplitPath {
  fragments: string[];
  indices: (number | undefined)[];
}

/** Paths split once: rules name the same few paths for every credential. Bounded. */
const splitPaths = new Map<string, SplitPath>();
const MAX_SPLIT_PATHS = 1024;

function splitPath(path: string): SplitPath {
  let split = splitPaths.get(path);
  if (split) return split;
  const fragments = path.split('.');
  split = { fragments, indices: fragments.map((f) => (/^\d+$/.test(f) ? Number(f) : undefined)) };
  if (path.length <= 200) {
    if (splitPaths.size >= MAX_SPLIT_PATHS) splitPaths.clear();
    splitPaths.set(path, split);
  }
  return split;
}

/** Comparisons of integers; the other comparators compare date-times. */
const NUMERIC_COMPARISONS: ReadonlySet<string> = new Set(['<', '>', '<=', '>=']);

type Cmp = (l: number, r: number) => boolean;
const COMPARATORS: Record<string, Cmp> = {
  '<': (l, r) => l < r,
  '>': (l, r) => l > r,
  '<=': (l, r) => l <= r,
  '>=': (l, r) => l >= r,
  before: (l, r) => l < r,
  after: (l, r) => l > r,
  'not-after': (l, r) => l <= r,
  'not-before': (l, r) => l >= r,
};

class Evaluator {
  private steps = 0;
  constructor(
    private readonly maxSteps: number,
    private readonly maxDepth: number,
  ) {}

  private tick(count = 1): void {
    this.steps += count;
    if (this.steps > this.maxSteps) {
      throw new EvaluationStop('CERTLOGIC_BUDGET_EXCEEDED', {
        budget: 'steps',
        limit: this.maxSteps,
      });
    }
  }

  evaluate(expr: unknown, data: unknown, depth: number): unknown {
    this.tick();
    if (depth > this.maxDepth) {
      throw new EvaluationStop('CERTLOGIC_BUDGET_EXCEEDED', {
        budget: 'depth',
        limit: this.maxDepth,
      });
    }
    if (typeof expr === 'string' || typeof expr === 'boolean' || isInt(expr)) return expr;
    if (typeof expr === 'number') throw invalid(`${expr} is a non-integer number`);
    if (expr === null || expr === undefined) throw invalid('invalid CertLogic expression');
    if (Array.isArray(expr)) {
      // Charge the whole array up front so a huge literal stops before any work is done.
      this.tick(expr.length);
      return expr.map((item) => this.evaluate(item, data, depth + 1));
    }
    if (expr instanceof CertLogicDateTime) return expr;
    if (!isDictionary(expr)) throw invalid('invalid CertLogic expression');
    const operator = onlyKey(expr);
    const values = expr[operator];
    if (operator === 'var') {
      if (typeof values !== 'string') throw invalid('not of the form { "var": "<path>" }');
      return accessPath(data, values);
    }
    if (!Array.isArray(values) || values.length === 0) {
      throw invalid('operation not of the form { "<operator>": [ <values...> ] }');
    }
    const d = depth + 1;
    if (operator === 'if') return this.evalIf(values, data, d);
    if (INFIX_OPERATORS.has(operator)) return this.evalInfix(operator, values, data, d);
    switch (operator) {
      case '!':
        return this.evalNot(values, data, d);
      case 'plusTime':
        return this.evalPlusTime(values, data, d);
      case 'reduce':
        return this.evalReduce(values, data, d);
      case 'extractFromUVCI':
        return this.evalExtract(values, data, d);
      case 'dccDateOfBirth':
        return this.evalDob(values, data, d);
    }
    throw new EvaluationStop('CERTLOGIC_UNKNOWN_OPERATION', { operator });
  }

  private evalIf(values: unknown[], data: unknown, depth: number): unknown {
    if (values.length !== 3) {
      throw invalid(`an "if"-operation must have exactly 3 operands, but it has ${values.length}`);
    }
    const guard = this.evaluate(values[0], data, depth);
    if (isTruthy(guard)) return this.evaluate(values[1], data, depth);
    if (isFalsy(guard)) return this.evaluate(values[2], data, depth);
    throw runtime(`if-guard evaluates to something neither truthy, nor falsy: ${describe(guard)}`);
  }

  private evalInfix(operator: string, values: unknown[], data: unknown, depth: number): unknown {
    const n = values.length;
    if (operator === 'and') {
      if (n < 2) throw invalid(`an "and" operation must have at least 2 operands, but it has ${n}`);
      let result: unknown = true;
      for (const operand of values) {
        result = this.evaluate(operand, data, depth);
        if (isFalsy(result)) return result;
        if (!isTruthy(result)) {
          throw runtime(
            `all operands of an "and" operation must be either truthy or falsy, got ${describe(result)}`,
          );
        }
      }
      return result;
    }
    const comparator = COMPARATORS[operator];
    if (comparator) {
      if (n < 2 || n > 3) {
        throw invalid(
          `an operation with operator "${operator}" must have 2 or 3 operands, but it has ${n}`,
        );
      }
      const args = values.map((v) => this.evaluate(v, data, depth));
      const dateTimes = !NUMERIC_COMPARISONS.has(operator);
      const numbers = args.map((arg) => {
        if (dateTimes) {
          if (!(arg instanceof CertLogicDateTime)) {
            throw runtime(
              `all operands of a date-time comparison must be date-times, got ${describe(arg)}`,
            );
          }
          return arg.epochMs;
        }
        if (!isInt(arg)) {
          throw runtime(
            `all operands of a comparison operation must be integers, got ${describe(arg)}`,
          );
        }
        return arg;
      });
      const [a, b, c] = numbers as [number, number, number?];
      return comparator(a, b) && (c === undefined || comparator(b, c));
    }
    if (n !== 2) {
      throw invalid(
        `an operation with operator "${operator}" must have 2 operands, but it has ${n}`,
      );
    }
    const left = this.evaluate(values[0], data, depth);
    const right = this.evaluate(values[1], data, depth);
    switch (operator) {
      case '===':
        if (left instanceof CertLogicDateTime && right instanceof CertLogicDateTime) {
          return left.epochMs === right.epochMs;
        }
        return left === right;
      case 'in':
        if (!Array.isArray(right)) {
          throw runtime(
            `right-hand side of an "in" operation must be an array, got ${describe(right)}`,
          );
        }
        this.tick(right.length);
        return right.indexOf(left) !== -1;
      case '+':
        if (!isInt(left) || !isInt(right)) {
          throw runtime('operands of a "+" operation must both be integers');
        }
        return left + right;
    }
    throw new EvaluationStop('CERTLOGIC_UNKNOWN_OPERATION', { operator });
  }

  private evalNot(values: unknown[], data: unknown, depth: number): boolean {
    if (values.length !== 1) {
      throw invalid(`a "!" operation must have exactly 1 operand, but it has ${values.length}`);
    }
    const operand = this.evaluate(values[0], data, depth);
    if (isFalsy(operand)) return true;
    if (isTruthy(operand)) return false;
    throw runtime(
      `operand of "!" evaluates to something neither truthy, nor falsy: ${describe(operand)}`,
    );
  }

  private evalPlusTime(values: unknown[], data: unknown, depth: number): CertLogicDateTime {
    if (values.length !== 3) {
      throw invalid(
        `a "plusTime" operation must have exactly 3 operands, but it has ${values.length}`,
      );
    }
    const [operand, amount, unit] = values;
    if (!isInt(amount)) throw invalid('"amount" argument (#2) of "plusTime" must be an integer');
    if (!(TIME_UNITS as readonly unknown[]).includes(unit)) {
      throw invalid(`"unit" argument (#3) of "plusTime" must be one of ${TIME_UNITS.join(', ')}`);
    }
    const text = this.evaluate(operand, data, depth);
    if (typeof text !== 'string') {
      throw runtime(`date argument of "plusTime" must be a string, got ${describe(text)}`);
    }
    const dateTime = parseCertLogicDateTime(text);
    if (!dateTime) throw runtime(`not an allowed date or date-time format: ${describe(text)}`);
    const result = plusTime(dateTime, amount, unit as TimeUnit);
    if (Number.isNaN(result.epochMs)) throw runtime('"plusTime" result is out of range');
    return result;
  }

  private evalReduce(values: unknown[], data: unknown, depth: number): unknown {
    if (values.length !== 3) {
      throw invalid(
        `a "reduce" operation must have exactly 3 operands, but it has ${values.length}`,
      );
    }
    const [operandExpr, lambda, initial] = values;
    const operand = this.evaluate(operandExpr, data, depth);
    if (operand === null) return this.evaluate(initial, data, depth);
    if (!Array.isArray(operand)) {
      throw runtime(`operand of "reduce" must be an array or null, got ${describe(operand)}`);
    }
    let accumulator = this.evaluate(initial, data, depth);
    for (const current of operand) {
      this.tick();
      accumulator = this.evaluate(lambda, { accumulator, current }, depth);
    }
    return accumulator;
  }

  private evalExtract(values: unknown[], data: unknown, depth: number): string | null {
    if (values.length !== 2) {
      throw invalid(
        `an "extractFromUVCI" operation must have exactly 2 operands, but it has ${values.length}`,
      );
    }
    const index = values[1];
    if (!isInt(index))
      throw invalid('"index" argument (#2) of "extractFromUVCI" must be an integer');
    const operand = this.evaluate(values[0], data, depth);
    if (operand === null) return null;
    if (typeof operand !== 'string') {
      throw runtime(
        `operand of "extractFromUVCI" must be a string or null, got ${describe(operand)}`,
      );
    }
    return extractFromUvci(operand, index);
  }

  private evalDob(values: unknown[], data: unknown, depth: number): CertLogicDateTime {
    if (values.length !== 1) {
      throw invalid(
        `a "dccDateOfBirth" operation must have exactly 1 operand, but it has ${values.length}`,
      );
    }
    const operand = this.evaluate(values[0], data, depth);
    if (typeof operand !== 'string') {
      throw runtime(`operand of "dccDateOfBirth" must be a string, got ${describe(operand)}`);
    }
    const dob = parseDccDateOfBirth(operand);
    if (!dob) throw runtime(`can't parse ${describe(operand)} as an EU DCC date of birth`);
    return dob;
  }
}

const UVCI_PREFIX = 'URN:UVCI:';

/**
 * The `extractFromUVCI` fragment: the UCI without its optional `URN:UVCI:` prefix, split on
 * `/`, `#` and `:`; the fragment at `index`, or `null` when there is none.
 */
export function extractFromUvci(uvci: string, index: number): string | null {
  if (index < 0) return null;
  const body = uvci.startsWith(UVCI_PREFIX) ? uvci.slice(UVCI_PREFIX.length) : uvci;
  const fragments = body.split(/[/#:]/);
  return index < fragments.length ? (fragments[index] as string) : null;
}

/**
 * The one own key of an expression object (`Object.keys` order), found without making the
 * keys array: every node of every rule goes through here on each scan.
 */
function onlyKey(expr: Record<string, unknown>): string {
  let operator: string | undefined;
  let count = 0;
  for (const key in expr) {
    if (!Object.hasOwn(expr, key)) continue;
    if (count++ === 0) operator = key;
  }
  if (count !== 1) {
    throw invalid(`expression object must have exactly one key, but it has ${count}`);
  }
  return operator!;
}

/**
 * Evaluates a CertLogic expression against a data context. Pure and bounded: never throws on
 * hostile input, never reads the clock (pass the validation clock in the data, as
 * `external.validationClock`). Exceeding `maxSteps` or `maxDepth` stops with
 * `CERTLOGIC_BUDGET_EXCEEDED`; malformed expressions give `CERTLOGIC_INVALID_EXPRESSION` or
 * `CERTLOGIC_UNKNOWN_OPERATION`; type errors during evaluation `CERTLOGIC_EVALUATION_ERROR`.
 *
 * @example
 * evaluateCertLogic({ '===': [{ var: 'payload.v.0.dn' }, 2] }, { payload: dcc })
 */
export function evaluateCertLogic(
  expr: CertLogicExpression | unknown,
  data: unknown,
  options: EvaluationOptions = {},
): CertLogicEvaluation {
  const evaluator = new Evaluator(
    options.maxSteps ?? DEFAULT_EVALUATION_OPTIONS.maxSteps,
    options.maxDepth ?? DEFAULT_EVALUATION_OPTIONS.maxDepth,
  );
  try {
    return ok(evaluator.evaluate(expr, data, 0) as CertLogicValue);
  } catch (error) {
    if (error instanceof EvaluationStop) return fail(error.code, error.params);
    if (error instanceof RangeError) {
      // Stack exhaustion on a machine with a small stack: still a budget stop, never a crash.
      return fail('CERTLOGIC_BUDGET_EXCEEDED', { budget: 'stack', limit: 0 });
    }
    throw error;
  }
}
