import { readFile } from 'node:fs/promises';
import type { Finding } from '@corridor/core/report';
import { validateRule } from '@corridor/core/rules';
import { type RuleFolderResult, runRuleFolders } from '../conformance/rules.js';
import { unreadableFile } from '../lib/usage.js';

/** The outcome of `corridor rules validate <file>`. */
export interface RulesValidateResult {
  file: string;
  /** True when the file parsed and every rule in it is valid. */
  valid: boolean;
  /** Set when the file could not be read or is not JSON. */
  error?: string;
  rules: { identifier: string; version?: string; valid: boolean; findings: Finding[] }[];
}

/**
 * Validates a rule file: one rule document, or an array of them (a rule set). Duplicate
 * Identifier+Version pairs within a set are reported as invalid.
 */
export async function rulesValidate(file: string): Promise<RulesValidateResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw unreadableFile('rule file', file, error);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { file, valid: false, error: (error as Error).message, rules: [] };
  }
  const docs = Array.isArray(parsed) ? parsed : [parsed];
  const seen = new Set<string>();
  const rules = docs.map((doc, i) => {
    const { rule, findings } = validateRule(doc);
    const d = (doc ?? {}) as { Identifier?: unknown; Version?: unknown };
    const identifier = typeof d.Identifier === 'string' ? d.Identifier : `#${i + 1}`;
    const version = typeof d.Version === 'string' ? d.Version : undefined;
    let valid = rule !== undefined;
    const key = `${identifier}@${version}`;
    if (seen.has(key)) {
      valid = false;
      findings.push({
        code: 'RULE_INVALID',
        layer: 'rules',
        severity: 'error',
        message: `Rule ${identifier} version ${version} appears more than once in the set.`,
        params: { identifier, field: 'Version', reason: 'is duplicated in the set' },
      });
    }
    seen.add(key);
    return { identifier, ...(version ? { version } : {}), valid, findings };
  });
  return { file, valid: rules.every((r) => r.valid), rules };
}

/**
 * Tests rules against their test cases: `dir` is one rule folder (`rule.json` + `tests/`) or a
 * tree of them, like the EU business-rule test data. Returns the tally, failures and per-rule
 * summary (see `runRuleFolders`).
 */
export async function rulesTest(dir: string): Promise<RuleFolderResult> {
  return runRuleFolders(dir);
}
