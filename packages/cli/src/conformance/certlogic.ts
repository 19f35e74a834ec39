import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CertLogicDateTime, evaluateCertLogic, validateCertLogic } from '@corridor/core/certlogic';

/** One conformance case that did not give the expected answer. */
export interface ConformanceFailure {
  file: string;
  name?: string;
  expected: unknown;
  got: unknown;
}

/** The tally of a conformance run. `skipped` counts cases the suite itself marks `skip`. */
export interface ConformanceResult {
  passed: number;
  failed: number;
  skipped: number;
  failures: ConformanceFailure[];
}

/** Deep JSON equality (date-times compare by their ISO form). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a instanceof CertLogicDateTime) a = a.toISOString();
  if (b instanceof CertLogicDateTime) b = b.toISOString();
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every(
      (k) =>
        Object.hasOwn(b, k) &&
        jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    );
  }
  return false;
}

async function jsonFiles(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  return names.map((n) => path.join(dir, n));
}

interface EvalSuite {
  name: string;
  directive?: 'skip' | 'only';
  cases: {
    name: string;
    directive?: 'skip' | 'only';
    certLogicExpression?: unknown;
    assertions: {
      certLogicExpression?: unknown;
      data: unknown;
      expected: unknown;
      directive?: 'skip' | 'only';
      message?: string;
    }[];
  }[];
}

interface ValidationSuite {
  name: string;
  directive?: 'skip' | 'only';
  cases: {
    name?: string;
    directive?: 'skip' | 'only';
    certLogicExpression: unknown;
    issues: { expr: unknown; message: string }[];
  }[];
}

/**
 * Runs the CertLogic specification's test suites found in `dir`: `testSuite/*.json`
 * (evaluation; an expected value is compared by deep JSON equality) and
 * `validation-testSuite/*.json` (the validator must report exactly the listed issues, by
 * expression and message). Cases marked `"directive": "skip"` by the suite are counted as
 * skipped, as the specification's own runners do.
 */
export async function runCertLogicConformance(dir: string): Promise<ConformanceResult> {
  const result: ConformanceResult = { passed: 0, failed: 0, skipped: 0, failures: [] };
  const record = (ok: boolean, failure: ConformanceFailure) => {
    if (ok) result.passed++;
    else {
      result.failed++;
      result.failures.push(failure);
    }
  };

  for (const file of await jsonFiles(path.join(dir, 'testSuite'))) {
    const suite = JSON.parse(await readFile(file, 'utf8')) as EvalSuite;
    const rel = path.relative(dir, file);
    for (const testCase of suite.cases) {
      testCase.assertions.forEach((assertion, i) => {
        if (
          suite.directive === 'skip' ||
          testCase.directive === 'skip' ||
          assertion.directive === 'skip'
        ) {
          result.skipped++;
          return;
        }
        const expr = assertion.certLogicExpression ?? testCase.certLogicExpression;
        const name = `${testCase.name} #${i + 1}${assertion.message ? ` (${assertion.message})` : ''}`;
        const evaluation = evaluateCertLogic(expr, assertion.data);
        const got = evaluation.ok
          ? evaluation.value
          : { error: evaluation.code, params: evaluation.params };
        record(evaluation.ok && jsonEqual(evaluation.value, assertion.expected), {
          file: rel,
          name,
          expected: assertion.expected,
          got: got instanceof CertLogicDateTime ? got.toISOString() : got,
        });
      });
    }
  }

  for (const file of await jsonFiles(path.join(dir, 'validation-testSuite'))) {
    const suite = JSON.parse(await readFile(file, 'utf8')) as ValidationSuite;
    const rel = path.relative(dir, file);
    suite.cases.forEach((testCase, i) => {
      if (suite.directive === 'skip' || testCase.directive === 'skip') {
        result.skipped++;
        return;
      }
      const got = validateCertLogic(testCase.certLogicExpression).map(({ expr, message }) => ({
        expr,
        message,
      }));
      record(jsonEqual(got, testCase.issues), {
        file: rel,
        name: testCase.name ?? `case #${i + 1}: ${JSON.stringify(testCase.certLogicExpression)}`,
        expected: testCase.issues,
        got,
      });
    });
  }
  return result;
}
