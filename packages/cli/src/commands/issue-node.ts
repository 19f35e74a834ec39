// The issuing node a bulk issuance signs with: its keys, secret, value sets and stored rows.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { type EuValueSet, parseEuValueSet } from '@corridor/core/dcc';
import { ensureNodeKeys } from '@corridor/server/corridor/keys';
import type { Database } from '@corridor/server/db';
import {
  createIssuanceNode,
  euValueSets,
  type IssuanceNode,
  idempotencyKeyHash,
} from '@corridor/server/issuance';
import { FileKeyStore } from '@corridor/server/keystore';
import { readNodeSecret, secretFile } from '@corridor/server/node/secret';
import { UsageError, unreadableFile } from '../lib/usage.js';
import type { CsvRow } from './issue-rows.js';

/**
 * The issuance account bulk runs issue under; idempotency keys are scoped to it, so a re-run
 * of the same file finds what an earlier run issued.
 */
export const ACCOUNT = 'cli-bulk';

/** Invalid rows that an earlier run already issued are not held against this run. */
export async function forgiveIssued(database: Database, rows: CsvRow[]): Promise<void> {
  const invalid = rows.filter(
    (r) => r.request && r.errors.length > 0 && !r.errors.some((e) => e.code.startsWith('ID_')),
  );
  for (let k = 0; k < invalid.length; k += 500) {
    const chunk = invalid.slice(k, k + 500);
    const hashes = chunk.map((r) => idempotencyKeyHash(ACCOUNT, r.idempotencyKey));
    const found = await database.db
      .selectFrom('issued_certificates')
      .select('idempotency_key_hash')
      .where('idempotency_key_hash', 'in', hashes)
      .execute();
    const known = new Set(found.map((f) => Buffer.from(f.idempotency_key_hash!).toString('hex')));
    chunk.forEach((r, j) => {
      if (known.has(Buffer.from(hashes[j]!).toString('hex'))) r.errors = [];
    });
  }
}

/** The ISO name used as default `is` for the demonstration countries. */
export function issuerName(country: string): string {
  return (
    {
      CN: 'National Health Commission (demo)',
      KR: 'Korea Disease Control and Prevention Agency (demo)',
    }[country] ?? `Ministry of Health ${country}`
  );
}

/** `--valuesets DIR`, else the EU value sets among the test vectors, else none (with a warning). */
export async function loadValueSets(
  dir: string | undefined,
  _log: (l: string) => void,
): Promise<readonly EuValueSet[]> {
  // Without --valuesets: the EU value sets Corridor ships (never the test vectors).
  if (dir === undefined) return euValueSets();
  const folder = dir;
  let names: string[];
  try {
    names = (await readdir(folder)).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    throw unreadableFile('--valuesets', folder, error);
  }
  const sets: EuValueSet[] = [];
  for (const name of names) {
    const parsed = parseEuValueSet(await readFile(path.join(folder, name), 'utf8'));
    if (parsed.ok) sets.push(parsed.value);
  }
  return sets;
}

/**
 * The node's signing key, DSC and secret, in the layout `corridor start` uses: the key store
 * `<data>/<cc>/keys` (passphrase `CORRIDOR_KEY_PASSPHRASE`, else `<data>/dev-passphrase`),
 * keys created when missing; the node secret `<data>/<cc>/node-secret` (or
 * `CORRIDOR_NODE_SECRET`, base64 or hex, ≥ 32 bytes).
 */
export async function loadNode(
  dataDir: string,
  nodeDir: string,
  config: { country: string; issuerName: string; valueSets: readonly EuValueSet[] },
  log: (l: string) => void,
): Promise<IssuanceNode> {
  const passphrase =
    process.env.CORRIDOR_KEY_PASSPHRASE ?? (await secretFile(path.join(dataDir, 'dev-passphrase')));
  const store = new FileKeyStore({ dir: path.join(nodeDir, 'keys'), passphrase });
  const label = `dsc-${config.country.toLowerCase()}-1`;
  let dsc: { label: string; certificate: string; privateKey: CryptoKey };
  if (await store.exists(label)) {
    const record = await store.describe(label);
    dsc = {
      label,
      certificate: String(record.metadata.certificate),
      privateKey: (await store.get(label)).privateKey,
    };
  } else {
    log(`creating the ${config.country} node's keys in ${path.join(nodeDir, 'keys')}`);
    const keys = await ensureNodeKeys(store, config.country, new Date());
    dsc = { label, certificate: keys.dsc.pem, privateKey: keys.dsc.keys.privateKey };
  }
  let nodeSecret: Uint8Array;
  try {
    nodeSecret = await readNodeSecret(nodeDir);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return createIssuanceNode({ ...config, dscs: [dsc], nodeSecret });
}
