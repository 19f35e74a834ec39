import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { utf8Decode, utf8Encode } from '../lib/bytes.js';
import { crc32, readDivocZip } from './zip.js';

const CAP = 64 * 1024;
const JSON_TEXT = '{"@context":["https://www.w3.org/2018/credentials/v1"]}';

function zip(files: Record<string, Uint8Array>, level: 0 | 9 = 9): Uint8Array {
  return zipSync(files, { level });
}

describe('readDivocZip', () => {
  it('reads certificate.json, deflated or stored', () => {
    for (const level of [0, 9] as const) {
      const entry = readDivocZip(zip({ 'certificate.json': utf8Encode(JSON_TEXT) }, level), CAP);
      expect(entry.ok && utf8Decode(entry.value)).toBe(JSON_TEXT);
    }
  });

  it('computes the ZIP CRC-32', () => {
    expect(crc32(utf8Encode('123456789'))).toBe(0xcbf43926);
  });

  it('refuses any other entry name, directories and path tricks included', () => {
    for (const name of [
      'cert.json',
      '../certificate.json',
      'a/certificate.json',
      'CERTIFICATE.JSON',
    ]) {
      const result = readDivocZip(zip({ [name]: utf8Encode(JSON_TEXT) }), CAP);
      expect(result, name).toMatchObject({ ok: false, code: 'DIVOC_ZIP_ENTRY_REFUSED' });
    }
  });

  it('refuses an archive with a second entry', () => {
    const two = zip({ 'certificate.json': utf8Encode(JSON_TEXT), 'x.json': utf8Encode('{}') });
    expect(readDivocZip(two, CAP)).toMatchObject({
      ok: false,
      code: 'DIVOC_ZIP_ENTRY_REFUSED',
      params: { name: '2 entries' },
    });
  });

  it('refuses a ZIP bomb by its declared size and by inflating no further than the cap', () => {
    const bomb = zip({ 'certificate.json': new Uint8Array(8 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(16 * 1024);
    expect(readDivocZip(bomb, CAP)).toMatchObject({ ok: false, code: 'DIVOC_ZIP_LIMIT' });
    // The central directory lies about the size: the inflater still stops at the cap.
    const lying = bomb.slice();
    const view = new DataView(lying.buffer);
    const end = lying.length - 22;
    const cd = view.getUint32(end + 16, true);
    view.setUint32(cd + 24, 100, true);
    expect(readDivocZip(lying, CAP)).toMatchObject({ ok: false, code: 'DIVOC_ZIP_LIMIT' });
  });

  it('finds damage: truncation, a wrong CRC, encryption, no end record', () => {
    const good = zip({ 'certificate.json': utf8Encode(JSON_TEXT) });
    expect(readDivocZip(good.subarray(0, good.length - 5), CAP)).toMatchObject({
      code: 'DIVOC_ZIP_MALFORMED',
    });
    const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
    const cdOf = (b: Uint8Array) => view(b).getUint32(b.length - 22 + 16, true);
    const badCrc = good.slice();
    view(badCrc).setUint32(cdOf(badCrc) + 16, 0x12345678, true);
    expect(readDivocZip(badCrc, CAP)).toMatchObject({
      code: 'DIVOC_ZIP_MALFORMED',
      params: { reason: 'CRC-32 mismatch' },
    });
    const encrypted = good.slice();
    view(encrypted).setUint16(cdOf(encrypted) + 8, 1, true);
    expect(readDivocZip(encrypted, CAP)).toMatchObject({
      code: 'DIVOC_ZIP_MALFORMED',
      params: { reason: 'the entry is encrypted' },
    });
    expect(readDivocZip(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), CAP)).toMatchObject({
      code: 'DIVOC_ZIP_MALFORMED',
    });
  });
});
