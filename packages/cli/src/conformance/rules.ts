import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BusinessRule, RuleExternal } from '@corridor/core/rules';
import { evaluateRules, FAST_TRACK_RULES, validateRule } from '@corridor/core/rules';
import type { ConformanceFailure, ConformanceResult } from './certlogic.js';

/**
 * Vectors of the EU business-rule test data that are known to be wrong and are therefore not
 * counted, each with the evidence. Keys are paths relative to the business-rules folder
 * (`<CC>/<RuleId>/tests/testNNN.json`, or `<CC>/<RuleId>/rule.json`).
 * Currently empty: every rule validates and every test gives its expected result.
 */
export const RULES_VECTOR_EXCLUSIONS: Readonly<Record<string, string>> = {};

/** One rule folder: its document and test files. */
interface RuleFolder {
  /** Relative to the root given to the runner. */
  rel: string;
  dir: string;
}

async function findRuleFolders(root: string): Promise<RuleFolder[]> {
  if (existsSync(path.join(root, 'rule.json'))) return [{ rel: '.', dir: root }];
  const found: RuleFolder[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 3) return;
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const sub = path.join(dir, entry.name);
      if (existsSync(path.join(sub, 'rule.json')))
        found.push({ rel: path.relative(root, sub), dir: sub });
      else await walk(sub, depth + 1);
    }
  };
  await walk(root, 0);
  return found;
}

async function loadValueSets(root: string): Promise<Record<string, string[]> | undefined> {
  const file = path.join(root, 'valuesets', 'valueSets.json');
  if (!existsSync(file)) return undefined;
  return JSON.parse(await readFile(file, 'utf8')) as Record<string, string[]>;
}

interface RuleTestFile {
  name?: string;
  payload: unknown;
  external?: RuleExternal;
  expected: boolean;
}

/** Result of testing one rule folder, for {@link runRuleFolders}. */
export interface RuleFolderResult extends ConformanceResult {
  /** Rule identifiers with their validation outcome and test tally. */
  rules: { identifier: string; path: string; valid: boolean; passed: number; failed: number }[];
}

/**
 * Validates every `rule.json` under `root` (or `root` itself when it holds one) and runs each
 * rule's `tests/*.json` ({ name, payload, external, expected }): the rule must pass exactly when
 * `expected` is true and fail when it is false. A test without `external.valueSets` gets the
 * value sets of `<root>/valuesets/valueSets.json` when present.
 */
export async function runRuleFolders(
  root: string,
  exclusions: Readonly<Record<string, string>> = RULES_VECTOR_EXCLUSIONS,
): Promise<RuleFolderResult> {
  const result: RuleFolderResult = { passed: 0, failed: 0, skipped: 0, failures: [], rules: [] };
  const valueSets = await loadValueSets(root);
  const record = (ok: boolean, failure: ConformanceFailure) => {
    if (ok) result.passed++;
    else {
      result.failed++;
      result.failures.push(failure);
    }
  };
  for (const folder of await findRuleFolders(root)) {
    const ruleRel = path.join(folder.rel, 'rule.json');
    const entry = { identifier: '', path: folder.rel, valid: false, passed: 0, failed: 0 };
    result.rules.push(entry);
    if (exclusions[ruleRel]) {
      result.skipped++;
      continue;
    }
    const doc: unknown = JSON.parse(await readFile(path.join(folder.dir, 'rule.json'), 'utf8'));
    const validation = validateRule(doc);
    entry.identifier = (doc as { Identifier?: string }).Identifier ?? folder.rel;
    entry.valid = validation.rule !== undefined;
    record(entry.valid, {
      file: ruleRel,
      name: 'rule validates',
      expected: [],
      got: validation.findings.map((f) => `${f.code}: ${f.message}`),
    });
    const rule = validation.rule;
    const testsDir = path.join(folder.dir, 'tests');
    if (!existsSync(testsDir)) continue;
    const names = (await readdir(testsDir)).filter((n) => n.endsWith('.json')).sort();
    for (const name of names) {
      const rel = path.join(folder.rel, 'tests', name);
      if (exclusions[rel]) {
        result.skipped++;
        continue;
      }
      const test = JSON.parse(await readFile(path.join(testsDir, name), 'utf8')) as RuleTestFile;
      const external: RuleExternal = { ...(test.external ?? {}) };
      if (!external.valueSets && valueSets) external.valueSets = valueSets;
      // An invalid rule is still run (unvalidated) so its tests report something useful.
      const runnable = rule ?? (doc as BusinessRule);
      const [outcome] = evaluateRules([runnable], { payload: test.payload, external });
      const got = outcome?.status === 'open' ? `open (${outcome.error?.message})` : outcome?.status;
      const ok = outcome?.status === (test.expected ? 'passed' : 'failed');
      if (ok) entry.passed++;
      else entry.failed++;
      record(ok, {
        file: rel,
        ...(test.name !== undefined ? { name: test.name } : {}),
        expected: test.expected ? 'passed' : 'failed',
        got,
      });
    }
  }
  return result;
}

