import {
  createCipheriv,
  createDecipheriv,
  randomBytes,
  scrypt as scryptCallback,
} from 'node:crypto';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import {
  generateSigningKeyPair,
  isSigningAlg,
  KEY_ALGORITHMS,
  type SigningAlg,
  type SigningKeyPair,
} from '../pki/algorithms.js';
import {
  assertLabel,
  type CreateKeyOptions,
  type KeyMetadata,
  type KeyRecord,
  type KeyStore,
  KeyStoreError,
} from './key-store.js';

/** scrypt cost parameters (RFC 7914). */
export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/**
 * Default scrypt cost: N = 2^17, r = 8, p = 1 (128 MiB, about a third of a second), the
 * OWASP recommendation for scrypt. Each key file records its own parameters.
 */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
/** Lowest cost accepted when writing (tests may go down to this, never production lower). */
export const MIN_SCRYPT_N = 2 ** 14;
/** Highest cost accepted when reading, so a tampered file cannot exhaust memory or CPU. */
const MAX_SCRYPT = { N: 2 ** 20, r: 32, p: 16 };

/** File format written by {@link FileKeyStore} (one JSON file per key). */
export interface KeyFile {
  format: 'corridor-key';
  version: 1;
  label: string;
  alg: SigningAlg;
  createdAt: string;
  /** Base64 DER SubjectPublicKeyInfo (public). */
  publicKey: string;
  kdf: { name: 'scrypt'; salt: string; N: number; r: number; p: number; keyLength: 32 };
  /**
   * The PKCS#8 private key, AES-256-GCM under the scrypt-derived key. The additional
   * authenticated data is the JSON of `[format, version, label, alg, publicKey]`, so a file
   * renamed to another label or given another public key fails to open.
   */
  cipher: { name: 'AES-256-GCM'; iv: string; tag: string; ciphertext: string };
  metadata: KeyMetadata;
}

/** Options of {@link FileKeyStore}. */
export interface FileKeyStoreOptions {
  /** Folder holding the key files (created with mode 0700). */
  dir: string;
  /** Unlocks the private keys; never stored. */
  passphrase: string;
  /** scrypt cost for new keys; default {@link DEFAULT_SCRYPT}. */
  scrypt?: ScryptParams;
  /** The clock for `createdAt`; default the system clock. */
  clock?: () => Date;
}

const SUFFIX = '.key.json';

/**
 * A {@link KeyStore} in a folder: one `<label>.key.json` per key, mode 0600, written
 * atomically (temporary file, fsync, then link or rename). The private key is PKCS#8,
 * encrypted with AES-256-GCM under a key derived from the passphrase by scrypt with a random
 * 16-byte salt per file. A wrong passphrase (or an altered file) fails GCM authentication and
 * raises `KeyStoreError` `KEYSTORE_WRONG_PASSPHRASE`.
 *
 * @example
 * const store = new FileKeyStore({ dir: '.corridor/keys', passphrase });
 * await store.create('dsc-kr-2026', { alg: 'ES256', metadata: { kind: 'dsc' } });
 */
export class FileKeyStore implements KeyStore {
  private readonly dir: string;
  private readonly passphrase: string;
  private readonly scrypt: ScryptParams;
  private readonly clock: () => Date;

  constructor(options: FileKeyStoreOptions) {
    if (!options.passphrase) {
      throw new KeyStoreError('KEYSTORE_PASSPHRASE_MISSING', 'the key store needs a passphrase');
    }
    const scrypt = options.scrypt ?? DEFAULT_SCRYPT;
    if (
      scrypt.N < MIN_SCRYPT_N ||
      !Number.isInteger(Math.log2(scrypt.N)) ||
      scrypt.r < 8 ||
      scrypt.p < 1
    ) {
      throw new RangeError(`scrypt parameters too weak: N=${scrypt.N} r=${scrypt.r} p=${scrypt.p}`);
    }
    this.dir = options.dir;
    this.passphrase = options.passphrase;
    this.scrypt = scrypt;
    this.clock = options.clock ?? (() => new Date());
  }

