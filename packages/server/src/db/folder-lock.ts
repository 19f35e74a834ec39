import { readFileSync, rmSync } from 'node:fs';
import { link, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';

/** Thrown when another live process holds the lock of a data folder. */
export class DataFolderInUse extends Error {
  readonly code = 'DATA_FOLDER_IN_USE';
  constructor(
    message: string,
    /** What the lock file says about its holder (pid, command, since). */
    readonly holder?: LockHolder,
  ) {
    super(message);
    this.name = 'DataFolderInUse';
  }
}

/** What a lock file records about the process that holds it. */
export interface LockHolder {
  pid: number;
  /** The process's start time in clock ticks since boot (Linux), to tell a reused pid apart. */
  started?: string;
  host: string;
  command: string;
  since: string;
}

/** A held lock; `release()` removes the lock file (idempotent). */
export interface FolderLock {
  readonly file: string;
  release(): Promise<void>;
}

const held = new Map<string, FolderLock>();

/**
 * Takes the exclusive lock `file` for this process, or throws {@link DataFolderInUse} naming
 * the live holder. The lock file is created exclusively (`O_CREAT|O_EXCL` through a hard link
 * of a fully written temporary file, so a reader never sees it half written) and records the
 * holder's pid, its start time, host and command line. A lock left by a process that no longer
 * runs — or whose pid now belongs to another process (different start time) — is stale: it is
 * moved aside atomically and taken over. The lock is released on `release()` and when the
 * process exits normally; after a crash the next opener finds it stale.
 *
 * Node.js has no `flock(2)`, so this is the lock-file-with-stale-detection design. A lock file
 * on another host (a shared network folder) is never taken over: its process can't be checked.
 */
export async function lockFile(file: string, purpose: string): Promise<FolderLock> {
  const absolute = path.resolve(file);
  if (held.has(absolute)) {
    throw new DataFolderInUse(`${purpose}: this process already holds ${absolute}`);
  }
  const me: LockHolder = {
    pid: process.pid,
    ...(processStart(process.pid) ? { started: processStart(process.pid) } : {}),
    host: hostname(),
    command: process.argv
      .slice(1)
      .map((a) => path.basename(a))
      .join(' ')
      .slice(0, 200),
    since: new Date().toISOString(),
  };
  const temp = `${absolute}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(temp, `${JSON.stringify(me)}\n`, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(temp, absolute);
        const lock: FolderLock = {
          file: absolute,
          release: async () => {
            if (held.get(absolute) !== lock) return;
            held.delete(absolute);
            await rm(absolute, { force: true });
          },
        };
        held.set(absolute, lock);
        return lock;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const text = await readFile(absolute, 'utf8').catch(() => undefined);
      if (text === undefined) continue; // released meanwhile: try again
      const holder = parseHolder(text);
      if (holder && isAlive(holder)) {
        throw new DataFolderInUse(
          `${purpose}: ${path.dirname(absolute)} is in use by process ${holder.pid} (${holder.command || 'unknown command'}) on ${holder.host} since ${holder.since}; stop it first, or use another folder`,
          holder,
        );
      }
      if (!holder && text.trim() !== '' && !/^\d+\s*$/.test(text)) {
        throw new DataFolderInUse(
          `${purpose}: the lock file ${absolute} is unreadable; remove it by hand if no Corridor process uses the folder`,
        );
      }
      // Stale: move it aside atomically; if what we moved is not what we judged stale (another
      // process took the lock over in between), put it back and look again.
      const aside = `${absolute}.stale.${process.pid}.${Math.random().toString(36).slice(2)}`;
      try {
        await rename(absolute, aside);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      const moved = await readFile(aside, 'utf8').catch(() => '');
      if (moved !== text) await link(aside, absolute).catch(() => undefined);
      await rm(aside, { force: true });
    }
    throw new DataFolderInUse(`${purpose}: cannot take the lock ${absolute}`);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** The holder a lock file names, or `undefined` when it is not one of ours. */
function parseHolder(text: string): LockHolder | undefined {
  // Older Corridor versions wrote the bare pid.
  if (/^\d+\s*$/.test(text)) {
    return { pid: Number(text), host: hostname(), command: '', since: 'unknown' };
  }
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (typeof h.pid !== 'number' || !Number.isInteger(h.pid) || h.pid <= 0) return undefined;
    return {
      pid: h.pid,
      ...(typeof h.started === 'string' ? { started: h.started } : {}),
      host: typeof h.host === 'string' ? h.host : '',
      command: typeof h.command === 'string' ? h.command : '',
      since: typeof h.since === 'string' ? h.since : 'unknown',
    };
  } catch {
    return undefined;
  }
}

/** Whether the holder still runs (a lock of another host always counts as live). */
function isAlive(holder: LockHolder): boolean {
  if (holder.host && holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (holder.started === undefined) return true;
  const now = processStart(holder.pid);
  return now === undefined || now === holder.started;
}

/** Field 22 of `/proc/<pid>/stat` (start time since boot), where the system has it. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19];
  } catch {
    return undefined;
  }
}

process.once('exit', () => {
  // Synchronous: asynchronous work never runs on exit. After a crash the next opener finds the
  // lock stale instead.
  for (const lock of held.values()) rmSync(lock.file, { force: true });
});
