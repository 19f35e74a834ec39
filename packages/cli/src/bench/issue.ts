import { randomBytes, sign } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CryptoProvider } from '@corridor/core/crypto';
import { nodeCryptoProvider } from '@corridor/core/crypto/node';
import { type Database, openDatabase } from '@corridor/server/db';
import {
  benchmarkIssuance,
  createIssuanceNode,
  type IssuanceNode,
} from '@corridor/server/issuance';
import { createCsca, createDsc, generateSigningKeyPair } from '@corridor/server/pki';

/** What `corridor bench issue` measured. */
export interface IssueBenchResult {
  engine: 'pglite' | 'postgres';
  count: number;
  /** Sustained issuance as `corridor issue --csv` runs it: batches of 100, two in flight. */
  batched_per_s: number;
  /** One certificate per transaction, 8 concurrent calls (the HTTP API's pattern). */
  single_per_s: number;
  /** Bare ES256 signing (node:crypto, KeyObject) of a same-sized COSE Sig_structure. */
  ecdsa_p256_sign_per_s: number;
  /** `batched_per_s` / `ecdsa_p256_sign_per_s`. */
  ratio: number;
  signed_bytes: number;
  notes: string[];
}

/**
 * Sustained issuance (sign + store + audit, one process) with `benchmarkIssuance`, on
 * embedded PGlite in a temporary folder or on a fresh schema at `url` (dropped afterwards),
 * beside bare ECDSA P-256 signing on the same machine.
 */
export async function benchIssue(
  options: { url?: string; count?: number; onProgress?: (msg: string) => void } = {},
): Promise<IssueBenchResult> {
  const count = options.count ?? 5000;
  const progress = options.onProgress ?? (() => {});
  const bench = await openBenchNode(options.url);
  const { node, database, engine, schema, folder } = bench;
  try {
    progress(`issuance on ${engine}: warming up`);
    await benchmarkIssuance(database.db, node, 500, { batchSize: 100, concurrency: 2 });
    progress(`issuance on ${engine}: ${count} certificates in batches of 100`);
    const batched = await benchmarkIssuance(database.db, node, count, {
      batchSize: 100,
      concurrency: 2,
    });
    progress(`issuance on ${engine}: ${Math.min(count, 3000)} certificates one per transaction`);
    const single = await benchmarkIssuance(database.db, node, Math.min(count, 3000), {
      concurrency: 8,
    });
    progress('bare ECDSA P-256 signing');
    const keyObject = (await node.signers.select('vaccination', new Date())).privateKey;
    const data = randomBytes(bench.signedBytes());
    for (let i = 0; i < 500; i++)
      sign('sha256', data, { key: keyObject, dsaEncoding: 'ieee-p1363' });
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < 2000) {
      for (let i = 0; i < 100; i++)
        sign('sha256', data, { key: keyObject, dsaEncoding: 'ieee-p1363' });
      n += 100;
    }
    const signPerS = n / ((performance.now() - start) / 1000);
    return {
      engine,
      count,
      batched_per_s: Math.round(batched.perSecond),
      single_per_s: Math.round(single.perSecond),
      ecdsa_p256_sign_per_s: Math.round(signPerS),
      ratio: Number((batched.perSecond / signPerS).toFixed(3)),
      signed_bytes: bench.signedBytes(),
      notes: [
        'each certificate: validation, HC1 (CBOR, COSE ES256, deflate, base45), sealed text, one row and one hash-chained audit entry',
        'batched: one transaction per 100 certificates; nothing is returned before its transaction commits',
        engine === 'postgres'
          ? `schema ${schema} dropped afterwards`
          : `PGlite in ${folder}, removed afterwards`,
      ],
    };
  } finally {
    await bench.close();
  }
}

/** A CN issuing node with one ES256 DSC on a fresh store, as the issuance benchmarks use it. */
export interface BenchNode {
  node: IssuanceNode;
  database: Database;
  engine: 'pglite' | 'postgres';
  schema: string;
  folder: string | undefined;
  /** Bytes of the last COSE Sig_structure signed. */
  signedBytes(): number;
  /** Drops the schema (PostgreSQL) or removes the folder (PGlite). */
  close(): Promise<void>;
}

/**
 * A CN node (fresh CSCA and DSC) on embedded PGlite in a temporary folder, or on a fresh schema
 * at `url`.
 */
export async function openBenchNode(url?: string): Promise<BenchNode> {
  const now = new Date();
  const csca = await createCsca({
    country: 'CN',
    commonName: 'Bench CSCA',
    keys: await generateSigningKeyPair('ES256'),
    now,
  });
  const dscKeys = await generateSigningKeyPair('ES256');
  const dsc = await createDsc({
    csca: { certificate: csca.der, privateKey: csca.keys.privateKey },
    country: 'CN',
    commonName: 'Bench DSC',
    usages: ['vaccination', 'test', 'recovery'],
    keys: dscKeys,
    now,
  });
  let signedBytes = 0;
  const base = nodeCryptoProvider();
  const crypto: CryptoProvider = {
    ...base,
    sign: async (alg, key, data) => {
      signedBytes = data.length;
      return base.sign(alg, key, data);
    },
  };
  const node = await createIssuanceNode({
    country: 'CN',
    issuerName: 'Bench Ministry of Health',
    dscs: [{ label: 'dsc-bench', certificate: dsc.der, privateKey: dscKeys.privateKey }],
    nodeSecret: randomBytes(32),
    crypto,
  });
  const engine = url ? 'postgres' : 'pglite';
  const schema = `corridor_bench_issue_${randomBytes(5).toString('hex')}`;
  const folder = url ? undefined : await mkdtemp(path.join(tmpdir(), 'corridor-bench-issue-'));
  const database = await openDatabase(url ? { url, schema, poolSize: 10 } : { dataDir: folder! });
  return {
    node,
    database,
    engine,
    schema,
    folder,
    signedBytes: () => signedBytes,
    close: async () => {
      if (url) await database.db.schema.dropSchema(schema).ifExists().cascade().execute();
      await database.close();
      if (folder) await rm(folder, { recursive: true, force: true });
    },
  };
}
