import { fail, ok, type Result } from '../lib/result.js';
import { InflateError, inflateRaw } from '../zlib/inflate-raw.js';

/**
 * A DIVOC QR code carries a ZIP archive holding one file, `certificate.json` (the DIVOC
 * signer packs it with JSZip). This is a deliberately small reader for exactly that: the
 * central directory is the authority (JSZip sets the data-descriptor flag, so local headers
 * carry zero sizes), one entry with the one expected name, stored or DEFLATE, no encryption,
 * no ZIP64, no multi-disk archive, the entry's bytes inside the archive, its declared size
 * under a cap, its CRC-32 checked. Anything else is refused with a finding code; the inflater
 * stops at the cap, so a ZIP bomb costs no more than the cap.
 */

/** The one entry name a DIVOC archive may hold. */
export const DIVOC_ZIP_ENTRY = 'certificate.json';

/** The four bytes every ZIP archive starts with (`PK\x03\x04`). */
export const ZIP_MAGIC = new Uint8Array([0x50, 0x4b, 0x03, 0x04]);

export type ZipCode = 'DIVOC_ZIP_MALFORMED' | 'DIVOC_ZIP_ENTRY_REFUSED' | 'DIVOC_ZIP_LIMIT';

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const END_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_STRONG_ENCRYPTION = 0x0040;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;

/** `true` when `bytes` starts like a ZIP archive. */
export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === ZIP_MAGIC[0] &&
    bytes[1] === ZIP_MAGIC[1] &&
    bytes[2] === ZIP_MAGIC[2] &&
    bytes[3] === ZIP_MAGIC[3]
  );
}

/**
 * Reads the `certificate.json` bytes out of a DIVOC ZIP archive, inflating at most
 * `maxEntrySize` bytes. Never throws on bad input.
 *
 * @example
 * const entry = readDivocZip(qrBytes, 64 * 1024);
 * if (entry.ok) JSON.parse(utf8Decode(entry.value));
 */
export function readDivocZip(zip: Uint8Array, maxEntrySize: number): Result<Uint8Array, ZipCode> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = findEndOfCentralDirectory(zip, view);
  if (end < 0) return malformed('no end-of-central-directory record');
  const disk = view.getUint16(end + 4, true);
  const cdDisk = view.getUint16(end + 6, true);
  const entriesHere = view.getUint16(end + 8, true);
  const entries = view.getUint16(end + 10, true);
  const cdSize = view.getUint32(end + 12, true);
  const cdOffset = view.getUint32(end + 16, true);
  if (disk !== 0 || cdDisk !== 0 || entriesHere !== entries) {
    return malformed('multi-disk archives are not supported');
  }
  if (entries !== 1) {
    return fail('DIVOC_ZIP_ENTRY_REFUSED', { name: `${entries} entries` });
  }
  if (cdOffset + cdSize > end || cdSize < CENTRAL_SIZE) {
    return malformed('the central directory lies outside the archive');
  }
  if (view.getUint32(cdOffset, true) !== SIG_CENTRAL) {
    return malformed('no central directory header');
  }
  const flags = view.getUint16(cdOffset + 8, true);
  const method = view.getUint16(cdOffset + 10, true);
  const crc = view.getUint32(cdOffset + 16, true);
  const compressedSize = view.getUint32(cdOffset + 20, true);
  const size = view.getUint32(cdOffset + 24, true);
  const nameLength = view.getUint16(cdOffset + 28, true);
  const localOffset = view.getUint32(cdOffset + 42, true);
  if (cdOffset + CENTRAL_SIZE + nameLength > cdOffset + cdSize) {
    return malformed('the entry name runs past the central directory');
  }
  const name = zip.subarray(cdOffset + CENTRAL_SIZE, cdOffset + CENTRAL_SIZE + nameLength);
  if (!isEntryName(name)) {
    return fail('DIVOC_ZIP_ENTRY_REFUSED', { name: printableName(name) });
  }
  if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) return malformed('the entry is encrypted');
  if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) {
    return malformed('ZIP64 is not supported');
  }
  if (size > maxEntrySize) return fail('DIVOC_ZIP_LIMIT', { limit: maxEntrySize });

  // The local header must agree on the name; its sizes may be zero (data descriptor).
  if (localOffset + LOCAL_SIZE > cdOffset || view.getUint32(localOffset, true) !== SIG_LOCAL) {
    return malformed('no local header where the central directory points');
  }
  const localNameLength = view.getUint16(localOffset + 26, true);
  const localExtraLength = view.getUint16(localOffset + 28, true);
  const dataStart = localOffset + LOCAL_SIZE + localNameLength + localExtraLength;
  const localName = zip.subarray(
    localOffset + LOCAL_SIZE,
    localOffset + LOCAL_SIZE + localNameLength,
  );
  if (!isEntryName(localName)) {
    return fail('DIVOC_ZIP_ENTRY_REFUSED', { name: printableName(localName) });
  }
  if (dataStart + compressedSize > cdOffset) {
    return malformed('the entry data runs past the central directory');
  }
  const data = zip.subarray(dataStart, dataStart + compressedSize);

  let content: Uint8Array;
  if (method === METHOD_STORED) {
    if (compressedSize !== size) return malformed('a stored entry changes size');
    content = data.slice();
  } else if (method === METHOD_DEFLATE) {
    try {
      content = inflateRaw(data, maxEntrySize).out;
    } catch (error) {
      if (error instanceof InflateError) {
        return error.kind === 'limit'
          ? fail('DIVOC_ZIP_LIMIT', { limit: maxEntrySize })
          : malformed(`DEFLATE: ${error.message}`);
      }
      throw error;
    }
  } else {
    return malformed(`compression method ${method} is not supported`);
  }
  if (content.length !== size) return malformed('the entry is not the size the archive declares');
  if (crc32(content) !== crc) return malformed('CRC-32 mismatch');
  return ok(content);
}

/**
 * The end-of-central-directory record sits in the last 22 bytes plus a comment of at most
 * 65,535 bytes; it is searched backwards and must account for the archive's very end.
 */
function findEndOfCentralDirectory(zip: Uint8Array, view: DataView): number {
  const last = zip.length - END_SIZE;
  const first = Math.max(0, last - 0xffff);
  for (let i = last; i >= first; i--) {
    if (view.getUint32(i, true) !== SIG_END) continue;
    if (i + END_SIZE + view.getUint16(i + 20, true) === zip.length) return i;
  }
  return -1;
}

/** Byte-exact `certificate.json`: no directories, no `..`, no other spelling. */
function isEntryName(name: Uint8Array): boolean {
  if (name.length !== DIVOC_ZIP_ENTRY.length) return false;
  for (let i = 0; i < name.length; i++) {
    if (name[i] !== DIVOC_ZIP_ENTRY.charCodeAt(i)) return false;
  }
  return true;
}

/** A refused entry name as a finding may show it: ASCII, control bytes escaped, cut at 64. */
function printableName(name: Uint8Array): string {
  let out = '';
  for (const byte of name.subarray(0, 64)) {
    out +=
      byte >= 0x20 && byte < 0x7f
        ? String.fromCharCode(byte)
        : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return name.length > 64 ? `${out}…` : out;
}

function malformed(reason: string) {
  return fail('DIVOC_ZIP_MALFORMED' as const, { reason });
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (ISO-HDLC, the ZIP checksum). */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
