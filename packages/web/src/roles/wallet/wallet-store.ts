import { toHex } from '@corridor/core/lib';
import { idbAll, idbDelete, idbPut } from '../../shared/storage/idb.js';

/** A certificate or entry pass the traveller keeps: the code text as issued, when it was added. */
export interface WalletEntry {
  /** Hex of the first 16 bytes of the SHA-256 of `text`: adding the same code twice keeps one. */
  id: string;
  text: string;
  addedAt: string;
  /**
   * An entry pass's daily report link, saved by the traveller (`crt_…` token), with the pass's
   * id and declared region (the report form starts from it). Kept on the device like the rest.
   */
  report?: { token: string; passId: string; region: string };
}

/** Longest code text kept (a version-40 QR holds 4,296 characters). */
export const MAX_WALLET_TEXT = 8192;
/** Most certificates one device keeps. */
export const MAX_WALLET_ENTRIES = 200;

/** The traveller's certificates, oldest first. They never leave the device. */
export async function listWallet(): Promise<WalletEntry[]> {
  const entries = await idbAll<WalletEntry>('wallet');
  return entries.sort((a, b) => a.addedAt.localeCompare(b.addedAt));
}

/** Keeps a code on the device (the same code twice is one entry, its report link kept). */
export async function addToWallet(text: string, at: Date): Promise<WalletEntry> {
  if (text.length > MAX_WALLET_TEXT) throw new RangeError('code too long for the wallet');
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)),
  );
  const id = toHex(digest.subarray(0, 16));
  // The same code added again keeps the report link saved on it.
  const before = (await listWallet()).find((e) => e.id === id);
  const entry: WalletEntry = {
    id,
    text,
    addedAt: at.toISOString(),
    ...(before?.report ? { report: before.report } : {}),
  };
  await idbPut('wallet', entry);
  return entry;
}

/** Saves a pass's daily report link on the entry (replacing one saved before). */
export async function saveReportLink(
  entry: WalletEntry,
  report: NonNullable<WalletEntry['report']>,
): Promise<void> {
  await idbPut('wallet', { ...entry, report });
}

/** The wallet entry holding the report link `token`, if this device has it. */
export async function entryWithReportLink(token: string): Promise<WalletEntry | undefined> {
  return (await listWallet()).find((e) => e.report?.token === token);
}

/** Removes a certificate from the device. */
export function removeFromWallet(id: string): Promise<void> {
  return idbDelete('wallet', id);
}
