#!/usr/bin/env node
// Runs before `npm start` and `npm test`: on a fresh clone, installs the npm dependencies
// (which also builds the packages); after a `git pull` that left the build behind, rebuilds.
// Uses nothing but Node itself, since it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
