/**
 * The DIVOC entry verifier for `runFormatManifest` (see format-vectors.ts): trust from the
 * entry's key files (mapped to verification methods by `key_ids`) and context files (mapped
 * to URLs by `contexts/index.json`), the QR content byte-exact, the clock at `at`.
 */

import { DivocTrust } from '../src/divoc/trust.js';
import { verifyDivoc } from '../src/divoc/verify.js';
import { utf8Decode } from '../src/lib/bytes.js';
import type { EntryVerifier } from './format-vectors.js';

/** Builds the entry's `DivocTrust`: its keys and, under their URLs, its context files. */
export async function divocTrustForEntry(
  entry: Parameters<EntryVerifier>[0],
  read: Parameters<EntryVerifier>[1],
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
export const verifyDivocEntry: EntryVerifier = async (entry, read) =>
  verifyDivoc(read(entry.file), {
    trust: await divocTrustForEntry(entry, read),
    at: new Date(entry.at),
  });
