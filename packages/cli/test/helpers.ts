import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/corridor.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built `corridor` binary with `args`, optionally feeding standard input and
 * setting environment variables.
 */
export function runCli(
  args: string[],
  input?: string,
  env: Record<string, string> = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

export interface DgcVector {
  PREFIX: string;
  '2DCODE'?: string;
  TESTCTX: { CERTIFICATE: string; VALIDATIONCLOCK: string };
}

export async function readVector(dgcDir: string, rel: string): Promise<DgcVector> {
  return JSON.parse(await readFile(path.join(dgcDir, rel), 'utf8')) as DgcVector;
}

/** A fresh temporary folder for one test file. */
export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'corridor-cli-'));
}

export function writeTemp(dir: string, name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}
