import { readFile, stat } from 'node:fs/promises';
import { readQrText } from '@corridor/core/qr';
import { loadQrReader } from './qr-node.js';
import { MissingFileError, UsageError } from './usage.js';

/** Largest file `corridor verify` reads as input (pictures included). */
const MAX_INPUT_FILE = 16 * 1024 * 1024;

/** The QR text to verify, or a coded failure from reading a picture. */
export type ResolvedInput =
  | { ok: true; text: string; source: string; binary?: Uint8Array }
  | { ok: false; code: string; message: string };

/**
 * Turns the INPUT argument into QR text: `-` reads standard input, an existing path is read
 * as a file, anything else is the text itself. PNG and JPEG files are decoded as pictures.
 */
export async function resolveInput(input: string): Promise<ResolvedInput> {
  let bytes: Uint8Array | undefined;
  let source = 'argument';
  if (input === '-') {
    bytes = await readStdin();
    source = 'stdin';
  } else if (await isFile(input)) {
    const info = await stat(input);
    if (info.size > MAX_INPUT_FILE)
      throw new UsageError(`${input} is larger than ${MAX_INPUT_FILE} bytes`);
    bytes = await readFile(input);
    source = input;
  } else if (looksLikePath(input)) {
    throw new MissingFileError(input);
  }
  if (!bytes) return { ok: true, text: input.trim(), source };
  // A DIVOC credential may come as the ZIP its QR code holds (one JSON file inside).
  if (isZip(bytes)) return { ok: true, text: '', source, binary: bytes };
  if (isPicture(bytes)) {
    const read = await readQrText(await loadQrReader(), bytes);
    if (!read.ok)
      return { ok: false, code: read.code, message: `no readable QR code in ${source}` };
    return { ok: true, text: read.value, source };
  }
  return { ok: true, text: Buffer.from(bytes).toString('utf8').trim(), source };
}

/**
 * Whether an INPUT that is not an existing file was meant as one: it names a file type
 * (`x.png`, `code.txt`) or starts like a path (`./`, `../`, `/`, `~`). QR texts never do (a
 * Base45 payload is upper case and has no such ending after its prefix), so a mistyped path
 * is reported as a missing file instead of a certificate that fails to decode.
 */
export function looksLikePath(input: string): boolean {
  if (/^HC1:/i.test(input) || input.length > 4096 || /\s/.test(input.trim())) return false;
  return /\.[A-Za-z][A-Za-z0-9]{0,4}$/.test(input) || /^(\.{0,2}\/|~)/.test(input);
}

/** A ZIP local file header (`PK\x03\x04`): DIVOC's compressed credential. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** A PNG or JPEG signature: a picture of the QR code rather than its text. */
export function isPicture(bytes: Uint8Array): boolean {
  const png = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  return png || jpeg;
}

async function isFile(p: string): Promise<boolean> {
  if (p.startsWith('HC1:') || p.length > 4096) return false;
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    total += (chunk as Buffer).length;
    if (total > MAX_INPUT_FILE)
      throw new UsageError(`standard input is larger than ${MAX_INPUT_FILE} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
