import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { type EuValueSet, parseEuValueSet } from '@corridor/core/dcc';
import type { Policy } from '@corridor/core/policy';
import { parsePolicy } from '@corridor/core/policy';
import type { BusinessRule, Destination, RuleValueSets } from '@corridor/core/rules';
import { validateRule } from '@corridor/core/rules';
import { MissingFileError, UsageError, unreadableFile } from './usage.js';

/** `--destination CC[-REGION]` as a destination (country upper-cased). */
export function parseDestination(text: string): Destination {
  const match = /^([A-Za-z]{2})(?:-([A-Za-z0-9]{1,10}))?$/.exec(text);
  if (!match) throw new UsageError(`--destination "${text}" is not CC or CC-REGION`);
  const destination: Destination = { country: match[1]!.toUpperCase() };
  if (match[2]) destination.region = match[2];
  return destination;
}

async function readJson(file: string, what: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw unreadableFile(what, file, error);
  }
}

/** Every `rule.json` below `dir` (`<CC>/<RuleId>/rule.json`, as the EU test data lays them out). */
async function ruleFiles(dir: string, depth = 0): Promise<string[]> {
  if (depth > 4) return [];
  const found: string[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  for (const entry of entries) {
    const sub = path.join(dir, entry.name);
    if (entry.isFile() && entry.name === 'rule.json') found.push(sub);
    else if (entry.isDirectory() && entry.name !== 'tests')
      found.push(...(await ruleFiles(sub, depth + 1)));
  }
  return found;
}

/**
 * Reads `--rules`: a JSON file holding one rule or an array of rules (EU format), or a folder
 * of `<CC>/<RuleId>/rule.json`. Every rule must validate; an invalid one is a usage error
 * naming it and the first problem.
 */
export async function loadRules(source: string): Promise<BusinessRule[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(source);
  } catch {
    throw new MissingFileError(source);
  }
  const docs: { file: string; doc: unknown }[] = [];
  if (info.isDirectory()) {
    for (const file of await ruleFiles(source))
      docs.push({ file, doc: await readJson(file, 'rule') });
    if (docs.length === 0)
      throw new UsageError(`--rules ${source} holds no <CC>/<RuleId>/rule.json`);
  } else {
    const parsed = await readJson(source, 'rule file');
    for (const doc of Array.isArray(parsed) ? parsed : [parsed]) docs.push({ file: source, doc });
  }
  return docs.map(({ file, doc }) => {
    const { rule, findings } = validateRule(doc);
    if (!rule) {
      const id = (doc as { Identifier?: unknown })?.Identifier;
      throw new UsageError(
        `rule ${typeof id === 'string' ? id : '?'} in ${file} is invalid: ${findings[0]?.message ?? 'unknown problem'}`,
      );
    }
    return rule;
  });
}

/**
 * Reads `--valuesets DIR`: every `*.json` in it is either an EU value set
 * (`{ valueSetId, valueSetDate, valueSetValues }`) or a map id → codes (like the EU rule test
 * data's `valueSets.json`); the two are merged into one map. Without `--valuesets`, a rules
 * folder's `valuesets/valueSets.json` is used when present.
 */
export async function loadValueSets(
  dir: string | undefined,
  rulesSource: string | undefined,
): Promise<RuleValueSets | undefined> {
  if (dir === undefined) {
    const beside = rulesSource && path.join(rulesSource, 'valuesets', 'valueSets.json');
    if (beside && existsSync(beside))
      return (await readJson(beside, 'value sets')) as RuleValueSets;
    return undefined;
  }
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    throw unreadableFile('--valuesets', dir, error);
  }
  const map: Record<string, string[]> = {};
  for (const name of names) {
    const json = await readJson(path.join(dir, name), 'value set');
    if (json && typeof json === 'object' && 'valueSetId' in json) {
      const set = parseEuValueSet(json);
      if (!set.ok) throw new UsageError(`${name}: ${set.params?.reason ?? 'malformed value set'}`);
      const eu: EuValueSet = set.value;
      map[eu.valueSetId] = Object.keys(eu.valueSetValues);
    } else if (json && typeof json === 'object' && !Array.isArray(json)) {
      for (const [id, codes] of Object.entries(json)) {
        if (Array.isArray(codes) && codes.every((c) => typeof c === 'string')) map[id] = codes;
      }
    }
  }
  return map;
}

/** Reads and checks `--policy FILE`. */
export async function loadPolicy(file: string): Promise<Policy> {
  const parsed = parsePolicy(await readJson(file, 'policy'));
  if (!parsed.ok) throw new UsageError(`policy ${file} is malformed: ${parsed.params?.reason}`);
  return parsed.value;
}
