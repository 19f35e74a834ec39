#!/usr/bin/env node
// Runs before `npm start` and `npm test`: on a fresh clone, installs the npm dependencies
// (which also builds the packages); after a `git pull` that left the build behind, rebuilds.
// With `--web` (before `npm start`), also builds the web app the nodes serve when it is missing
// or older than its sources (CORRIDOR_SKIP_WEB_BUILD=1 skips that; `corridor start` then says
// how to build it). Uses nothing but Node itself, since it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (args) => {
  const result = spawnSync(npm, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

if (
  !existsSync(path.join(root, 'node_modules', 'typescript')) ||
  !existsSync(path.join(root, 'node_modules', '@corridor', 'core'))
) {
  console.error('corridor: first run, installing the npm dependencies (npm install)...');
  run(['install', '--no-audit', '--no-fund']);
} else if (!existsSync(path.join(root, 'packages', 'cli', 'dist', 'main.js'))) {
  console.error('corridor: building the packages (npm run build)...');
  run(['run', 'build']);
}

/** The newest modification time of the files under `dir` (0 when it is missing). */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  const stat = statSync(dir);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const name of readdirSync(dir))
    if (!name.endsWith('.test.ts')) latest = Math.max(latest, newest(path.join(dir, name)));
  return latest;
}

if (process.argv.includes('--web') && process.env.CORRIDOR_SKIP_WEB_BUILD !== '1') {
  const web = path.join(root, 'packages', 'web');
  const built = path.join(web, 'dist', 'index.html');
  // What the Vite build reads: the app, its public files and config, and core's sources.
  const sources = Math.max(
    ...['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((f) =>
      newest(path.join(web, f)),
    ),
    newest(path.join(root, 'packages', 'core', 'src')),
  );
  if (!existsSync(built) || statSync(built).mtimeMs < sources) {
    console.error(
      `corridor: ${existsSync(built) ? 'rebuilding the web app (its sources changed)' : 'building the web app the nodes serve'} (npm run build -w @corridor/web, about 20 s)...`,
    );
    run(['run', 'build', '-w', '@corridor/web']);
  }
}
