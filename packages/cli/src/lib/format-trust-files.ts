import { readFile, stat } from 'node:fs/promises';
import type { CryptoProvider } from '@corridor/core/crypto';
import { type DivocKeyInput, DivocTrust } from '@corridor/core/divoc';
import { fromBase64 } from '@corridor/core/lib';
import { NzcpTrust } from '@corridor/core/nzcp';
import {
  type PublishedJson,
  type ShcIssuerConfig,
  ShcTrust,
  shcIssuersFromLayout,
} from '@corridor/core/shc';
import { DscTrustList, type FormatTrust } from '@corridor/core/trust';
import { VdsNcTrust } from '@corridor/core/vds-nc';
import { readCrl, readDsc } from '@corridor/core/x509';
import { UsageError, unreadableFile } from './usage.js';

/** Largest trust file read (a JWK set or DID document of a large issuer stays far below). */
const MAX_TRUST_FILE = 8 * 1024 * 1024;

/** How `--trust` files without their own binding are bound. */
export interface TrustFileOptions {
  /** `--trust-issuer`: the SHC `iss` of a JWK set or CRL not laid out under `issuers/<host>/.well-known/`. */
  issuer?: string;
  /** `--trust-method`: the DIVOC `proof.verificationMethod` of bare PEM or Base58 keys. */
  method?: string;
}

/** The {@link TrustFileOptions} of a command's `--trust-issuer` and `--trust-method` flags. */
export function trustFileOptions(flags: {
  'trust-issuer'?: string | undefined;
  'trust-method'?: string | undefined;
}): TrustFileOptions {
  const options: TrustFileOptions = {};
  if (flags['trust-issuer'] !== undefined) options.issuer = flags['trust-issuer'];
  if (flags['trust-method'] !== undefined) options.method = flags['trust-method'];
  return options;
}

const PEM = (label: string) =>
  new RegExp(`-----BEGIN ${label}-----[\\s\\S]*?-----END ${label}-----`, 'g');
const BASE58_KEY = /^[1-9A-HJ-NP-Za-km-z]{32,50}$/;

/**
 * Reads `--trust` files of every format into one trust source, classifying each by its content
 * (never its name): certificates (DER, PEM or base64) go to HC1 as document signers unless
 * basicConstraints marks them a CA, which makes them VDS-NC CSCAs; X.509 CRLs go to VDS-NC; a
 * JWK set (`{"keys": [...]}`) or a `rids` revocation list is a SMART Health Card issuer's, bound
 * to `iss` by the `issuers/<host>/.well-known/` layout or by `--trust-issuer`; a DID document is
 * an NZCP issuer's and makes that issuer trusted (whoever hands it over vouches for it); a PEM
 * public key or Base58 key is DIVOC's, bound by `--trust-method`, and a key document
 * (`{id, publicKeyPem|publicKeyBase58}`) binds itself. A file that fits nothing, or binding that
 * is missing, is a usage error naming the file.
 */