/**
 * Runs the EU business-rule test data in `dir` (`<CC>/<RuleId>/rule.json` with
 * `tests/testNNN.json`, and `valuesets/`): every rule must validate and every test must give
 * its expected result. Entries of {@link RULES_VECTOR_EXCLUSIONS} are counted as skipped.
 */
export async function runRulesConformance(dir: string): Promise<ConformanceResult> {
  const { passed, failed, skipped, failures } = await runRuleFolders(dir);
  return { passed, failed, skipped, failures };
}

/** Timing of {@link benchRuleSet}. */
export interface RuleSetBench {
  rules: number;
  iterations: number;
  /** Mean wall time to evaluate the whole rule set once, in microseconds. */
  microsPerRuleSet: number;
  /** Mean per rule, in microseconds. */
  microsPerRule: number;
}

const BENCH_PAYLOAD = {
  ver: '1.3.0',
  nam: { fn: 'Kim', fnt: 'KIM', gn: 'Min-jun', gnt: 'MIN<JUN' },
  dob: '1990-04-12',
  v: [
    {
      tg: '840539006',
      vp: 'J07BX03',
      mp: 'EU/1/20/1528',
      ma: 'ORG-100030215',
      dn: 2,
      sd: 2,
      dt: '2021-06-01',
      co: 'KR',
      is: 'Korea Disease Control and Prevention Agency',
      ci: 'URN:UVCI:01:KR:ABCDEF123456#7',
    },
  ],
};

/**
 * Micro-benchmark (not a test): evaluates ~20 rules against one vaccination payload many times
 * and reports the mean cost. With `dir` (the business-rules folder), the first 20 valid rules
 * found there are used together with the CN/KR examples; otherwise the examples alone.
 */
export async function benchRuleSet(dir?: string, iterations = 2_000): Promise<RuleSetBench> {
  const rules: BusinessRule[] = [...FAST_TRACK_RULES];
  let valueSets: Record<string, string[]> = {};
  if (dir) {
    valueSets = (await loadValueSets(dir)) ?? {};
    for (const folder of await findRuleFolders(dir)) {
      if (rules.length >= 20 + FAST_TRACK_RULES.length) break;
      const doc: unknown = JSON.parse(await readFile(path.join(folder.dir, 'rule.json'), 'utf8'));
      const { rule } = validateRule(doc);
      if (rule) rules.push(rule);
    }
    rules.splice(0, rules.length - 20);
  }
  const input = {
    payload: BENCH_PAYLOAD,
    external: {
      validationClock: '2021-07-15T10:00:00Z',
      validationDayStart: '2021-07-15T00:00:00+09:00',
      valueSets,
      countryCode: 'KR',
    },
  };
  for (let i = 0; i < 200; i++) evaluateRules(rules, input);
  const start = performance.now();
  for (let i = 0; i < iterations; i++) evaluateRules(rules, input);
  const micros = ((performance.now() - start) * 1000) / iterations;
  return {
    rules: rules.length,
    iterations,
    microsPerRuleSet: micros,
    microsPerRule: micros / Math.max(1, rules.length),
  };
}
