import path from 'node:path';
import { ensureNodeKeys } from '@corridor/server/corridor/keys';
import { FileKeyStore } from '@corridor/server/keystore';
import { secretFile } from '@corridor/server/node/secret';
import { UsageError } from './usage.js';

/**
 * A country's keys from the store `corridor start` made (`<data>/<cc>/keys`, unlocked by
 * `CORRIDOR_KEY_PASSPHRASE` or the data folder's `dev-passphrase`). The keys in `need` must
 * already be there: a key made now would not be the one the gateway knows, so its absence is
 * a usage error pointing at `corridor start` or `--data`.
 */
export async function countryKeys(
  dataDir: string,
  country: string,
  need: readonly ('upload' | 'authority')[],
): ReturnType<typeof ensureNodeKeys> {
  const dir = path.join(dataDir, country.toLowerCase(), 'keys');
  const passphrase =
    process.env.CORRIDOR_KEY_PASSPHRASE ?? (await secretFile(path.join(dataDir, 'dev-passphrase')));
  const store = new FileKeyStore({ dir, passphrase });
  const lc = country.toLowerCase();
  for (const kind of need) {
    if (!(await store.exists(`${kind}-${lc}`)))
      throw new UsageError(
        `no ${need.join(' and ')} keys of ${country} in ${dir}: run corridor start first, or give --data`,
      );
  }
  return ensureNodeKeys(store, country, new Date());
}
