import { readFile } from 'node:fs/promises';
import type { CryptoProvider } from '@corridor/core/crypto';
import { DscTrustList } from '@corridor/core/trust';
import { UsageError, unreadableFile } from './usage.js';

/**
 * Reads `--trust` files (DER, PEM or base64 DSCs; a PEM file may hold several) into a trust
 * list. An unreadable file is a usage error naming the file.
 */
export async function loadTrustFiles(
  files: string[],
  crypto: CryptoProvider,
): Promise<DscTrustList> {
  const inputs: (Uint8Array | string)[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (error) {
      throw unreadableFile('trust file', file, error);
    }
    const text = Buffer.from(bytes).toString('latin1');
    const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g);
    if (pems) inputs.push(...pems);
    else if (bytes[0] === 0x30) inputs.push(bytes);
    else inputs.push(text.trim());
  }
  try {
    return await DscTrustList.create(inputs, { crypto });
  } catch (error) {
    throw new UsageError(`trust file not usable: ${(error as Error).message}`);
  }
}
