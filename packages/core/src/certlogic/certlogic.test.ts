import { describe, expect, it } from 'vitest';
import { dataAccesses } from './data-accesses.js';
import { parseCertLogicDateTime, parseDccDateOfBirth } from './datetime.js';
import { evaluateCertLogic } from './evaluate.js';
import { certLogicFinding } from './findings.js';
import type { CertLogicDateTime } from './types.js';
import { validateCertLogic } from './validate.js';

const iso = (text: string, amount: number, unit: string) => {
  const r = evaluateCertLogic({ plusTime: [text, amount, unit] }, null);
  if (!r.ok) throw new Error(r.code);
  return (r.value as CertLogicDateTime).toISOString();
};

describe('CertLogic date-times', () => {
  it('parses every offset form of the specification', () => {
    const at = (s: string) => parseCertLogicDateTime(s)?.toISOString();
    expect(at('2021-06-01T12:00:00')).toBe('2021-06-01T12:00:00.000Z');
    expect(at('2021-06-01T12:00:00+2')).toBe('2021-06-01T10:00:00.000Z');
    expect(at('2021-06-01T12:00:00+02')).toBe('2021-06-01T10:00:00.000Z');
    expect(at('2021-06-01T12:00:00+530')).toBe('2021-06-01T06:30:00.000Z');
    expect(at('2021-06-01T12:00:00-0130')).toBe('2021-06-01T13:30:00.000Z');
    expect(at('2021-06-01T12:00:00+9:00')).toBe('2021-06-01T03:00:00.000Z');
    expect(at('2021-06-01T12:00:00.123456+09:00')).toBe('2021-06-01T03:00:00.123Z');
    expect(at('2021-06-01T12:00:00.5Z')).toBe('2021-06-01T12:00:00.500Z');
  });

  it('reads partial dates as the last day of the period and refuses impossible dates', () => {
    expect(parseDccDateOfBirth('2004')?.toISOString()).toBe('2004-12-31T00:00:00.000Z');
    expect(parseDccDateOfBirth('2004-02')?.toISOString()).toBe('2004-02-29T00:00:00.000Z');
    expect(parseDccDateOfBirth('2003-02')?.toISOString()).toBe('2003-02-28T00:00:00.000Z');
    expect(parseCertLogicDateTime('2021-02-30')).toBeUndefined();
    expect(parseCertLogicDateTime('2021-13')).toBeUndefined();
    expect(parseCertLogicDateTime('2021-06-01T24:00:00Z')).toBeUndefined();
    expect(parseCertLogicDateTime('2021-06-01 12:00:00')).toBeUndefined();
  });

  it('offsets with the ECMAScript overflow semantics the specification fixes (leap days)', () => {
    expect(iso('2020-02-29', 1, 'day')).toBe('2020-03-01T00:00:00.000Z');
    expect(iso('2020-02-29', 1, 'month')).toBe('2020-03-29T00:00:00.000Z');
    expect(iso('2020-02-29', 1, 'year')).toBe('2021-03-01T00:00:00.000Z');
    expect(iso('2021-01-31', 1, 'month')).toBe('2021-03-03T00:00:00.000Z');
    expect(iso('2021-03-28T00:30:00+01:00', 24, 'hour')).toBe('2021-03-28T23:30:00.000Z');
  });

  it('gives a coded error, not an exception, for a malformed date string', () => {
    const r = evaluateCertLogic({ plusTime: ['yesterday', 0, 'day'] }, null);
    expect(r).toMatchObject({ ok: false, code: 'CERTLOGIC_EVALUATION_ERROR' });
  });
});

