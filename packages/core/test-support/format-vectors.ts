/**
 * Reads the shared format manifests (`../shared/vectors/{shc,nzcp,vds-nc,divoc}/manifest.json`,
 * fields described in each folder's README.md) and runs them through a format's verifier,
 * giving one `{file, expected, got, code}` per entry: the shape `corridor conformance formats`
 * prints. Format-agnostic; each format supplies the function that verifies one entry.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Report } from '../src/report/report.js';

/** One entry of a format manifest (the fields every format shares, plus DIVOC's). */
export interface FormatManifestEntry {
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
  /** DIVOC: key file → the `proof.verificationMethod` it is published for. */
  key_ids?: Record<string, string>;
  /** DIVOC: JSON-LD context files to serve offline (`contexts/index.json` maps URL → file). */
  contexts?: string[];
}

/** How one entry came out. `got` is `error` when the verifier threw (always a bug). */
export interface FormatOutcome {
  file: string;
  expected: 'valid' | 'invalid';
  got: 'valid' | 'invalid' | 'error';
  /** The first error finding's code (or the thrown error's message). */
  code?: string;
  uncertain: boolean;
  /** The full report, for assertions beyond the status. */
  report?: Report;
}

/** Verifies one entry; `read` gives a file of the manifest's folder as bytes. */
export type EntryVerifier = (
  entry: FormatManifestEntry,
  read: (relative: string) => Uint8Array,
) => Promise<Report>;

/** The entries of `dir/manifest.json`. */
export function readFormatManifest(dir: string): FormatManifestEntry[] {
  const entries = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as unknown;
  if (!Array.isArray(entries)) throw new Error(`${dir}/manifest.json is not an array`);
  return entries as FormatManifestEntry[];
}

/** Runs every entry of `dir/manifest.json` through `verifyEntry`, in order. */
export async function runFormatManifest(
  dir: string,
  verifyEntry: EntryVerifier,
): Promise<FormatOutcome[]> {
  const read = (relative: string) => {
    const resolved = path.resolve(dir, relative);
    if (!resolved.startsWith(path.resolve(dir) + path.sep)) {
      throw new Error(`${relative} leaves the vector folder`);
    }
    return new Uint8Array(readFileSync(resolved));
  };
  const outcomes: FormatOutcome[] = [];
  for (const entry of readFormatManifest(dir)) {
    const base = { file: entry.file, expected: entry.expect, uncertain: entry.uncertain === true };
    try {
      const report = await verifyEntry(entry, read);
      const firstError = report.findings.find((f) => f.severity === 'error');
      outcomes.push({
        ...base,
        got: report.status,
        ...(firstError ? { code: firstError.code } : {}),
        report,
      });
    } catch (error) {
      outcomes.push({ ...base, got: 'error', code: (error as Error).message });
    }
  }
  return outcomes;
}
