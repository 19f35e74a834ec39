import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TrustListEntry } from '../src/interop/entry.js';
import { publicKeyParts } from '../src/interop/jwk.js';
import { fromBase64, toHex } from '../src/lib/bytes.js';
import { readDsc } from '../src/x509/dsc.js';

/** A dgc-testdata vector that carries a DSC: its code and its validation clock. */
export interface DscVector {
  name: string;
  prefix: string;
  certificate: string;
  clock: Date;
}

/** Every dgc-testdata vector under `root` that carries a DSC. */
export function loadDscVectors(root: string): DscVector[] {
  const out: DscVector[] = [];
  for (const country of readdirSync(root).sort()) {
    const dir = path.join(root, country, '2DCode', 'raw');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith('.json')) continue;
      try {
        const v = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
        const ctx = v?.TESTCTX;
        if (typeof ctx?.CERTIFICATE !== 'string' || typeof v.PREFIX !== 'string') continue;
        out.push({
          name: `${country}/${file}`,
          prefix: v.PREFIX,
          certificate: ctx.CERTIFICATE,
          clock: new Date(ctx.VALIDATIONCLOCK),
        });
      } catch {
        // a vector that is not JSON is tested elsewhere
      }
    }
  }
  return out;
}

export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data as BufferSource));
}

/**
 * One trust-list entry per distinct, usable DSC of the vectors (EC and RSA), with `extra`
 * fields (a domain, a timestamp) added to each.
 */
export async function entriesFromVectors(
  vectors: DscVector[],
  extra: Partial<TrustListEntry> = {},
): Promise<TrustListEntry[]> {
  const seen = new Set<string>();
  const entries: TrustListEntry[] = [];
  for (const v of vectors) {
    const der = fromBase64(v.certificate);
    const digest = await sha256(der);
    const thumbprint = toHex(digest);
    if (seen.has(thumbprint)) continue;
    seen.add(thumbprint);
    let dsc: ReturnType<typeof readDsc>;
    try {
      dsc = readDsc(der);
    } catch {
      continue;
    }
    if (!dsc.country || !/^[A-Z]{2}$/.test(dsc.country) || !publicKeyParts(dsc)) continue;
    entries.push({
      country: dsc.country,
      kind: 'DSC',
      kid: digest.slice(0, 8),
      certificate: der,
      thumbprint,
      ...extra,
    });
  }
  return entries;
}
