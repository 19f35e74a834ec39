import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { nodeCryptoProvider } from '@corridor/core/crypto/node';
import { benchRuleSet } from '../conformance/rules.js';
import { loadBenchCases } from './verify.js';

/** The result of `corridor bench rules`. */
export interface RulesBench {
  /** Rules in the evaluated set (about 20). */
  rules: number;
  /** Mean microseconds to evaluate the whole set against one vaccination certificate. */
  micros_per_rule_set: number;
  micros_per_rule: number;
  /** Mean microseconds of one bare node:crypto ES256 signature verification of a vector. */
  micros_per_es256_verify: number;
  /** Rule-set evaluation cost in signature checks. */
  rule_set_per_signature: number;
}

/**
 * Measures the cost of evaluating a destination's rule set (~20 rules: the CN/KR examples and
 * the first EU test-data rules, see `benchRuleSet`) against one certificate, beside the cost of
 * one bare ES256 signature check (node:crypto, pre-imported key) of a dgc-testdata vector.
 */
export async function benchRules(
  rulesDir: string | undefined,
  dgcDir: string,
  options: { seconds?: number } = {},
): Promise<RulesBench> {
  const seconds = options.seconds ?? 1;
  const dir = rulesDir && existsSync(rulesDir) ? rulesDir : undefined;
  // Warm-up run, then one timed run sized to roughly `seconds`.
  const probe = await benchRuleSet(dir, 2_000);
  const iterations = Math.max(2_000, Math.round((seconds * 1e6) / 2 / probe.microsPerRuleSet));
  const ruleSet = await benchRuleSet(dir, iterations);

  const cases = (await loadBenchCases(dgcDir)).ES256;
  if (cases.length === 0) throw new Error(`no valid ES256 codes under ${dgcDir}`);
  const crypto = nodeCryptoProvider();
  const check = () => {
    for (const c of cases) {
      if (!crypto.verify('ES256', c.raw.key, c.raw.data, c.raw.signature))
        throw new Error('bare verification failed');
    }
  };
  for (let i = 0; i < 50; i++) check();
  let ops = 0;
  const start = performance.now();
  const until = start + (seconds * 1000) / 2;
  let now = start;
  while (now < until) {
    check();
    ops += cases.length;
    now = performance.now();
  }
  const microsPerSignature = ((now - start) * 1000) / ops;
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    rules: ruleSet.rules,
    micros_per_rule_set: round(ruleSet.microsPerRuleSet),
    micros_per_rule: round(ruleSet.microsPerRule),
    micros_per_es256_verify: round(microsPerSignature),
    rule_set_per_signature: round(ruleSet.microsPerRuleSet / microsPerSignature),
  };
}
