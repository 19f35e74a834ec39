/**
 * DIVOC trust for one entry of a format conformance manifest (the shared vectors' layout): the
 * entry's key files (mapped to verification methods by `key_ids`) and context files (mapped to
 * URLs by `contexts/index.json`). Free of I/O: `read` gives a file of the manifest's folder.
 */

import { utf8Decode } from '../lib/bytes.js';
import type { Report } from '../report/report.js';
import { DivocTrust } from './trust.js';
import { verifyDivoc } from './verify.js';

/** The fields of a manifest entry a DIVOC run needs. */
export interface DivocManifestEntry {
  file: string;
  trust: readonly string[];
  at: string;
  key_ids?: Record<string, string>;
  contexts?: readonly string[];
}

/** Builds the entry's `DivocTrust`: its keys and, under their URLs, its context files. */
export async function divocTrustForEntry(
  entry: DivocManifestEntry,
  read: (path: string) => Uint8Array,
): Promise<DivocTrust> {
  const keys = entry.trust.map((file) => {
    const verificationMethod = entry.key_ids?.[file];
    if (!verificationMethod) throw new Error(`${file} has no key_ids entry`);
    const text = utf8Decode(read(file));
    return text.includes('BEGIN PUBLIC KEY')
      ? { verificationMethod, publicKeyPem: text }
      : { verificationMethod, publicKeyBase58: text.trim() };
  });
  const contexts: Record<string, unknown> = {};
  const index = entry.contexts?.find((f) => f.endsWith('index.json'));
  if (index) {
    const urls = JSON.parse(utf8Decode(read(index))) as Record<string, string>;
    for (const [url, file] of Object.entries(urls)) {
      if (entry.contexts?.includes(file)) contexts[url] = read(file);
    }
  }
  return DivocTrust.create({ keys, contexts });
}

/** Verifies one DIVOC manifest entry. */
export const verifyDivocEntry = async (
  entry: DivocManifestEntry,
  read: (path: string) => Uint8Array,
): Promise<Report> =>
  verifyDivoc(read(entry.file), {
    trust: await divocTrustForEntry(entry, read),
    at: new Date(entry.at),
  });
