import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TrustBundle } from '@corridor/core/trust';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleState, writeBundleState } from './bundle-files.js';

describe('bundle state (rollback protection) fails closed', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'corridor-state-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads no state from a missing file (nothing accepted yet)', async () => {
    expect(await readBundleState(path.join(dir, 'none.json'))).toBeUndefined();
    expect(await readBundleState(undefined)).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['truncated', '{"version": 7, "hash": "ab'],
    ['not JSON', 'garbage'],
    ['null', 'null'],
    ['a negative version', JSON.stringify({ version: -1, hash: 'a'.repeat(64) })],
    ['a hash that is no SHA-256', JSON.stringify({ version: 3, hash: 'ff' })],
    ['a missing version', JSON.stringify({ hash: 'a'.repeat(64) })],
  ])('refuses a state file that is %s with BUNDLE_STATE_UNREADABLE', async (_name, text) => {
    const file = path.join(dir, 'state.json');
    await writeFile(file, text);
    await expect(readBundleState(file, 'ko')).rejects.toMatchObject({
      code: 'BUNDLE_STATE_UNREADABLE',
      message: expect.stringContaining('롤백'),
    });
  });

  it('refuses a state path it cannot read (a folder)', async () => {
    await expect(readBundleState(dir)).rejects.toMatchObject({ code: 'BUNDLE_STATE_UNREADABLE' });
  });

  it('writes the record atomically: the new record, no temporary file left', async () => {
    const file = path.join(dir, 'sub', 'state.json');
    const bundle = { version: 12, hash: 'c'.repeat(64) } as TrustBundle;
    await writeBundleState(file, bundle);
    await writeBundleState(file, { ...bundle, version: 13 } as TrustBundle);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 13, hash: 'c'.repeat(64) });
    expect(await readdir(path.dirname(file))).toEqual(['state.json']);
    expect(await readBundleState(file)).toEqual({ version: 13, hash: 'c'.repeat(64) });
  });
});
