import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The smallest node secret accepted, in bytes. */
export const NODE_SECRET_MIN_BYTES = 32;

/**
 * A random secret kept in a 0600 file, made on first use (`bytes` random bytes, base64url).
 * Two processes making it at once agree: the file is created exclusively and the loser reads
 * the winner's. An empty file is refused, never silently replaced.
 */
export async function secretFile(file: string, bytes = 32): Promise<string> {
  let text: string | undefined;
  try {
    text = (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== undefined) {
    if (text === '') throw new Error(`${file} is empty; restore it or delete it to make a new one`);
    return text;
  }
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(bytes).toString('base64url');
  try {
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return secretFile(file, bytes); // made meanwhile by another process
  }
  await chmod(file, 0o600);
  return secret;
}

/**
 * The bytes of a node secret written as text (the `node-secret` file or `CORRIDOR_NODE_SECRET`):
 * hex or base64url of at least 32 bytes. Folders made by `corridor start` before 2026-12 hold
 * the base64url text of 24 bytes, whose UTF-8 text (32 bytes) was used as the secret; that
 * reading is kept so their tokens and identifiers stay valid. Anything shorter is refused.
 *
 * `corridor start` and `corridor issue` both read the secret through here, so a folder one
 * made works with the other.
 */
export function nodeSecretBytes(text: string): Uint8Array {
  const t = text.trim();
  if (/^[0-9a-f]+$/i.test(t) && t.length % 2 === 0 && t.length / 2 >= NODE_SECRET_MIN_BYTES) {
    return new Uint8Array(Buffer.from(t, 'hex'));
  }
  if (/^[A-Za-z0-9_-]+$/.test(t)) {
    const decoded = Buffer.from(t, 'base64url');
    if (decoded.length >= NODE_SECRET_MIN_BYTES) return new Uint8Array(decoded);
    if (t.length >= NODE_SECRET_MIN_BYTES) return new TextEncoder().encode(t); // legacy start folders
  }
  throw new Error(
    `the node secret must be hex or base64url of at least ${NODE_SECRET_MIN_BYTES} bytes`,
  );
}

/** Reads (or makes) `<nodeDir>/node-secret`, unless `CORRIDOR_NODE_SECRET` is set. */
export async function readNodeSecret(
  nodeDir: string,
  env: string | undefined = process.env.CORRIDOR_NODE_SECRET,
): Promise<Uint8Array> {
  return nodeSecretBytes(env ?? (await secretFile(path.join(nodeDir, 'node-secret'))));
}
