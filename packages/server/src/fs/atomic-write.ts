import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** File mode (default 0o644; secrets 0o600). */
  mode?: number;
  /** Refuse to replace an existing file (`EEXIST`): two creators cannot overwrite each other. */
  exclusive?: boolean;
}

/**
 * Writes `data` to `file` so that a reader (or a process started after a crash) sees either
 * the old content or the whole new one, never a part: a temporary file beside it is written
 * and fsynced, then renamed (or, with `exclusive`, hard-linked) into place, and the folder is
 * fsynced so the new name survives a power cut. Every state file Corridor writes goes through
 * here (bundle state, trust bundles, key files, tokens, results files).
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const mode = options.mode ?? 0o644;
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.chmod(mode);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => {});
    throw error;
  }
  await handle.close();
  try {
    if (options.exclusive) {
      await link(temp, file);
      await unlink(temp);
    } else {
      await rename(temp, file);
    }
    await chmod(file, mode);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  await syncFolder(dir);
}

/** fsyncs a folder, so that a rename or a new file in it is durable (ignored where unsupported). */
export async function syncFolder(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the rename itself is still atomic.
  } finally {
    await handle?.close();
  }
}
