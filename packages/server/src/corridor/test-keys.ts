import path from 'node:path';
import { FileKeyStore, MIN_SCRYPT_N } from '../keystore/file-key-store.js';
import { secretFile } from '../node/secret.js';
import { ensureNodeKeys } from './keys.js';

/**
 * Test support: makes in `dir` the keys a first `startCorridor` (or `corridor start`) would make
 * there (each country's CSCA, DSCs, upload and authority keys, the gateway's anchor, under the
 * folder's `dev-passphrase`, dated a week back as a first start dates them), but at the lowest
 * scrypt cost the key store accepts. Each key file records its own cost, so every later start
 * and `corridor issue` on the folder unlocks them for a ninth of the default's CPU (a third of a
 * second a key, five keys a country). For tests about something else than making keys; the
 * first start's own keys are tested by `start.test.ts` here and in the CLI. `now` is the clock
 * the corridor will start on (a pinned one, for a test that pins it).
 */
export async function seedCorridorKeys(
  dir: string,
  countries: readonly string[] = ['CN', 'KR'],
  now: Date = new Date(),
): Promise<void> {
  const passphrase = await secretFile(path.join(dir, 'dev-passphrase'));
  const scrypt = { N: MIN_SCRYPT_N, r: 8, p: 1 };
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  for (const country of countries) {
    const store = new FileKeyStore({
      dir: path.join(dir, country.toLowerCase(), 'keys'),
      passphrase,
      scrypt,
    });
    await ensureNodeKeys(store, country, weekAgo);
  }
  const gateway = new FileKeyStore({ dir: path.join(dir, 'gateway', 'keys'), passphrase, scrypt });
  if (!(await gateway.exists('gateway-anchor')))
    await gateway.create('gateway-anchor', { alg: 'ES256', metadata: { kind: 'anchor' } });
}