export async function loadFormatTrustFiles(
  files: readonly string[],
  options: TrustFileOptions,
  crypto: CryptoProvider,
): Promise<DscTrustList & { formats: FormatTrust }> {
  const dscs: (Uint8Array | string)[] = [];
  const cscas: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  const shcFiles: { path: string; content: PublishedJson; kind: 'jwks' | 'crl' }[] = [];
  const didDocuments: Record<string, unknown>[] = [];
  const divocKeys: (DivocKeyInput | Record<string, unknown>)[] = [];
  for (const file of files) {
    const bytes = await readTrustFile(file);
    const text = Buffer.from(bytes).toString('latin1');
    const certificate = (der: Uint8Array | string) => {
      let ca = false;
      try {
        ca = readDsc(der).ca;
      } catch {
        // Not readable here: handed to HC1 as before, which reports it.
      }
      if (ca) cscas.push(typeof der === 'string' ? pemBody(der) : der);
      else dscs.push(der);
    };
    const pems = text.match(PEM('CERTIFICATE'));
    const pemCrls = text.match(PEM('X509 CRL'));
    const publicKey = text.match(PEM('PUBLIC KEY'));
    // JSON first: a key document carries its PEM inside.
    if (text.trimStart().startsWith('{')) {
      readJsonTrust(file, bytes);
    } else if (pems || pemCrls) {
      for (const pem of pems ?? []) certificate(pem);
      for (const pem of pemCrls ?? []) {
        crls.push(pemBody(pem));
      }
    } else if (publicKey) {
      for (const pem of publicKey)
        divocKeys.push({ verificationMethod: method(file), publicKeyPem: pem });
    } else if (bytes[0] === 0x30) {
      if (isCrl(bytes)) {
        crls.push(bytes);
      } else certificate(bytes);
    } else if (BASE58_KEY.test(text.trim())) {
      divocKeys.push({ verificationMethod: method(file), publicKeyBase58: text.trim() });
    } else {
      certificate(text.trim());
    }
  }

  function method(file: string): string {
    if (options.method === undefined)
      throw new UsageError(
        `${file} is a DIVOC public key: name its verification method with --trust-method ID`,
      );
    return options.method;
  }

  function readJsonTrust(file: string, bytes: Uint8Array): void {
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch (error) {
      throw new UsageError(`trust file ${file} is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      throw new UsageError(`trust file ${file} is not a JSON object`);
    const o = json as Record<string, unknown>;
    if (Array.isArray(o.keys)) {
      shcFiles.push({ path: file, content: bytes, kind: 'jwks' });
      return;
    }
    if (Array.isArray(o.rids)) {
      shcFiles.push({ path: file, content: bytes, kind: 'crl' });
      return;
    }
    if (
      typeof o.id === 'string' &&
      o.id.startsWith('did:') &&
      ('verificationMethod' in o || 'assertionMethod' in o)
    ) {
      didDocuments.push(o);
      return;
    }
    if (
      typeof o.id === 'string' &&
      (typeof o.publicKeyPem === 'string' || typeof o.publicKeyBase58 === 'string')
    ) {
      divocKeys.push(o);
      return;
    }
    throw new UsageError(
      `trust file ${file} is neither a JWK set, an SHC revocation list, a DID document nor a DIVOC key document`,
    );
  }

  const formats: FormatTrust = {};
  try {
    if (shcFiles.length > 0)
      formats.shc = await ShcTrust.create({
        issuers: shcIssuers(shcFiles, options.issuer),
        crypto,
      });
    if (didDocuments.length > 0) {
      const trustedIssuers = didDocuments.map((d) => d.id as string);
      formats.nzcp = await NzcpTrust.create({ didDocuments, trustedIssuers }, crypto);
    }
    if (cscas.length > 0 || crls.length > 0)
      formats.vdsNc = await VdsNcTrust.create({ cscas, crls });
    if (divocKeys.length > 0)
      formats.divoc = await DivocTrust.create({ keys: divocKeys as DivocKeyInput[] }, { crypto });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`trust file not usable: ${(error as Error).message}`);
  }
  let list: DscTrustList;
  try {
    list = await DscTrustList.create(dscs, { crypto });
  } catch (error) {
    throw new UsageError(`trust file not usable: ${(error as Error).message}`);
  }
  return Object.assign(list, { formats });
}

/**
 * SHC issuers: files in the published layout bind themselves; the rest go to `--trust-issuer`
 * (one JWK set at most), and without it they are a usage error rather than silently unused.
 */
function shcIssuers(
  files: readonly { path: string; content: PublishedJson; kind: 'jwks' | 'crl' }[],
  issuer: string | undefined,
): ShcIssuerConfig[] {
  const normalised = files.map((f) => ({ ...f, path: f.path.replaceAll('\\', '/') }));
  const laidOut = shcIssuersFromLayout(normalised);
  const unbound = new Set(laidOut.unbound);
  const loose = normalised.filter((f) => unbound.has(f.path));
  if (loose.length === 0) return laidOut.issuers;
  if (issuer === undefined)
    throw new UsageError(
      `${loose[0]!.path} is a SMART Health Card ${loose[0]!.kind === 'jwks' ? 'JWK set' : 'revocation list'} outside the issuers/<host>/.well-known/ layout: name its issuer with --trust-issuer URL`,
    );
  const jwks = loose.filter((f) => f.kind === 'jwks');
  if (jwks.length !== 1)
    throw new UsageError(
      `--trust-issuer binds exactly one JWK set (${jwks.length} given outside the layout)`,
    );
  const iss = issuer.replace(/\/+$/, '');
  const crls = loose.filter((f) => f.kind === 'crl').map((f) => f.content);
  return [...laidOut.issuers.filter((i) => i.iss !== iss), { iss, jwks: jwks[0]!.content, crls }];
}

async function readTrustFile(file: string): Promise<Uint8Array> {
  try {
    const info = await stat(file);
    if (info.size > MAX_TRUST_FILE)
      throw new UsageError(`trust file ${file} is larger than ${MAX_TRUST_FILE} bytes`);
    return new Uint8Array(await readFile(file));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw unreadableFile('trust file', file, error);
  }
}

function pemBody(pem: string): Uint8Array {
  return fromBase64(pem.replace(/-----[A-Z0-9 ]+-----/g, '').replace(/\s+/g, ''));
}

function isCrl(der: Uint8Array): boolean {
  try {
    readCrl(der);
    return true;
  } catch {
    return false;
  }
}
