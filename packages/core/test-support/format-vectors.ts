/**
 * Runs a credential-format `manifest.json` of the shared vectors (`shc/`, `nzcp/`, `vds-nc/`,
 * `divoc/`; fields described in each folder's README.md) through a verifier and compares
 * every entry's outcome with the one expected. Format-neutral: the caller turns an entry into
 * a `Report` (reading its `file`/`parts` and `trust` files through `read`). Meant to be reused
 * by `corridor conformance formats DIR`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Report } from '../src/report/report.js';

/** One entry of a format manifest, as the vectors README defines it. */
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
  key_ids?: Record<string, string>;
  contexts?: string[];
}

/** How one entry came out. */
export interface FormatVectorResult {
  file: string;
  /** `parts` when the entry has several QR codes (the same `file` can start several entries). */
  parts?: string[];
  expected: 'valid' | 'invalid';
  got: 'valid' | 'invalid' | 'error';
  /** The first error finding's code (or the thrown error's message when `got` is `error`). */
  code?: string;
  uncertain: boolean;
  why?: string;
  report?: Report;
}

/** Reads a file of the manifest's folder by its manifest path. */
export type VectorReader = (relativePath: string) => Uint8Array;

/** The entries of `<dir>/manifest.json`. */
export function readFormatManifest(dir: string): FormatManifestEntry[] {
  const entries = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as unknown;
  if (!Array.isArray(entries)) throw new TypeError(`${dir}/manifest.json is not an array`);
  return entries as FormatManifestEntry[];
}

/**
 * Runs every entry of `<dir>/manifest.json` through `verifyEntry` and reports, per entry,
 * what was expected and what came out. A verifier that throws counts as `got: 'error'` (a
 * verifier must never throw on a vector). Entries run one after another.
 */
export async function runFormatManifest(
  dir: string,
  verifyEntry: (entry: FormatManifestEntry, read: VectorReader) => Promise<Report>,
): Promise<FormatVectorResult[]> {
  const read: VectorReader = (relativePath) =>
    new Uint8Array(readFileSync(path.join(dir, relativePath)));
  const results: FormatVectorResult[] = [];
  for (const entry of readFormatManifest(dir)) {
    const base: FormatVectorResult = {
      file: entry.file,
      expected: entry.expect,
      got: 'error',
      uncertain: entry.uncertain === true,
      ...(entry.parts ? { parts: entry.parts } : {}),
      ...(entry.why ? { why: entry.why } : {}),
    };
    try {
      const report = await verifyEntry(entry, read);
      const code = report.findings.find((f) => f.severity === 'error')?.code;
      results.push({ ...base, got: report.status, ...(code ? { code } : {}), report });
    } catch (error) {
      results.push({ ...base, code: (error as Error).message });
    }
  }
  return results;
}

/** Verifies one entry; `read` gives a file of the manifest's folder as bytes. */
export type EntryVerifier = (entry: FormatManifestEntry, read: VectorReader) => Promise<Report>;
