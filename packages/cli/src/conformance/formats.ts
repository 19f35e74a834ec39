import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { divocTrustForEntry } from '@corridor/core/divoc';
import { utf8Decode } from '@corridor/core/lib';
import { NzcpTrust } from '@corridor/core/nzcp';
import type { Report } from '@corridor/core/report';
import { ShcTrust, shcIssuersFromLayout, verifyShc } from '@corridor/core/shc';
import type { FormatTrust, TrustSource } from '@corridor/core/trust';
import { VdsNcTrust } from '@corridor/core/vds-nc';
import { verify } from '@corridor/core/verify';

/** The formats whose shared manifests this runner reads (one folder each). */
export const CONFORMANCE_FORMATS = ['shc', 'nzcp', 'vds-nc', 'divoc'] as const;
export type ConformanceFormat = (typeof CONFORMANCE_FORMATS)[number];

/** One entry of a format `manifest.json` (fields described in each vectors folder's README). */
export interface ManifestEntry {
  file: string;
  parts?: string[];
  format: string;
  trust: string[];
  at: string;
  expect: 'valid' | 'invalid';
  why?: string;
  uncertain?: boolean;
  note?: string;
  key_ids?: Record<string, string>;
  contexts?: string[];
}

/** How one entry came out where it disagrees with the manifest. */
export interface FormatFailure {
  format: string;
  file: string;
  expected: 'valid' | 'invalid';
  got: 'valid' | 'invalid' | 'error';
  /** The first error finding (or the message of a thrown error: always a bug). */
  code?: string;
}

/** What `corridor conformance formats --json` prints. */
export interface FormatsResult {
  passed: number;
  failed: number;
  failures: FormatFailure[];
  /** Per format: entries, agreements, and how many are marked `uncertain` in the manifest. */
  formats: Record<string, { entries: number; passed: number; uncertain: number }>;
}

/**
 * The trust an entry names, each file read in its format's published form: SHC JWK sets and
 * CRLs by their `issuers/<host>/.well-known/` layout (keys anywhere else are bound to no
 * issuer), NZCP DID documents (the issuers of the listed documents are the trusted ones),
 * VDS-NC CSCAs (`.der`) and CRLs (`.crl`), DIVOC keys by `key_ids` with their contexts.
 */
async function trustForEntry(
  format: ConformanceFormat,
  entry: ManifestEntry,
  read: (p: string) => Uint8Array,
): Promise<FormatTrust> {
  if (format === 'shc') {
    const files = entry.trust.map((p) => ({ path: p, content: utf8Decode(read(p)) }));
    return { shc: await ShcTrust.create({ issuers: shcIssuersFromLayout(files).issuers }) };
  }
  if (format === 'nzcp') {
    const didDocuments = entry.trust.map((p) => read(p));
    const trustedIssuers = didDocuments.flatMap((d) => {
      const id = (JSON.parse(utf8Decode(d)) as { id?: unknown }).id;
      return typeof id === 'string' ? [id] : [];
    });
    return { nzcp: await NzcpTrust.create({ didDocuments, trustedIssuers }) };
  }
  if (format === 'vds-nc') {
    return {
      vdsNc: await VdsNcTrust.create({
        cscas: entry.trust.filter((p) => !p.endsWith('.crl')).map(read),
        crls: entry.trust.filter((p) => p.endsWith('.crl')).map(read),
      }),
    };
  }
  return { divoc: await divocTrustForEntry(entry, read) };
}

/**
 * Verifies one manifest entry through the one `verify()` (format chosen by the dispatcher, as a
 * scanner would), with only the entry's trust. A multi-QR SMART Health Card (`parts`) is
 * assembled by the SHC verifier directly, since one scan holds one QR.
 */
export async function verifyManifestEntry(
  format: ConformanceFormat,
  entry: ManifestEntry,
  read: (p: string) => Uint8Array,
): Promise<Report> {
  const formats = await trustForEntry(format, entry, read);
  const trust: TrustSource = { lookup: () => [], formats };
  const at = new Date(entry.at);
  if (entry.parts && entry.parts.length > 1) {
    return verifyShc(
      entry.parts.map((p) => utf8Decode(read(p))),
      { trust: formats.shc!, at },
    );
  }
  const bytes = read(entry.file);
  // NZCP files end with a newline the QR does not hold; every other file is byte-exact.
  const input =
    format === 'nzcp' ? utf8Decode(bytes).trim() : format === 'divoc' ? bytes : utf8Decode(bytes);
  return verify(input, { trust, at });
}

/**
 * Runs every format manifest under `dir` (`dir/<format>/manifest.json`, or `dir` itself when it
 * is one format's folder) and compares each entry's outcome with the manifest's `expect`.
 */
export async function runFormatsConformance(dir: string): Promise<FormatsResult> {
  const folders: [ConformanceFormat, string][] = [];
  const own = path.basename(path.resolve(dir)) as ConformanceFormat;
  if (CONFORMANCE_FORMATS.includes(own) && readdirSync(dir).includes('manifest.json')) {
    folders.push([own, dir]);
  } else {
    for (const format of CONFORMANCE_FORMATS) {
      const sub = path.join(dir, format);
      try {
        if (readdirSync(sub).includes('manifest.json')) folders.push([format, sub]);
      } catch {
        // no such folder: that format is not in this set
      }
    }
  }
  const result: FormatsResult = { passed: 0, failed: 0, failures: [], formats: {} };
  for (const [format, folder] of folders) {
    const entries = JSON.parse(
      readFileSync(path.join(folder, 'manifest.json'), 'utf8'),
    ) as ManifestEntry[];
    const stats = { entries: entries.length, passed: 0, uncertain: 0 };
    const read = (p: string) => new Uint8Array(readFileSync(path.join(folder, p)));
    for (const entry of entries) {
      if (entry.uncertain) stats.uncertain++;
      let got: FormatFailure['got'];
      let code: string | undefined;
      try {
        const report = await verifyManifestEntry(format, entry, read);
        got = report.status;
        code = report.findings.find((f) => f.severity === 'error')?.code;
      } catch (error) {
        got = 'error';
        code = (error as Error).message;
      }
      if (got === entry.expect) {
        stats.passed++;
        result.passed++;
      } else {
        result.failed++;
        result.failures.push({
          format,
          file: entry.file,
          expected: entry.expect,
          got,
          ...(code ? { code } : {}),
        });
      }
    }
    result.formats[format] = stats;
  }
  return result;
}
