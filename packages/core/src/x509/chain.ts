import {
  DER_BIT_STRING,
  DER_INTEGER,
  DER_OID,
  DER_SEQUENCE,
  DerReader,
  oidText,
  type Tlv,
} from './der.js';
import {
  decodeOid,
  OID_EC_PUBLIC_KEY,
  OID_P256,
  OID_P384,
  OID_P521,
  OID_RSASSA_PSS,
} from './oids.js';

const OID_ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const OID_ECDSA_SHA384 = '1.2.840.10045.4.3.3';
const OID_ECDSA_SHA512 = '1.2.840.10045.4.3.4';
const OID_RSA_SHA256 = '1.2.840.113549.1.1.11';
const OID_RSA_SHA384 = '1.2.840.113549.1.1.12';
const OID_RSA_SHA512 = '1.2.840.113549.1.1.13';
const OID_SHA256 = '2.16.840.1.101.3.4.2.1';
const OID_SHA384 = '2.16.840.1.101.3.4.2.2';
const OID_SHA512 = '2.16.840.1.101.3.4.2.3';

const CURVES: Record<string, { name: string; size: number }> = {
  [OID_P256]: { name: 'P-256', size: 32 },
  [OID_P384]: { name: 'P-384', size: 48 },
  [OID_P521]: { name: 'P-521', size: 66 },
};

/** An AlgorithmIdentifier: the OID and, when present, the whole DER of its parameters. */
interface Algorithm {
  oid: string;
  parameters?: Uint8Array;
}

/** A signed X.509 structure (certificate or CRL): `SEQUENCE { tbs, algorithm, BIT STRING }`. */
interface Signed {
  tbs: Uint8Array;
  algorithm: Algorithm;
  signature: Uint8Array;
  /** The `tbs` element, for reading inside it. */
  tbsTlv: Tlv;
  reader: DerReader;
}

function readAlgorithm(reader: DerReader): Algorithm {
  const alg = reader.into(DER_SEQUENCE, 'AlgorithmIdentifier');
  const oid = oidText(alg.content(alg.next(DER_OID, 'algorithm')));
  if (!oid) throw new RangeError('malformed algorithm OID');
  if (alg.peek() === undefined) return { oid };
  const params = alg.next(undefined, 'parameters');
  alg.done('AlgorithmIdentifier');
  return { oid, parameters: alg.bytes.subarray(params.start, params.end) };
}

/** Reads the three parts every signed X.509 structure has, with core's own DER reader. */
function readSigned(der: Uint8Array): Signed {
  const top = new DerReader(der);
  const outer = top.into(DER_SEQUENCE, 'signed structure');
  top.done('signed structure');
  const tbsTlv = outer.next(DER_SEQUENCE, 'to-be-signed');
  const algorithm = readAlgorithm(outer);
  const bits = outer.content(outer.next(DER_BIT_STRING, 'signature'));
  outer.done('signed structure');
  if (bits.length < 1 || bits[0] !== 0) throw new RangeError('signature with unused bits');
  return {
    tbs: der.subarray(tbsTlv.start, tbsTlv.end),
    algorithm,
    signature: bits.subarray(1),
    tbsTlv,
    reader: outer,
  };
}

/** The issuer certificate's subjectPublicKeyInfo: its exact DER and its algorithm. */
function readSpki(der: Uint8Array): { spki: Uint8Array; algorithm: Algorithm } {
  const cert = readSigned(der);
  const tbs = cert.reader.enter(cert.tbsTlv);
  if (tbs.peek() === 0xa0) tbs.next(0xa0, 'version');
  tbs.next(DER_INTEGER, 'serialNumber');
  tbs.next(DER_SEQUENCE, 'signature');
  tbs.next(DER_SEQUENCE, 'issuer');
  tbs.next(DER_SEQUENCE, 'validity');
  tbs.next(DER_SEQUENCE, 'subject');
  const spkiTlv = tbs.next(DER_SEQUENCE, 'subjectPublicKeyInfo');
  const algorithm = readAlgorithm(tbs.enter(spkiTlv));
  return { spki: der.subarray(spkiTlv.start, spkiTlv.end), algorithm };
}

/**
 * Whether `child` (DER) carries a valid signature by the key of `issuer` (DER), checked with
 * WebCrypto: ECDSA with SHA-256/384/512, RSA PKCS#1 v1.5 and RSA-PSS. Names, validity and
 * extensions are the caller's business. Returns false for anything it cannot check. Read with
 * core's own DER reader (no ASN.1 library: this runs on the scanner page when a bundle opens).
 */