  async create(label: string, options: CreateKeyOptions): Promise<SigningKeyPair> {
    assertLabel(label);
    if (!isSigningAlg(options.alg))
      throw new RangeError(`unsupported key algorithm ${String(options.alg)}`);
    if (await this.exists(label)) {
      throw new KeyStoreError('KEYSTORE_KEY_EXISTS', `a key labelled "${label}" already exists`);
    }
    const generated = await generateSigningKeyPair(options.alg, { extractable: true });
    const subtle = globalThis.crypto.subtle;
    const pkcs8 = Buffer.from(await subtle.exportKey('pkcs8', generated.privateKey));
    const spki = Buffer.from(await subtle.exportKey('spki', generated.publicKey));
    const header = {
      format: 'corridor-key' as const,
      version: 1 as const,
      label,
      alg: options.alg,
      publicKey: spki.toString('base64'),
    };
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const key = await deriveKey(this.passphrase, salt, this.scrypt);
    let file: KeyFile;
    let privateKey: CryptoKey;
    try {
      // Hand out a non-extractable copy, as `get` would.
      privateKey = await importPrivate(options.alg, pkcs8);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad(header));
      const ciphertext = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
      file = {
        ...header,
        createdAt: this.clock().toISOString(),
        kdf: { name: 'scrypt', salt: salt.toString('base64'), ...this.scrypt, keyLength: 32 },
        cipher: {
          name: 'AES-256-GCM',
          iv: iv.toString('base64'),
          tag: cipher.getAuthTag().toString('base64'),
          ciphertext: ciphertext.toString('base64'),
        },
        metadata: { ...(options.metadata ?? {}) },
      };
    } finally {
      key.fill(0);
      pkcs8.fill(0);
    }
    await this.write(label, file, { exclusive: true });
    return { privateKey, publicKey: generated.publicKey, alg: options.alg };
  }

  async get(label: string): Promise<SigningKeyPair> {
    const file = await this.read(label);
    const pkcs8 = await this.decrypt(file);
    try {
      const privateKey = await importPrivate(file.alg, pkcs8);
      const publicKey = await globalThis.crypto.subtle.importKey(
        'spki',
        Buffer.from(file.publicKey, 'base64'),
        KEY_ALGORITHMS[file.alg],
        true,
        ['verify'],
      );
      return { privateKey, publicKey, alg: file.alg };
    } finally {
      pkcs8.fill(0);
    }
  }

  async exists(label: string): Promise<boolean> {
    assertLabel(label);
    try {
      await stat(this.fileOf(label));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async list(): Promise<KeyRecord[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const labels = names
      .filter((n) => n.endsWith(SUFFIX))
      .map((n) => n.slice(0, -SUFFIX.length))
      .filter((l) => /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(l))
      .sort();
    const out: KeyRecord[] = [];
    for (const label of labels) out.push(toRecord(await this.read(label)));
    return out;
  }

  async describe(label: string): Promise<KeyRecord> {
    return toRecord(await this.read(label));
  }

  async updateMetadata(label: string, metadata: KeyMetadata): Promise<KeyRecord> {
    const file = await this.read(label);
    const merged: KeyMetadata = { ...file.metadata };
    for (const [key, value] of Object.entries(metadata)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    file.metadata = merged;
    await this.write(label, file, { exclusive: false });
    return toRecord(file);
  }

  private fileOf(label: string): string {
    return path.join(this.dir, `${label}${SUFFIX}`);
  }

  private async read(label: string): Promise<KeyFile> {
    assertLabel(label);
    let text: string;
    try {
      text = await readFile(this.fileOf(label), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new KeyStoreError(
          'KEYSTORE_KEY_NOT_FOUND',
          `no key labelled "${label}" in ${this.dir}`,
        );
      }
      throw error;
    }
    return parseKeyFile(label, text);
  }

  private async decrypt(file: KeyFile): Promise<Buffer> {
    const { kdf, cipher } = file;
    const key = await deriveKey(this.passphrase, Buffer.from(kdf.salt, 'base64'), kdf);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(cipher.iv, 'base64'));
      decipher.setAAD(aad(file));
      decipher.setAuthTag(Buffer.from(cipher.tag, 'base64'));
      return Buffer.concat([
        decipher.update(Buffer.from(cipher.ciphertext, 'base64')),
        decipher.final(),
      ]);
    } catch {
      throw new KeyStoreError(
        'KEYSTORE_WRONG_PASSPHRASE',
        `cannot unlock key "${file.label}": wrong passphrase (or the key file was altered)`,
      );
    } finally {
      key.fill(0);
    }
  }

  /** Writes the key file atomically (0600, fsynced); a new key never replaces an existing one. */
  private async write(
    label: string,
    file: KeyFile,
    { exclusive }: { exclusive: boolean },
  ): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    try {
      await writeFileAtomic(this.fileOf(label), `${JSON.stringify(file, null, 2)}\n`, {
        mode: 0o600,
        exclusive,
      });
    } catch (error) {
      if (exclusive && (error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new KeyStoreError('KEYSTORE_KEY_EXISTS', `a key labelled "${label}" already exists`);
      }
      throw error;
    }
  }
}

