import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The web package folder. */
export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The built app. */
export const DIST = path.join(WEB_DIR, 'dist');
const STAMP = path.join(WEB_DIR, '.build-stamp');
const LOCK = path.join(WEB_DIR, '.build-lock');

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) filesUnder(file, out);
    else if (!name.endsWith('.test.ts')) out.push(file);
  }
  return out;
}

/** A digest of everything the build reads: the app's sources, its config, and core's sources. */
function sourceDigest(): string {
  const hash = createHash('sha256');
  const files = [
    ...filesUnder(path.join(WEB_DIR, 'src')),
    ...filesUnder(path.join(WEB_DIR, 'public')),
    ...filesUnder(path.join(WEB_DIR, '../core/src')),
    path.join(WEB_DIR, 'index.html'),
    path.join(WEB_DIR, 'vite.config.ts'),
    path.join(WEB_DIR, 'package.json'),
  ].sort();
  for (const file of files) hash.update(file).update(readFileSync(file));
  return hash.digest('hex');
}

/**
 * Builds the app with Vite unless `dist` already holds a build of the current sources. Test
 * files run in parallel processes: a lock folder makes one build while the others wait.
 * Asynchronous throughout (the build is a child process, the wait a timer): a test worker that
 * blocked its event loop for a build longer than a minute would miss vitest's worker RPC
 * deadline ("Timeout calling onTaskUpdate") and fail the run although every test passed.
 */
export async function ensureWebBuild(): Promise<string> {
  const digest = sourceDigest();
  const current = () =>
    existsSync(STAMP) &&
    readFileSync(STAMP, 'utf8') === digest &&
    existsSync(path.join(DIST, 'index.html'));
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (current()) return DIST;
    try {
      mkdirSync(LOCK);
    } catch {
      // Another process is building; a lock older than the deadline is a crashed build.
      if (Date.now() > deadline) rmSync(LOCK, { recursive: true, force: true });
      await sleep(500);
      continue;
    }
    try {
      if (current()) return DIST;
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        [path.join(WEB_DIR, '../../node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
        {
          // Vitest sets NODE_ENV=test, which would give React's development build.
          env: { ...process.env, NODE_ENV: 'production' },
          cwd: WEB_DIR,
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      if (stdout) process.stdout.write(stdout);
      if (stderr) process.stderr.write(stderr);
      writeFileSync(STAMP, digest);
      return DIST;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
