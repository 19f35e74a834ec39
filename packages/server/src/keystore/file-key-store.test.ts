import { createDecipheriv, createPrivateKey, scryptSync } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT, FileKeyStore, type KeyFile } from './file-key-store.js';
import { KeyStoreError } from './key-store.js';

// The lowest cost the store accepts, to keep the suite fast; production uses DEFAULT_SCRYPT.
const FAST = { N: 2 ** 14, r: 8, p: 1 };
const CLOCK = () => new Date('2026-03-01T00:00:00Z');
let dir: string;

beforeEach(async () => {
  dir = path.join(await mkdtemp(path.join(tmpdir(), 'corridor-keys-')), 'keys');
});
afterEach(async () => {
  await rm(path.dirname(dir), { recursive: true, force: true });
});

const store = (passphrase = 'correct horse battery staple') =>
  new FileKeyStore({ dir, passphrase, scrypt: FAST, clock: CLOCK });

async function signAndVerify(pair: { privateKey: CryptoKey; publicKey: CryptoKey }, alg: string) {
  const params =
    alg === 'ES256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSA-PSS', saltLength: 32 };
  const data = new TextEncoder().encode('corridor');
  const signature = await crypto.subtle.sign(params, pair.privateKey, data);
  return crypto.subtle.verify(params, pair.publicKey, signature, data);
}

