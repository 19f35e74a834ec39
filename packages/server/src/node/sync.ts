import type { CoseVerificationKey } from '@corridor/core/cose';
import type { CryptoProvider } from '@corridor/core/crypto';
import { toHex } from '@corridor/core/lib';
import { loadTrustBundle, type TrustBundle } from '@corridor/core/trust';
import type { Kysely } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';

/** What one sync attempt did. */
export type SyncOutcome =
  | { status: 'updated'; version: number }
  | { status: 'unchanged'; version: number }
  | { status: 'refused'; code: string; detail: string }
  | { status: 'failed'; detail: string };

export interface BundleSyncOptions {
  db: Kysely<CorridorSchema>;
  /** The gateway's base URL, e.g. `http://127.0.0.1:8400`. */
  gatewayUrl: string;
  /** The gateway's bundle-signing keys (pinned at set-up). */
  anchors: readonly CoseVerificationKey[];
  crypto: CryptoProvider;
  now: () => Date;
  fetch?: typeof fetch;
}

/**
 * A national node's copy of the gateway's trust bundle: pulls it with `If-None-Match`,
 * checks it exactly as a verifier would (anchor signature, clock, no rollback against the
 * last accepted one), keeps every accepted bundle, and serves the latest to its verifiers.
 */
export class BundleSync {
  private current: TrustBundle | undefined;

  constructor(private readonly options: BundleSyncOptions) {}

  /** The latest accepted bundle's bytes and ETag, if any. */
  async latest(): Promise<{ version: number; cose: Uint8Array; etag: string } | undefined> {
    const row = await this.options.db
      .selectFrom('bundles')
      .select(['version', 'cose', 'etag'])
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? { version: Number(row.version), cose: row.cose, etag: row.etag } : undefined;
  }

  /** The latest bundle, checked and opened (cached until the next update). */
  async trust(): Promise<TrustBundle | undefined> {
    if (this.current) return this.current;
    const latest = await this.latest();
    if (!latest) return undefined;
    const loaded = await loadTrustBundle(latest.cose, {
      anchors: this.options.anchors,
      at: this.options.now(),
      crypto: this.options.crypto,
    });
    if (loaded.ok) this.current = loaded.value;
    return this.current;
  }

  private syncing: Promise<SyncOutcome> | undefined;

  /** One pull from the gateway. Never throws: the outcome says what happened. */
  sync(): Promise<SyncOutcome> {
    // One pull at a time: two concurrent pulls stored the same bundle version twice, and the
    // second insert failed on the primary key (thrown, a 500 from POST /bundle/sync). Callers
    // arriving while a pull runs share its outcome.
    this.syncing ??= this.pull()
      .catch((error: unknown): SyncOutcome => ({ status: 'failed', detail: String(error) }))
      .finally(() => {
        this.syncing = undefined;
      });
    return this.syncing;
  }

  private async pull(): Promise<SyncOutcome> {
    const { db, gatewayUrl, anchors, crypto, now } = this.options;
    const latest = await this.latest();
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(new URL('/bundle', gatewayUrl), {
        headers: latest ? { 'if-none-match': latest.etag } : {},
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      return { status: 'failed', detail: (error as Error).message };
    }
    if (response.status === 304 && latest) return { status: 'unchanged', version: latest.version };
    if (response.status !== 200)
      return { status: 'failed', detail: `gateway answered ${response.status}` };
    const cose = new Uint8Array(await response.arrayBuffer());
    const previous = latest
      ? { version: latest.version, hash: toHex(await crypto.sha256(latest.cose)) }
      : undefined;
    const loaded = await loadTrustBundle(cose, {
      anchors,
      at: now(),
      crypto,
      ...(previous ? { previous } : {}),
    });
    if (!loaded.ok)
      return { status: 'refused', code: loaded.code, detail: JSON.stringify(loaded.params ?? {}) };
    const bundle = loaded.value;
    if (latest && bundle.version === latest.version)
      return { status: 'unchanged', version: bundle.version };
    await db
      .insertInto('bundles')
      .values({
        version: bundle.version,
        issued_at: new Date(bundle.content.issuedAt * 1000),
        expires_at: new Date(bundle.content.expiresAt * 1000),
        cose,
        etag: response.headers.get('etag') ?? `"${bundle.hash}"`,
      })
      .execute();
    this.current = bundle;
    return { status: 'updated', version: bundle.version };
  }

  /** Pulls every `intervalMs` until the returned function is called. */
  schedule(intervalMs: number, onOutcome: (o: SyncOutcome) => void = () => {}): () => void {
    const timer = setInterval(() => {
      this.sync().then(onOutcome, (error: unknown) =>
        onOutcome({ status: 'failed', detail: String(error) }),
      );
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
