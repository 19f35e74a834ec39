import { type BundleCode, loadTrustBundle, type TrustBundle } from '@corridor/core/trust';
import { type AppConfig, CONFIG_DEFAULTS, readAppConfig } from '../app-config.js';
import { idbGet, idbPut } from '../storage/idb.js';
import { readAnchors } from './anchors.js';

/** Something the officer must know about the trust the scanner works from. */
export type TrustWarning =
  /** A core finding about the bundle (expired, clock before issue, rollback refused...). */
  | {
      kind: 'bundle';
      code: BundleCode | 'BUNDLE_EXPIRED';
      params?: Record<string, string | number>;
    }
  /** The bundle expires within `nearExpiryHours`. */
  | { kind: 'near-expiry'; expiresAt: string }
  /** The device clock differs from the node's (HTTP `Date`) by `seconds` (device minus server). */
  | { kind: 'clock-differs'; seconds: number }
  /** No bundle has ever been accepted on this device. */
  | { kind: 'no-bundle' }
  /** The app has no usable configuration (node, anchors). */
  | { kind: 'not-configured' }
  /** The node could not be reached: the scanner works from the copy on the device. */
  | { kind: 'offline' };

/** The trust the scanner decides with, and everything that is wrong with it. */
export interface TrustState {
  config?: AppConfig;
  bundle?: TrustBundle;
  warnings: TrustWarning[];
  /** Whether the node answered during the last refresh. */
  reachedNode: boolean;
}

/** What the device keeps of the last bundle it accepted (bytes re-checked at every start). */
interface StoredBundle {
  bytes: Uint8Array;
  version: number;
  hash: string;
  issuedAt: number;
  expiresAt: number;
  etag?: string;
}

const CONFIG_KEY = 'config';
const BUNDLE_KEY = 'bundle';

/** The app's configuration: fresh from the server when it answers, else the copy kept offline. */
export async function loadConfig(base: string): Promise<AppConfig | undefined> {
  try {
    const response = await fetch(`${base}config.json`, { cache: 'no-store' });
    if (response.ok) {
      const config = readAppConfig(await response.json());
      if (config) {
        await idbPut('kv', config, CONFIG_KEY);
        return config;
      }
    }
  } catch {
    // Offline: fall back to the stored copy below.
  }
  return readAppConfig(await idbGet('kv', CONFIG_KEY));
}

/**
 * Brings the trust bundle up to date and says what is wrong with it. Online, it fetches the
 * node's `GET /bundle` (with the stored ETag), checks it against the configured gateway anchors
 * and the last accepted version, and keeps it in IndexedDB; a rollback, a bad signature or a
 * clock earlier than the bundle is refused and the stored copy stays in use. Offline, it opens
 * the stored copy (its signature is checked again). The device clock is compared with the
 * node's `Date` header whenever the node answers.
 */
export async function refreshTrust(base: string, now: () => Date): Promise<TrustState> {
  const config = await loadConfig(base);
  if (!config) return { warnings: [{ kind: 'not-configured' }], reachedNode: false };
  const anchors = await readAnchors(config.anchors);
  if (anchors.length === 0)
    return { config, warnings: [{ kind: 'not-configured' }], reachedNode: false };
  const warnings: TrustWarning[] = [];
  const stored = await idbGet<StoredBundle>('kv', BUNDLE_KEY);
  let bundle: TrustBundle | undefined;
  let reachedNode = false;

  try {
    const url = new URL('/bundle', config.node || location.origin);
    const headers: Record<string, string> = {};
    if (stored?.etag) headers['if-none-match'] = stored.etag;
    const response = await fetch(url, { cache: 'no-store', headers });
    reachedNode = true;
    const serverDate = response.headers.get('date');
    if (serverDate) {
      const seconds = Math.round((now().getTime() - Date.parse(serverDate)) / 1000);
      const tolerance = config.clockToleranceSeconds ?? CONFIG_DEFAULTS.clockToleranceSeconds;
      if (Number.isFinite(seconds) && Math.abs(seconds) > tolerance)
        warnings.push({ kind: 'clock-differs', seconds });
    }
    if (response.status === 200) {
      const bytes = new Uint8Array(await response.arrayBuffer());
      const loaded = await loadTrustBundle(bytes, {
        anchors,
        at: now(),
        ...(stored ? { previous: { version: stored.version, hash: stored.hash } } : {}),
      });
      if (loaded.ok) {
        bundle = loaded.value;
        const etag = response.headers.get('etag');
        const record: StoredBundle = {
          bytes,
          version: bundle.version,
          hash: bundle.hash,
          issuedAt: bundle.content.issuedAt,
          expiresAt: bundle.content.expiresAt,
          ...(etag ? { etag } : {}),
        };
        await idbPut('kv', record, BUNDLE_KEY);
      } else {
        warnings.push({
          kind: 'bundle',
          code: loaded.code,
          ...(loaded.params ? { params: loaded.params } : {}),
        });
      }
    }
  } catch {
    warnings.push({ kind: 'offline' });
  }

  if (!bundle && stored) {
    // The stored copy was checked when it arrived; its signature is checked again here. It is
    // opened at its own issue time when the clock reads earlier, so that a clock set back is
    // reported (below) instead of leaving the officer with no trust at all.
    const at = new Date(Math.max(now().getTime(), stored.issuedAt * 1000));
    const loaded = await loadTrustBundle(stored.bytes, { anchors, at });
    if (loaded.ok) bundle = loaded.value;
    else warnings.push({ kind: 'bundle', code: loaded.code });
  }
  if (!bundle) {
    warnings.push({ kind: 'no-bundle' });
    return { config, warnings, reachedNode };
  }
  return {
    config,
    bundle,
    warnings: dedupe([...timeWarnings(bundle, config, now()), ...warnings]),
    reachedNode,
  };
}

/** The clock-dependent warnings for a bundle at `at`: expired, near expiry, clock before issue. */
export function timeWarnings(bundle: TrustBundle, config: AppConfig, at: Date): TrustWarning[] {
  const problems: TrustWarning[] = bundle
    .problems(at)
    .map((p) => ({ kind: 'bundle', code: p.code, params: p.params }));
  if (problems.length > 0) return problems;
  const hours = config.nearExpiryHours ?? CONFIG_DEFAULTS.nearExpiryHours;
  if (bundle.content.expiresAt * 1000 - at.getTime() < hours * 3600_000) {
    return [
      { kind: 'near-expiry', expiresAt: new Date(bundle.content.expiresAt * 1000).toISOString() },
    ];
  }
  return [];
}

/** One warning of each kind (a refused fetch and the stored copy may report the same). */
function dedupe(warnings: TrustWarning[]): TrustWarning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const key = w.kind === 'bundle' ? `bundle:${w.code}` : w.kind;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
