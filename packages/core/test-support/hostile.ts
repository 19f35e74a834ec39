/**
 * Helpers for the hostile-input suite (`src/hostile.test.ts`): a throw-away ES256 document
 * signer with a minimal self-signed DSC, a COSE_Sign1 builder that signs arbitrary (also
 * malformed) parts, and a cost meter for one `verify()` call.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  Certificate,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import { zlibSync } from 'fflate';
import { encodeBase45 } from '../src/base45/encode.js';
import { encodeCbor } from '../src/cbor/encode.js';
import { Tagged } from '../src/cbor/tagged.js';
import { sigStructure } from '../src/cose/sign1.js';
import type { HcertSigner } from '../src/issue.js';

const OID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const OID_COMMON_NAME = '2.5.4.3';
const OID_COUNTRY = '2.5.4.6';

/** A DSC and the private key behind it. */
export interface TestSigner {
  /** DER of a self-signed X.509 v3 certificate over the P-256 key. */
  der: Uint8Array;
  /** Ready for `issueHcert` (kid = first 8 bytes of SHA-256 of the DER). */
  signer: HcertSigner & { privateKey: CryptoKey };
}

/**
 * Generates a P-256 key and a minimal self-signed DSC (subject `CN=Corridor Hostile Test,
 * C=XX`, valid 2020-2030, no extensions) with WebCrypto and @peculiar/asn1-x509.
 */
export async function makeTestSigner(): Promise<TestSigner> {
  const subtle = globalThis.crypto.subtle;
  const pair = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const spki = new Uint8Array(await subtle.exportKey('spki', pair.publicKey));
  const name = new Name([
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({
        type: OID_COUNTRY,
        value: new AttributeValue({ printableString: 'XX' }),
      }),
    ]),
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({
        type: OID_COMMON_NAME,
        value: new AttributeValue({ utf8String: 'Corridor Hostile Test' }),
      }),
    ]),
  ]);
  const signatureAlgorithm = new AlgorithmIdentifier({ algorithm: OID_ECDSA_WITH_SHA256 });
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: new Uint8Array([0x01, 0x02, 0x03, 0x04]).buffer,
    signature: signatureAlgorithm,
    issuer: name,
    validity: new Validity({
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2030-01-01T00:00:00Z'),
    }),
    subject: name,
    subjectPublicKeyInfo: AsnConvert.parse(spki, SubjectPublicKeyInfo),
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const raw = new Uint8Array(
    await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, tbsDer),
  );
  const cert = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm,
    signatureValue: ecdsaRawToDer(raw).buffer as ArrayBuffer,
  });
  const der = new Uint8Array(AsnConvert.serialize(cert));
  const kid = new Uint8Array(await subtle.digest('SHA-256', der)).subarray(0, 8);
  return { der, signer: { alg: 'ES256', privateKey: pair.privateKey, kid, country: 'XX' } };
}

/** X.509 wants ECDSA signatures as DER `SEQUENCE { r INTEGER, s INTEGER }`. */
function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const body = b[i]! & 0x80 ? [0, ...b.subarray(i)] : [...b.subarray(i)];
    return [0x02, body.length, ...body];
  };
  const seq = [...int(raw.subarray(0, 32)), ...int(raw.subarray(32))];
  return new Uint8Array([0x30, seq.length, ...seq]);
}

/** The parts of a COSE_Sign1 to build; byte fields are used exactly as given. */
export interface CoseParts {
  /** Serialized protected header (or any CBOR value, for malformed envelopes). */
  protectedBytes: unknown;
  unprotected?: unknown;
  /** Serialized claims (or any CBOR value). */
  payload: unknown;
  /** Signature; when omitted, a real ES256 signature by `signer` over the parts. */
  signature?: unknown;
  /** Tags around the array, outermost first; default `[18]`. */
  tags?: number[];
}

/**
 * Encodes a COSE_Sign1 from arbitrary parts, signing them with `signer` when both byte parts
 * are byte strings, so the structural defect under test is the only one.
 */
export async function buildCose(parts: CoseParts, signer?: HcertSigner): Promise<Uint8Array> {
  let signature = parts.signature;
  if (
    signature === undefined &&
    signer &&
    parts.protectedBytes instanceof Uint8Array &&
    parts.payload instanceof Uint8Array
  ) {
    signature = await signEs256(
      signer.privateKey as CryptoKey,
      sigStructure(parts.protectedBytes, parts.payload),
    );
  }
  let value: unknown = [
    parts.protectedBytes,
    parts.unprotected ?? new Map(),
    parts.payload,
    signature ?? new Uint8Array(64),
  ];
  for (const tag of [...(parts.tags ?? [18])].reverse()) value = new Tagged(tag, value);
  return encodeCbor(value);
}

/** Raw r‖s ES256 signature, as COSE wants it. */
export async function signEs256(key: CryptoKey, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(
    await globalThis.crypto.subtle.sign(
      { name: 'ECDSA', hash: 'SHA-256' },
      key,
      data as BufferSource,
    ),
  );
}

/** COSE (or any) bytes → zlib → Base45 → `HC1:` text, like an issuer. */
export function wrapHc1(cose: Uint8Array): string {
  return `HC1:${encodeBase45(zlibSync(cose, { level: 9 }))}`;
}

/** Bytes from hex. */
export function hex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Concatenates byte arrays and byte values. */
export function bytes(...parts: (Uint8Array | number[] | number)[]): Uint8Array {
  const flat: number[] = [];
  for (const p of parts) {
    if (typeof p === 'number') flat.push(p);
    else flat.push(...p);
  }
  return Uint8Array.from(flat);
}

type Gc = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async' }) => void;

let gcFn: Gc | undefined;

/**
 * V8's `gc()`, exposed at run time (vitest workers do not start with `--expose-gc`). Taking it
 * from a fresh context is the documented way to reach it after `setFlagsFromString`.
 */
export function gc(): Gc {
  if (!gcFn) {
    setFlagsFromString('--expose-gc');
    gcFn = runInNewContext('gc') as Gc;
  }
  return gcFn;
}

/** Heap used plus off-heap buffers: what an input can make the process hold. */
export function memoryInUse(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
}

/** Elapsed time and memory growth of one call. */
export interface Cost<T> {
  value: T;
  ms: number;
  bytes: number;
}

/**
 * Runs `fn` once and reports its wall time and memory growth.
 *
 * Memory is an approximation: a garbage collection runs first (a full one with
 * `collect: 'major'`, a cheap scavenge otherwise), then the growth of heap used + external +
 * array buffers is read right after the call, without collecting again, so garbage the call
 * made counts as allocated. A scavenge during the call can hide short-lived small objects, but
 * large allocations (large-object space, ArrayBuffers) survive scavenges and are always seen.
 */
export async function measure<T>(
  fn: () => Promise<T>,
  collect: 'major' | 'minor' = 'minor',
): Promise<Cost<T>> {
  gc()({ type: collect, execution: 'sync' });
  const before = memoryInUse();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const bytes = memoryInUse() - before;
  return { value, ms, bytes };
}
