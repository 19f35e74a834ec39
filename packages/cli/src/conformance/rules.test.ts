import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { vectorsDir } from '../../../core/test-support/vectors.js';
import { rulesTest, rulesValidate } from '../commands/rules.js';
import { MissingFileError } from '../lib/usage.js';
import { benchRuleSet, RULES_VECTOR_EXCLUSIONS, runRulesConformance } from './rules.js';

const dir = vectorsDir('business-rules');

describe.skipIf(!dir)('EU business-rule test data conformance', () => {
  it('validates every rule and gives every test its expected result', async () => {
    const result = await runRulesConformance(dir as string);
    expect(result.failures).toEqual([]);
    expect(result.failed).toBe(0);
    expect(Object.keys(RULES_VECTOR_EXCLUSIONS)).toEqual([]);
    // 93 rules + 560 tests.
    expect(result.passed).toBe(653);
  });

  it('rulesValidate accepts a single rule file of the test data', async () => {
    const result = await rulesValidate(`${dir}/EU/VR-EU-0001/rule.json`);
    expect(result.valid).toBe(true);
    expect(result.rules.map((r) => r.identifier)).toEqual(['VR-EU-0001']);
  });

  it('rulesTest runs one rule folder and summarises it', async () => {
    const result = await rulesTest(`${dir}/EU/TR-EU-0005`);
    expect(result.failed).toBe(0);
    expect(result.rules).toHaveLength(1);
    expect(result.rules[0]).toMatchObject({ identifier: 'TR-EU-0005', valid: true, failed: 0 });
  });

  it('benchRuleSet measures a rule set of about 20 rules', async () => {
    const bench = await benchRuleSet(dir, 50);
    expect(bench.rules).toBe(20);
    expect(bench.microsPerRuleSet).toBeGreaterThan(0);
  });
});

describe('rulesValidate on broken input', () => {
  it('reports a file that is not JSON instead of throwing', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'corridor-rules-')), 'rule.json');
    writeFileSync(file, '{ not json');
    const result = await rulesValidate(file);
    expect(result.valid).toBe(false);
    expect(result.error).toBeDefined();
  });

  it('says a file that does not exist is missing (a usage error, not an invalid rule)', async () => {
    await expect(rulesValidate('/nonexistent/rule.json')).rejects.toBeInstanceOf(MissingFileError);
  });
});
