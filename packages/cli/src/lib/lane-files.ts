import { readFile } from 'node:fs/promises';
import type { CoseVerificationKey } from '@corridor/core/cose';
import type { CryptoProvider } from '@corridor/core/crypto';
import type { Lane } from '@corridor/core/lanes';
import { readCountersignedLane } from '@corridor/core/lanes';
import type { TrustedKey } from '@corridor/core/trust';
import { UsageError } from './usage.js';

/** Largest lane file read: a countersigned lane document is a few kilobytes. */
const MAX_LANE_FILE = 1024 * 1024;

/**
 * Reads `--lane` files (countersigned lane documents, the bytes a trust bundle carries) and
 * checks both parties' signatures against the authority certificates among the `--trust`
 * files, as a trust bundle checks them against its authorities: a certificate of the party's
 * country carrying Corridor's authority or lane-document usage. A lane that is unreadable or
 * not signed by both parties is a usage error naming the file and the lane code, never a lane
 * silently left out (a checkpoint would then refuse every traveller for the wrong reason).
 */
export async function loadLaneFiles(
  files: readonly string[],
  keys: readonly TrustedKey[],
  crypto: CryptoProvider,
): Promise<Lane[]> {
  const authorityKeys = (country: string): CoseVerificationKey[] =>
    keys
      .filter(
        (k) =>
          k.dsc.country === country &&
          (k.dsc.corridorUsage ?? []).some((u) => u === 'authority' || u === 'lane-document'),
      )
      .map(({ kid, alg, key }) => ({ kid, alg, key }));
  const lanes: Lane[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch (error) {
      throw new UsageError(`cannot read lane file ${file}: ${(error as Error).message}`);
    }
    if (bytes.length > MAX_LANE_FILE)
      throw new UsageError(`lane file ${file} is larger than ${MAX_LANE_FILE} bytes`);
    const read = await readCountersignedLane(bytes, authorityKeys, crypto);
    if (!read.ok) {
      const reason = read.params?.reason ? `: ${String(read.params.reason)}` : '';
      throw new UsageError(`lane file ${file} not usable [${read.code}]${reason}`);
    }
    lanes.push(read.value);
  }
  return lanes;
}
