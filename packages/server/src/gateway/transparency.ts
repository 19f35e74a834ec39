import { MerkleLog, signTreeHead } from '@corridor/core/transparency';
import type { GatewayConfig, GatewayDb } from './config.js';

/**
 * The gateway's RFC 9162 transparency log held in memory: loaded from the database the first
 * time and then only by the leaves committed since, so serving a tree head or a proof does not
 * rehash the whole log. One mirror per gateway process; a log that shrank (a database restored
 * from backup) is reloaded from its first leaf.
 */
export class TransparencyLogMirror {
  private size = 0;
  private tree = new MerkleLog();

  /** The log with every leaf committed so far. */
  async load(db: GatewayDb): Promise<MerkleLog> {
    const count = await db
      .selectFrom('transparency_leaves')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const size = Number(count.n);
    if (this.size > size) {
      this.size = 0;
      this.tree = new MerkleLog();
    }
    if (this.size < size) {
      const rows = await db
        .selectFrom('transparency_leaves')
        .select(['leaf_index', 'leaf_hash'])
        .where('leaf_index', '>=', this.size)
        .orderBy('leaf_index')
        .execute();
      for (const r of rows) this.tree.append(r.leaf_hash);
      this.size = this.tree.size;
    }
    return this.tree;
  }
}

/** A tree head for `log`, signed by the trust anchor at the gateway's current time. */
export async function signLogHead(log: MerkleLog, config: GatewayConfig): Promise<Uint8Array> {
  return signTreeHead(
    {
      logId: config.id,
      treeSize: log.size,
      rootHash: log.root(),
      timestamp: config.now().getTime(),
    },
    { signer: config.anchor, crypto: config.crypto },
  );
}

/** One leaf of the log (its CBOR data and hash), for an inclusion proof. */
export async function transparencyLeaf(
  db: GatewayDb,
  index: number,
): Promise<{ leaf_data: Uint8Array; leaf_hash: Uint8Array }> {
  return db
    .selectFrom('transparency_leaves')
    .select(['leaf_data', 'leaf_hash'])
    .where('leaf_index', '=', index)
    .executeTakeFirstOrThrow();
}
