import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readDsc } from '@corridor/core/x509';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../lib/usage.js';
import { keysCommand, PASSPHRASE_ENV } from './keys.js';

let root: string;
let store: string;
let out: string[];
let err: string[];

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'corridor-cli-keys-'));
  store = path.join(root, 'keys');
  out = [];
  err = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  vi.stubEnv(PASSPHRASE_ENV, 'test passphrase for the CLI');
});

afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await rm(root, { recursive: true, force: true });
});

const run = (...args: string[]) => keysCommand([...args, '--store', store]);
const stdout = () => out.join('');

describe('corridor keys', () => {
  it('refuses to run without CORRIDOR_KEY_PASSPHRASE (exit 2)', async () => {
    vi.stubEnv(PASSPHRASE_ENV, '');
    expect(await run('list')).toBe(2);
    expect(err.join('')).toContain(PASSPHRASE_ENV);
    expect(existsSync(store)).toBe(false);
  });

  it('creates a CSCA and a DSC, lists the DSC as signing, exports a PEM core reads', async () => {
    expect(await run('csca', 'create', '--country', 'KR', '--label', 'csca-kr')).toBe(0);
    expect(stdout()).toContain('Created CSCA csca-kr (ES256) for KR');
    expect(
      await run(
        'dsc',
        'create',
        '--country',
        'kr',
        '--usage',
        'vaccination,test,recovery',
        '--label',
        'dsc-kr',
      ),
    ).toBe(0);
    expect(stdout()).toContain('issued by csca-kr');

    out = [];
    expect(await run('list', '--json')).toBe(0);
    const listed = JSON.parse(stdout());
    expect(listed.keys.map((k: { label: string; state: string }) => [k.label, k.state])).toEqual([
      ['csca-kr', 'issuing'],
      ['dsc-kr', 'signing'],
    ]);
    expect(listed.signers).toContainEqual({ country: 'KR', usage: 'vaccination', label: 'dsc-kr' });
    expect(listed.findings).toEqual([]);

    out = [];
    expect(await run('list')).toBe(0);
    expect(stdout()).toMatch(/dsc-kr\s+dsc\s+KR\s+ES256\s+signing/);

    out = [];
    expect(await keysCommand(['export', 'dsc-kr', '--store', store])).toBe(0);
    const dsc = readDsc(stdout());
    expect(dsc.country).toBe('KR');
    expect(dsc.keyAlg).toBe('ES256');
    expect(dsc.keyUsage?.sort()).toEqual(['recovery', 'test', 'vaccination']);
  });

  it('creates upload and authority keys certified by the country CSCA', async () => {
    expect(await run('csca', 'create', '--country', 'VN', '--label', 'csca-vn')).toBe(0);
    expect(await run('upload', 'create', '--country', 'VN', '--label', 'upload-vn')).toBe(0);
    expect(await run('authority', 'create', '--country', 'VN', '--label', 'authority-vn')).toBe(0);
    expect(stdout()).toContain(
      'Created authority key authority-vn (ES256) for VN, certified by csca-vn',
    );
    for (const label of ['upload-vn', 'authority-vn']) {
      out = [];
      expect(await keysCommand(['export', label, '--store', store])).toBe(0);
      const cert = readDsc(stdout());
      expect(cert.country).toBe('VN');
      expect(cert.issuer).toContain('C=VN');
      // Neither may sign a health certificate.
      expect(cert.keyUsage).toEqual([]);
    }
    expect(await run('upload', 'create', '--country', 'TH')).toBe(1);
  });

  it('makes RSA-PSS 3072 keys with --alg PS256 and picks the country CSCA by itself', async () => {
    expect(await run('csca', 'create', '--country', 'CN', '--alg', 'PS256', '--json')).toBe(0);
    const csca = JSON.parse(out.join(''));
    expect(csca).toMatchObject({ kind: 'csca', country: 'CN', alg: 'PS256' });
    out = [];
    expect(
      await run('dsc', 'create', '--country', 'CN', '--usage', 'test', '--alg', 'PS256', '--json'),
    ).toBe(0);
    const dsc = JSON.parse(out.join(''));
    expect(dsc).toMatchObject({
      kind: 'dsc',
      country: 'CN',
      alg: 'PS256',
      usages: ['test'],
      issuer: csca.label,
    });
    expect(Buffer.from(dsc.kid, 'base64')).toHaveLength(8);
    out = [];
    await run('export', dsc.label);
    expect(readDsc(stdout()).keyAlg).toBe('PS256');
  });

  it('fails with exit 1 when no CSCA of the country exists, or the passphrase is wrong', async () => {
    expect(await run('dsc', 'create', '--country', 'KR', '--usage', 'test')).toBe(1);
    expect(err.join('')).toContain('no CSCA for KR');
    await run('csca', 'create', '--country', 'KR');
    vi.stubEnv(PASSPHRASE_ENV, 'another passphrase');
    err = [];
    expect(await run('dsc', 'create', '--country', 'KR', '--usage', 'test')).toBe(1);
    expect(err.join('')).toContain('KEYSTORE_WRONG_PASSPHRASE');
    expect(await run('export', 'missing')).toBe(1);
  });

  it('throws UsageError for usage mistakes', async () => {
    await expect(
      run('dsc', 'create', '--country', 'KR', '--usage', 'flights'),
    ).rejects.toBeInstanceOf(UsageError);
    await expect(run('csca', 'create')).rejects.toBeInstanceOf(UsageError);
    await expect(run('csca', 'create', '--country', 'KR', '--alg', 'RS256')).rejects.toBeInstanceOf(
      UsageError,
    );
    await expect(run('rotate')).rejects.toBeInstanceOf(UsageError);
    await expect(keysCommand([])).rejects.toBeInstanceOf(UsageError);
  });

  it('keeps keys in .corridor/keys under the current directory by default', async () => {
    const cwd = process.cwd();
    process.chdir(root);
    try {
      expect(await keysCommand(['csca', 'create', '--country', 'KR'])).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    expect(existsSync(path.join(root, '.corridor', 'keys'))).toBe(true);
  });
});