describe('FileKeyStore', () => {
  it.each(['ES256', 'PS256'] as const)(
    'round-trips a %s key between store instances',
    async (alg) => {
      const created = await store().create(`key-${alg}`, {
        alg,
        metadata: { kind: 'dsc', country: 'KR' },
      });
      const loaded = await store().get(`key-${alg}`);
      expect(loaded.alg).toBe(alg);
      expect(loaded.privateKey.extractable).toBe(false);
      expect(created.privateKey.extractable).toBe(false);
      expect(
        await signAndVerify({ privateKey: loaded.privateKey, publicKey: created.publicKey }, alg),
      ).toBe(true);
      expect(
        await signAndVerify({ privateKey: created.privateKey, publicKey: loaded.publicKey }, alg),
      ).toBe(true);
      if (alg === 'PS256')
        expect((loaded.privateKey.algorithm as RsaHashedKeyAlgorithm).modulusLength).toBe(3072);
    },
  );

  it('refuses a wrong passphrase with KEYSTORE_WRONG_PASSPHRASE', async () => {
    await store().create('csca-kr', { alg: 'ES256' });
    const error = await store('wrong passphrase')
      .get('csca-kr')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyStoreError);
    expect(error).toMatchObject({ code: 'KEYSTORE_WRONG_PASSPHRASE' });
    expect((error as Error).message).toContain('wrong passphrase');
  });

  it('writes one 0600 JSON file per key with KDF parameters and no plaintext key material', async () => {
    const pair = await store().create('dsc-cn-1', { alg: 'ES256' });
    const files = (await readdir(dir)).filter((f) => !f.startsWith('.'));
    expect(files).toEqual(['dsc-cn-1.key.json']);
    const file = path.join(dir, 'dsc-cn-1.key.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o077).toBe(0);
    const text = await readFile(file, 'utf8');
    const json = JSON.parse(text) as KeyFile;
    expect(json).toMatchObject({
      format: 'corridor-key',
      version: 1,
      label: 'dsc-cn-1',
      alg: 'ES256',
      createdAt: '2026-03-01T00:00:00.000Z',
      kdf: { name: 'scrypt', N: FAST.N, r: 8, p: 1, keyLength: 32 },
      cipher: { name: 'AES-256-GCM' },
    });
    expect(Buffer.from(json.kdf.salt, 'base64')).toHaveLength(16);
    expect(text).not.toMatch(/PRIVATE KEY|"d"\s*:/);
    expect(pair.privateKey.extractable).toBe(false);
  });

  it.each(['ES256', 'PS256'] as const)(
    'stores a %s private key only as ciphertext: neither the PKCS#8 nor its secret appear',
    async (alg) => {
      await store().create('probe', { alg });
      const text = await readFile(path.join(dir, 'probe.key.json'), 'utf8');
      const file = JSON.parse(text) as KeyFile;
      // Open the file by hand, as an attacker with the passphrase would, to learn the plaintext.
      const key = scryptSync(
        'correct horse battery staple',
        Buffer.from(file.kdf.salt, 'base64'),
        32,
        {
          ...FAST,
          maxmem: 64 * 1024 * 1024,
        },
      );
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.cipher.iv, 'base64'));
      decipher.setAAD(
        Buffer.from(
          JSON.stringify([file.format, file.version, file.label, file.alg, file.publicKey]),
        ),
      );
      decipher.setAuthTag(Buffer.from(file.cipher.tag, 'base64'));
      const pkcs8 = Buffer.concat([
        decipher.update(Buffer.from(file.cipher.ciphertext, 'base64')),
        decipher.final(),
      ]);
      const jwk = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({
        format: 'jwk',
      });
      const secrets = [
        pkcs8.toString('base64'),
        pkcs8.toString('hex'),
        jwk.d!,
        Buffer.from(jwk.d!, 'base64url').toString('base64'),
      ];
      if (alg === 'PS256') secrets.push(jwk.p!, jwk.q!);
      for (const secret of secrets) expect(text).not.toContain(secret.slice(8, 40));
      expect(Buffer.from(file.cipher.ciphertext, 'base64').includes(pkcs8.subarray(0, 24))).toBe(
        false,
      );
    },
  );

  it('lists, describes and updates metadata without the passphrase being right', async () => {
    await store().create('b-key', { alg: 'ES256', metadata: { kind: 'dsc' } });
    await store().create('a-key', { alg: 'ES256', metadata: { kind: 'csca', country: 'CN' } });
    const locked = store('not the passphrase');
    expect((await locked.list()).map((r) => [r.label, r.metadata.kind])).toEqual([
      ['a-key', 'csca'],
      ['b-key', 'dsc'],
    ]);
    const updated = await locked.updateMetadata('a-key', { certificate: 'PEM', country: null });
    expect(updated.metadata).toEqual({ kind: 'csca', certificate: 'PEM' });
    expect((await store().describe('a-key')).metadata).toEqual({
      kind: 'csca',
      certificate: 'PEM',
    });
    expect((await stat(path.join(dir, 'a-key.key.json'))).mode & 0o777).toBe(0o600);
    // Metadata updates do not disturb the encrypted key.
    await expect(store().get('a-key')).resolves.toMatchObject({ alg: 'ES256' });
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses duplicate labels, bad labels, missing keys and an empty passphrase with codes', async () => {
    await store().create('dup', { alg: 'ES256' });
    await expect(store().create('dup', { alg: 'ES256' })).rejects.toMatchObject({
      code: 'KEYSTORE_KEY_EXISTS',
    });
    await expect(store().create('../escape', { alg: 'ES256' })).rejects.toMatchObject({
      code: 'KEYSTORE_LABEL_INVALID',
    });
    await expect(store().get('absent')).rejects.toMatchObject({ code: 'KEYSTORE_KEY_NOT_FOUND' });
    expect(await store().exists('dup')).toBe(true);
    expect(await store().exists('absent')).toBe(false);
    expect(() => store('')).toThrow(KeyStoreError);
    expect(
      () => new FileKeyStore({ dir, passphrase: 'x', scrypt: { N: 1024, r: 8, p: 1 } }),
    ).toThrow(RangeError);
    expect(DEFAULT_SCRYPT.N).toBeGreaterThanOrEqual(2 ** 17);
  });

  it('detects a key file moved to another label or given another public key', async () => {
    await store().create('one', { alg: 'ES256' });
    await store().create('two', { alg: 'ES256' });
    const one = JSON.parse(await readFile(path.join(dir, 'one.key.json'), 'utf8')) as KeyFile;
    const two = JSON.parse(await readFile(path.join(dir, 'two.key.json'), 'utf8')) as KeyFile;
    await writeFile(
      path.join(dir, 'two.key.json'),
      JSON.stringify({ ...two, publicKey: one.publicKey }),
    );
    await expect(store().get('two')).rejects.toMatchObject({ code: 'KEYSTORE_WRONG_PASSPHRASE' });
    await writeFile(path.join(dir, 'two.key.json'), JSON.stringify({ ...one }));
    await expect(store().get('two')).rejects.toMatchObject({ code: 'KEYSTORE_FILE_INVALID' });
    await writeFile(
      path.join(dir, 'two.key.json'),
      JSON.stringify({ ...two, kdf: { ...two.kdf, N: 2 ** 30 } }),
    );
    await expect(store().get('two')).rejects.toMatchObject({ code: 'KEYSTORE_FILE_INVALID' });
  });
});
