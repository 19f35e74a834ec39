import { toHex } from '@corridor/core/lib';
import { idbAll, idbDelete, idbPut } from '../../shared/storage/idb.js';

/** A certificate the traveller keeps: the code text as issued, and when it was added. */
export interface WalletEntry {
  /** Hex of the first 16 bytes of the SHA-256 of `text`: adding the same code twice keeps one. */
  id: string;
  text: string;
  addedAt: string;
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

/** Keeps a code on the device (the same code twice is one entry). */
export async function addToWallet(text: string, at: Date): Promise<WalletEntry> {
  if (text.length > MAX_WALLET_TEXT) throw new RangeError('code too long for the wallet');
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)),
  );
  const entry: WalletEntry = { id: toHex(digest.subarray(0, 16)), text, addedAt: at.toISOString() };
  await idbPut('wallet', entry);
  return entry;
}

/** Removes a certificate from the device. */
export function removeFromWallet(id: string): Promise<void> {
  return idbDelete('wallet', id);
}
