import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { lockFile } from './folder-lock.js';

// The audit found two processes on one PGlite folder (`corridor start` + `corridor issue`)
// losing 5,300 of 8,000 certificates. These tests hold the folder from a real second process.

const DIST_DATABASE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../dist/db/database.js',
);

/** A child process that opens the embedded database in `dir` and holds it until killed. */
function holder(dir: string): Promise<ChildProcess> {
  const script = `
    const { openDatabase } = await import(${JSON.stringify(DIST_DATABASE)});
    await openDatabase({ dataDir: ${JSON.stringify(dir)} });
    process.stdout.write('ready\\n');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`holder exited early (${code})`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('one process per embedded database folder', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'corridor-lock-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('refuses a second process naming the holder, and takes over after the holder is killed', async () => {
    const dir = path.join(root, 'db');
    const child = await holder(dir);
    try {
      const refused = await openDatabase({ dataDir: dir }).then(
        () => undefined,
        (e: unknown) => e as { code?: string; message: string },
      );
      expect(refused?.code).toBe('DATA_FOLDER_IN_USE');
      expect(refused?.message).toContain(`process ${child.pid}`);
    } finally {
      await killed(child);
    }
    // The holder died without releasing: its lock is stale and is taken over.
    const database = await openDatabase({ dataDir: dir });
    await database.close();
    // Closing releases: the folder opens again.
    const again = await openDatabase({ dataDir: dir });
    await again.close();
  });

  it('refuses the same folder twice in one process', async () => {
    const dir = path.join(root, 'twice');
    const first = await openDatabase({ dataDir: dir });
    try {
      await expect(openDatabase({ dataDir: dir })).rejects.toMatchObject({
        code: 'DATA_FOLDER_IN_USE',
      });
    } finally {
      await first.close();
    }
  });

  it('takes over a lock whose pid now belongs to another process (pid reuse)', async () => {
    const file = path.join(root, 'reused.lock');
    // Our own pid, but a start time that is not ours: the process that wrote it is gone.
    await writeFile(
      file,
      JSON.stringify({
        pid: process.pid,
        started: '1',
        host: (await import('node:os')).hostname(),
        command: 'x',
        since: 'then',
      }),
    );
    const lock = await lockFile(file, 'test');
    expect(JSON.parse(await readFile(file, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('takes over a bare-pid lock of a dead process (older versions wrote one)', async () => {
    const file = path.join(root, 'legacy.lock');
    await writeFile(file, '2147483646\n');
    const lock = await lockFile(file, 'test');
    await lock.release();
  });

  it('refuses an unreadable lock file instead of guessing', async () => {
    const file = path.join(root, 'garbage.lock');
    await writeFile(file, 'not a lock');
    await expect(lockFile(file, 'test')).rejects.toMatchObject({ code: 'DATA_FOLDER_IN_USE' });
  });
});
