import { utf8Decode } from '../lib/bytes.js';
import type { Report } from '../report/report.js';
import { ShcTrust } from './trust.js';
import { shcIssuersFromLayout } from './trust-layout.js';
import { verifyShc } from './verify.js';

/** The fields of a format-manifest entry (shared vectors README) that an SHC run needs. */
export interface ShcManifestEntry {
  /** The QR text file; with `parts`, every QR text file in scan order. */
  file: string;
  parts?: readonly string[];
  /** Trust files, laid out as published (`issuers/<host path>/.well-known/...`). */
  trust: readonly string[];
  /** The verification instant (ISO 8601). */
  at: string;
}

/**
 * Verifies one entry of a SMART Health Card conformance manifest: its `trust` files become an
 * `ShcTrust` through the published layout (a file outside `issuers/` is bound to no issuer and
 * left out), its QR text file(s) are read as UTF-8, and the card is verified at `at`. `read`
 * returns a file of the manifest's folder by its manifest path, so the function stays free of
 * I/O: the test suite and `corridor conformance formats` pass their own reader.
 *
 * @example
 * const report = await verifyShcManifestEntry(entry, (p) => readFileSync(join(dir, p)));
 */
export async function verifyShcManifestEntry(
  entry: ShcManifestEntry,
  read: (path: string) => Uint8Array,
): Promise<Report> {
  const { issuers } = shcIssuersFromLayout(
    entry.trust.map((p) => ({ path: p, content: utf8Decode(read(p)) })),
  );
  const trust = await ShcTrust.create({ issuers });
  const texts = (entry.parts ?? [entry.file]).map((p) => utf8Decode(read(p)));
  return verifyShc(texts.length === 1 ? texts[0]! : texts, { trust, at: new Date(entry.at) });
}