function aad(header: Pick<KeyFile, 'format' | 'version' | 'label' | 'alg' | 'publicKey'>): Buffer {
  return Buffer.from(
    JSON.stringify([header.format, header.version, header.label, header.alg, header.publicKey]),
    'utf8',
  );
}

function deriveKey(passphrase: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const { N, r, p } = params;
  return new Promise((resolve, reject) => {
    scryptCallback(
      passphrase.normalize('NFC'),
      salt,
      32,
      { N, r, p, maxmem: 256 * N * r + 64 * 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

async function importPrivate(alg: SigningAlg, pkcs8: Buffer): Promise<CryptoKey> {
  // A view, not a copy: the caller zeroes `pkcs8` afterwards.
  const view = new Uint8Array(
    pkcs8.buffer,
    pkcs8.byteOffset,
    pkcs8.byteLength,
  ) as Uint8Array<ArrayBuffer>;
  return globalThis.crypto.subtle.importKey('pkcs8', view, KEY_ALGORITHMS[alg], false, ['sign']);
}

function toRecord(file: KeyFile): KeyRecord {
  return {
    label: file.label,
    alg: file.alg,
    createdAt: new Date(file.createdAt),
    publicKey: new Uint8Array(Buffer.from(file.publicKey, 'base64')),
    metadata: { ...file.metadata },
  };
}

/** Validates a key file's shape and bounds; throws `KEYSTORE_FILE_INVALID`. */
function parseKeyFile(label: string, text: string): KeyFile {
  const bad = (why: string) =>
    new KeyStoreError('KEYSTORE_FILE_INVALID', `key file for "${label}" is invalid: ${why}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw bad('not JSON');
  }
  const f = json as Partial<KeyFile>;
  if (f?.format !== 'corridor-key') throw bad('not a Corridor key file');
  if (f.version !== 1) throw bad(`unsupported version ${String(f.version)}`);
  if (f.label !== label) throw bad(`it holds the key "${String(f.label)}"`);
  if (!isSigningAlg(f.alg)) throw bad(`unsupported algorithm ${String(f.alg)}`);
  if (typeof f.publicKey !== 'string' || typeof f.createdAt !== 'string')
    throw bad('missing fields');
  const kdf = f.kdf;
  if (kdf?.name !== 'scrypt' || typeof kdf.salt !== 'string')
    throw bad('unsupported key derivation');
  for (const k of ['N', 'r', 'p'] as const) {
    const v = kdf[k];
    if (!Number.isInteger(v) || v < 1 || v > MAX_SCRYPT[k]) throw bad(`scrypt ${k} out of range`);
  }
  const c = f.cipher;
  if (
    c?.name !== 'AES-256-GCM' ||
    typeof c.iv !== 'string' ||
    typeof c.tag !== 'string' ||
    typeof c.ciphertext !== 'string'
  ) {
    throw bad('unsupported cipher');
  }
  if (f.metadata !== undefined && (typeof f.metadata !== 'object' || f.metadata === null))
    throw bad('metadata');
  return { ...(f as KeyFile), metadata: f.metadata ?? {} };
}
