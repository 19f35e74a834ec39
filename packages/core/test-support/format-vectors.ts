/**
 * Reads a shared-vectors `manifest.json` (`../shared/vectors/<format>/`, fields described in
 * each folder's README) and runs every entry through a format's verifier, returning one
 * `{file, expected, got, code}` per entry. Format suites assert on it; the conformance command
 * (`corridor conformance formats DIR`) can print it. Node-only (reads files).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Report } from '../src/report/report.js';

/** One manifest entry, as the vector READMEs define it. */
export interface FormatVectorEntry {
  file: string;
  parts?: string[];
  format: string;
  trust: string[];
  at: string;
  expect: 'valid' | 'invalid';
  why?: string;
  source?: string;
  checked?: boolean;
  uncertain?: boolean;
  note?: string;
  derived?: string;
  key_ids?: Record<string, string>;
  contexts?: string[];
}

/** What a verifier is given for one entry: the entry, its folder, and a file reader. */
export interface FormatVectorCase {
  entry: FormatVectorEntry;
  dir: string;
  /** The bytes of a file named relative to the manifest's folder. */
  read(file: string): Uint8Array;
  at: Date;
}

/** The outcome for one entry. */
export interface FormatVectorResult {
  file: string;
  expected: 'valid' | 'invalid';
  got: 'valid' | 'invalid' | 'error';
  /** The first error finding's code (or the thrown error's message when `got` is `error`). */
  code?: string;
  uncertain: boolean;
  report?: Report;
}

/** The entries of `<dir>/manifest.json`. */
export function readFormatManifest(dir: string): FormatVectorEntry[] {
  const entries = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as unknown;
  if (!Array.isArray(entries)) throw new TypeError(`${dir}/manifest.json is not an array`);
  return entries as FormatVectorEntry[];
}

/**
 * Runs every manifest entry through `verify` and compares with `expect`. A verifier that
 * throws gives `got: 'error'` (a bug: verifiers never throw on input).
 */
export async function runFormatVectors(
  dir: string,
  verify: (vector: FormatVectorCase) => Promise<Report>,
): Promise<FormatVectorResult[]> {
  const read = (file: string) => new Uint8Array(readFileSync(path.join(dir, file)));
  const results: FormatVectorResult[] = [];
  for (const entry of readFormatManifest(dir)) {
    const base = { file: entry.file, expected: entry.expect, uncertain: entry.uncertain === true };
    try {
      const report = await verify({ entry, dir, read, at: new Date(entry.at) });
      const error = report.findings.find((f) => f.severity === 'error');
      results.push({
        ...base,
        got: report.status,
        ...(error ? { code: error.code } : {}),
        report,
      });
    } catch (error) {
      results.push({ ...base, got: 'error', code: String((error as Error).message) });
    }
  }
  return results;
}
