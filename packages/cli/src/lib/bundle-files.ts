import { readFile } from 'node:fs/promises';
import type { CoseVerificationKey } from '@corridor/core/cose';
import type { CryptoProvider } from '@corridor/core/crypto';
import { fromBase64 } from '@corridor/core/lib';
import type { Lang } from '@corridor/core/report';
import { makeFinding } from '@corridor/core/report';
import { type AcceptedBundle, loadTrustBundle, type TrustBundle } from '@corridor/core/trust';
import { readDsc } from '@corridor/core/x509';
import { writeFileAtomic } from '@corridor/server/fs';
import { UsageError, unreadableFile } from './usage.js';

/**
 * Reads gateway trust anchors: PEM `PUBLIC KEY` (SPKI) or `CERTIFICATE` blocks, or bare
 * base64 SPKI. A key's `kid` is the first 8 bytes of the SHA-256 of its SPKI, as the gateway
 * names its signing key.
 */
export async function loadAnchors(
  files: string[],
  crypto: CryptoProvider,
): Promise<CoseVerificationKey[]> {
  const anchors: CoseVerificationKey[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw unreadableFile('anchor file', file, error);
    }
    const blocks = [
      ...text.matchAll(/-----BEGIN (PUBLIC KEY|CERTIFICATE)-----([\s\S]*?)-----END \1-----/g),
    ];
    const items =
      blocks.length > 0
        ? blocks.map((m) => ({ kind: m[1]!, b64: m[2]! }))
        : [{ kind: 'PUBLIC KEY', b64: text.trim() }];
    for (const item of items) {
      let spki: Uint8Array;
      try {
        spki =
          item.kind === 'CERTIFICATE' ? readDsc(fromBase64(item.b64)).spki : fromBase64(item.b64);
      } catch {
        throw new UsageError(`anchor file ${file} holds no readable key`);
      }
      const kid = (await crypto.sha256(spki)).subarray(0, 8);
      for (const alg of ['ES256', 'PS256'] as const) {
        const key = await crypto.importPublicKey(spki, alg);
        if (key !== undefined) {
          anchors.push({ kid, alg, key });
          break;
        }
      }
    }
  }
  if (anchors.length === 0)
    throw new UsageError('a trust bundle needs --anchor FILE (the gateway public key)');
  return anchors;
}

/**
 * The last accepted bundle, remembered in a small JSON file to refuse rollbacks. A missing file
 * means "none accepted yet"; a file that exists but is empty, truncated or not a state record
 * fails closed with `BUNDLE_STATE_UNREADABLE` (reading it as "no state" would let an attacker
 * roll the verifier back by damaging the file).
 */
export async function readBundleState(
  file: string | undefined,
  lang: Lang = 'en',
): Promise<AcceptedBundle | undefined> {
  if (!file) return undefined;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw unreadable(file, (error as Error).message, lang);
  }
  let state: Partial<AcceptedBundle> | null;
  try {
    state = JSON.parse(text) as Partial<AcceptedBundle> | null;
  } catch {
    throw unreadable(file, text.trim() === '' ? 'empty' : 'not JSON', lang);
  }
  if (
    !state ||
    !Number.isSafeInteger(state.version) ||
    (state.version as number) < 0 ||
    typeof state.hash !== 'string' ||
    !/^[0-9a-f]{64}$/.test(state.hash)
  ) {
    throw unreadable(file, 'not a bundle state record', lang);
  }
  return { version: state.version as number, hash: state.hash };
}

function unreadable(file: string, reason: string, lang: Lang): BundleRefused {
  const code = 'BUNDLE_STATE_UNREADABLE';
  return new BundleRefused(makeFinding(code, lang, { file, reason }).message, code);
}

/** Records the accepted bundle, atomically (a crash leaves the old record or the new one). */
export async function writeBundleState(
  file: string | undefined,
  bundle: TrustBundle,
): Promise<void> {
  if (!file) return;
  await writeFileAtomic(
    file,
    `${JSON.stringify({ version: bundle.version, hash: bundle.hash })}\n`,
    { mode: 0o600 },
  );
}

/**
 * Opens a bundle file: checks it against the anchors at `at` and the remembered state, and
 * records it as accepted. A refusal is a {@link BundleRefused} with its finding.
 */
export async function openBundleFile(
  file: string,
  options: {
    anchors: CoseVerificationKey[];
    at: Date;
    crypto: CryptoProvider;
    stateFile?: string | undefined;
    lang: Lang;
  },
): Promise<TrustBundle> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw unreadableFile('bundle', file, error);
  }
  const previous = await readBundleState(options.stateFile, options.lang);
  const loaded = await loadTrustBundle(bytes, {
    anchors: options.anchors,
    at: options.at,
    crypto: options.crypto,
    ...(previous ? { previous } : {}),
  });
  if (!loaded.ok)
    throw new BundleRefused(
      makeFinding(loaded.code, options.lang, loaded.params).message,
      loaded.code,
    );
  await writeBundleState(options.stateFile, loaded.value);
  return loaded.value;
}

/** A bundle the verifier refused: the command reports it and exits 1. */
export class BundleRefused extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** The bundle flags `verify` and `check` share. */
export interface BundleFlags {
  bundle: string;
  anchor: string[];
  'bundle-state'?: string | undefined;
  json?: boolean | undefined;
}

/**
 * Opens `--bundle` against the `--anchor` keys for a command. A refused bundle prints its
 * coded refusal (a JSON line with `--json`) and gives `undefined`: the command then exits with
 * its refusal code. Any other error (an unreadable anchor) is thrown as it is.
 */
export async function openBundleForCommand(
  flags: BundleFlags,
  options: { at: Date; crypto: CryptoProvider; lang: Lang },
): Promise<TrustBundle | undefined> {
  const anchors = await loadAnchors(flags.anchor, options.crypto);
  try {
    return await openBundleFile(flags.bundle, {
      anchors,
      ...options,
      stateFile: flags['bundle-state'],
    });
  } catch (error) {
    if (!(error instanceof BundleRefused)) throw error;
    process.stdout.write(
      flags.json
        ? `${JSON.stringify({ status: 'refused', code: error.code, message: error.message })}\n`
        : `✘ ${error.message} [${error.code}]\n`,
    );
    return undefined;
  }
}