export async function isSignedBy(
  child: Uint8Array,
  issuer: Uint8Array,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<boolean> {
  try {
    const cert = readSigned(child);
    return await verifiesWith(cert.tbs, cert.algorithm, cert.signature, issuer, subtle);
  } catch {
    return false;
  }
}

/**
 * Whether an X.509 CRL (DER) carries a valid signature by the key of `issuer` (DER), with the
 * algorithms {@link isSignedBy} supports. Names and dates are the caller's business.
 */
export async function isCrlSignedBy(
  crl: Uint8Array,
  issuer: Uint8Array,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<boolean> {
  try {
    const list = readSigned(crl);
    return await verifiesWith(list.tbs, list.algorithm, list.signature, issuer, subtle);
  } catch {
    return false;
  }
}

/** Verifies `signature` over `tbs` under `algorithm` with the public key of `issuer` (DER). */
async function verifiesWith(
  tbs: Uint8Array,
  algorithm: Algorithm,
  signature: Uint8Array,
  issuer: Uint8Array,
  subtle: SubtleCrypto,
): Promise<boolean> {
  const { spki, algorithm: keyAlgorithm } = readSpki(issuer);
  const sigOid = algorithm.oid;
  const ecHash = {
    [OID_ECDSA_SHA256]: 'SHA-256',
    [OID_ECDSA_SHA384]: 'SHA-384',
    [OID_ECDSA_SHA512]: 'SHA-512',
  }[sigOid];
  if (ecHash) {
    if (keyAlgorithm.oid !== OID_EC_PUBLIC_KEY || !keyAlgorithm.parameters) return false;
    const curve = CURVES[decodeOid(keyAlgorithm.parameters) ?? ''];
    if (!curve) return false;
    const key = await subtle.importKey(
      'spki',
      spki as BufferSource,
      { name: 'ECDSA', namedCurve: curve.name },
      false,
      ['verify'],
    );
    const raw = derSignatureToRaw(signature, curve.size);
    if (!raw) return false;
    return await subtle.verify(
      { name: 'ECDSA', hash: ecHash },
      key,
      raw as BufferSource,
      tbs as BufferSource,
    );
  }
  const rsaHash = {
    [OID_RSA_SHA256]: 'SHA-256',
    [OID_RSA_SHA384]: 'SHA-384',
    [OID_RSA_SHA512]: 'SHA-512',
  }[sigOid];
  if (rsaHash) {
    const key = await subtle.importKey(
      'spki',
      spki as BufferSource,
      { name: 'RSASSA-PKCS1-v1_5', hash: rsaHash },
      false,
      ['verify'],
    );
    return await subtle.verify(
      'RSASSA-PKCS1-v1_5',
      key,
      signature as BufferSource,
      tbs as BufferSource,
    );
  }
  if (sigOid === OID_RSASSA_PSS) {
    const params = pssParams(algorithm.parameters);
    if (!params) return false;
    const key = await subtle.importKey(
      'spki',
      spki as BufferSource,
      { name: 'RSA-PSS', hash: params.hash },
      false,
      ['verify'],
    );
    return await subtle.verify(
      { name: 'RSA-PSS', saltLength: params.saltLength },
      key,
      signature as BufferSource,
      tbs as BufferSource,
    );
  }
  return false;
}

function readHeader(der: Uint8Array, at: number): { contentStart: number; length: number } {
  if (der[at] === undefined || der[at + 1] === undefined) throw new RangeError('truncated DER');
  let len = der[at + 1]!;
  let pos = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new RangeError('unsupported DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[pos++]!;
  }
  if (pos + len > der.length) throw new RangeError('truncated DER');
  return { contentStart: pos, length: len };
}

/** ECDSA-Sig-Value (DER SEQUENCE of two INTEGERs) to raw r‖s of `size` bytes each. */
function derSignatureToRaw(der: Uint8Array, size: number): Uint8Array | undefined {
  if (der[0] !== 0x30) return undefined;
  const seq = readHeader(der, 0);
  let pos = seq.contentStart;
  const out = new Uint8Array(size * 2);
  for (let part = 0; part < 2; part++) {
    if (der[pos] !== 0x02) return undefined;
    const int = readHeader(der, pos);
    let bytes = der.subarray(int.contentStart, int.contentStart + int.length);
    while (bytes.length > size && bytes[0] === 0) bytes = bytes.subarray(1);
    if (bytes.length > size) return undefined;
    out.set(bytes, part * size + (size - bytes.length));
    pos = int.contentStart + int.length;
  }
  return out;
}

/** Hash and salt length of RSASSA-PSS-params (defaults SHA-1/20 are refused). */
function pssParams(
  params: Uint8Array | undefined,
): { hash: string; saltLength: number } | undefined {
  if (!params) return undefined;
  const bytes = params;
  const hashOid = [OID_SHA256, OID_SHA384, OID_SHA512].find((oid) => containsOid(bytes, oid));
  if (!hashOid) return undefined;
  const hash = { [OID_SHA256]: 'SHA-256', [OID_SHA384]: 'SHA-384', [OID_SHA512]: 'SHA-512' }[
    hashOid
  ]!;
  let saltLength = { 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 }[hash]!;
  // [2] saltLength, explicitly tagged INTEGER: a2 03 02 01 NN (or longer).
  for (let i = 0; i + 4 < bytes.length; i++) {
    if (bytes[i] === 0xa2 && bytes[i + 2] === 0x02) {
      const len = bytes[i + 3]!;
      let v = 0;
      for (let k = 0; k < len; k++) v = v * 256 + bytes[i + 4 + k]!;
      saltLength = v;
      break;
    }
  }
  return { hash, saltLength };
}

function containsOid(haystack: Uint8Array, oid: string): boolean {
  const needle = encodeOid(oid);
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let k = 0; k < needle.length; k++) if (haystack[i + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
}

function encodeOid(oid: string): Uint8Array {
  const parts = oid.split('.').map(Number);
  const body: number[] = [parts[0]! * 40 + parts[1]!];
  for (const p of parts.slice(2)) {
    const stack: number[] = [];
    let v = p;
    do {
      stack.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    for (let i = 0; i < stack.length - 1; i++) stack[i]! |= 0x80;
    body.push(...stack);
  }
  return new Uint8Array([0x06, body.length, ...body]);
}