describe('CertLogic evaluation semantics', () => {
  it('treats values that are neither truthy nor falsy as errors in guards', () => {
    const dt = { plusTime: ['2021-01-01', 0, 'day'] };
    expect(evaluateCertLogic({ if: [dt, 1, 2] }, null)).toMatchObject({ ok: false });
    expect(evaluateCertLogic({ '!': [dt] }, null)).toMatchObject({ ok: false });
  });

  it('refuses non-integer comparisons and non-array "in" operands', () => {
    expect(evaluateCertLogic({ '<': ['1', 2] }, null)).toMatchObject({
      ok: false,
      code: 'CERTLOGIC_EVALUATION_ERROR',
    });
    expect(evaluateCertLogic({ in: ['a', { var: 'x' }] }, {})).toMatchObject({
      ok: false,
      code: 'CERTLOGIC_EVALUATION_ERROR',
    });
  });

  it('refuses an expression object without exactly one own key, naming the count', () => {
    const reason = (expr: unknown) => {
      const r = evaluateCertLogic(expr, {});
      return r.ok ? 'ok' : `${r.code}: ${String(r.params?.reason)}`;
    };
    const bad = (n: number) =>
      `CERTLOGIC_INVALID_EXPRESSION: expression object must have exactly one key, but it has ${n}`;
    expect(reason({})).toBe(bad(0));
    expect(reason({ '!': [false], and: [true, true] })).toBe(bad(2));
    expect(reason({ and: [{}, true] })).toBe(bad(0));
    const bare = Object.create(null) as Record<string, unknown>;
    bare['!'] = [false];
    expect(reason(bare)).toBe('ok');
    expect(reason({ '!': [false] })).toBe('ok');
  });

  it('does not reach through var into inherited properties', () => {
    expect(evaluateCertLogic({ var: 'constructor' }, {})).toEqual({ ok: true, value: null });
    expect(evaluateCertLogic({ var: 'x.length' }, { x: [1, 2] })).toEqual({
      ok: true,
      value: null,
    });
  });

  it('lists the data a rule reads, leaving out reduce lambdas', () => {
    const expr = {
      and: [
        { var: 'payload.v.0' },
        { reduce: [{ var: 'payload.t' }, { '+': [{ var: 'accumulator' }, 1] }, 0] },
      ],
    };
    expect(dataAccesses(expr)).toEqual(['payload.v.0', 'payload.t']);
  });
});

describe('CertLogic hostile expressions', () => {
  const nested = (depth: number): unknown => {
    let expr: unknown = true;
    for (let i = 0; i < depth; i++) expr = { '!': [expr] };
    return expr;
  };

  it('refuses an unknown operation in validation and evaluation', () => {
    const expr = { eval: ['process.exit()'] };
    expect(validateCertLogic(expr)).toMatchObject([{ code: 'CERTLOGIC_UNKNOWN_OPERATION' }]);
    expect(evaluateCertLogic(expr, {})).toMatchObject({
      ok: false,
      code: 'CERTLOGIC_UNKNOWN_OPERATION',
    });
  });

  it('stops depth-10,000 nesting with coded errors', () => {
    const expr = nested(10_000);
    expect(validateCertLogic(expr)).toMatchObject([{ code: 'CERTLOGIC_TOO_COMPLEX' }]);
    expect(evaluateCertLogic(expr, {})).toMatchObject({
      ok: false,
      code: 'CERTLOGIC_BUDGET_EXCEEDED',
      params: { budget: 'depth' },
    });
  });

  it('stops a 1,000,000-element literal array before evaluating it', () => {
    const expr = { in: ['x', new Array(1_000_000).fill('y')] };
    expect(validateCertLogic(expr)).toMatchObject([{ code: 'CERTLOGIC_TOO_COMPLEX' }]);
    expect(evaluateCertLogic(expr, {})).toMatchObject({
      ok: false,
      code: 'CERTLOGIC_BUDGET_EXCEEDED',
      params: { budget: 'steps' },
    });
  });

  it('stops a reduce that would run long at the step budget', () => {
    // Nested reduces over a 5,000-item array: 25 million lambda evaluations unbounded.
    const inner = { reduce: [{ var: 'current' }, { '+': [{ var: 'accumulator' }, 1] }, 0] };
    const expr = {
      reduce: [{ var: 'xs' }, { '+': [{ var: 'accumulator' }, inner] }, 0],
    };
    const row = new Array(5_000).fill(1);
    const data = { xs: new Array(5_000).fill(row) };
    expect(evaluateCertLogic(expr, data)).toMatchObject({
      ok: false,
      code: 'CERTLOGIC_BUDGET_EXCEEDED',
    });
    expect(evaluateCertLogic(expr, data, { maxSteps: 50 })).toMatchObject({
      ok: false,
      params: { budget: 'steps', limit: 50 },
    });
  });

  it('honours configurable validator limits', () => {
    expect(validateCertLogic(nested(10), { maxDepth: 5 })).toMatchObject([
      { code: 'CERTLOGIC_TOO_COMPLEX', params: { limit: 5 } },
    ]);
    expect(validateCertLogic(['a', 'b', 'c'], { maxArrayLength: 2 })).toHaveLength(1);
    expect(validateCertLogic(nested(60))).toEqual([]);
  });

  it('localises its findings in en, zh and ko', () => {
    const params = { budget: 'steps', limit: 10 };
    expect(certLogicFinding('CERTLOGIC_BUDGET_EXCEEDED', 'en', params).message).toContain('10');
    expect(certLogicFinding('CERTLOGIC_BUDGET_EXCEEDED', 'zh', params).message).toContain('预算');
    expect(certLogicFinding('CERTLOGIC_BUDGET_EXCEEDED', 'ko', params).message).toContain('예산');
  });
});
