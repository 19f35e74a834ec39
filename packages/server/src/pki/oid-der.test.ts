import { describe, expect, it } from 'vitest';
import { decodeExtendedKeyUsage, decodeOidContents } from './oid-der.js';
import { OID_EKU_ENTRY_PASS } from './oids.js';
import { x509 } from './x509.js';

describe('decodeOidContents', () => {
  it('decodes small and 128-bit arcs to dotted decimal', () => {
    expect(decodeOidContents(new Uint8Array([0x55, 0x1d, 0x25]))).toBe('2.5.29.37');
    const ext = new x509.ExtendedKeyUsageExtension([
      OID_EKU_ENTRY_PASS,
      '1.3.6.1.4.1.1847.2021.1.2',
    ]);
    expect(decodeExtendedKeyUsage(ext.value)).toEqual([
      OID_EKU_ENTRY_PASS,
      '1.3.6.1.4.1.1847.2021.1.2',
    ]);
  });

  it('refuses truncated and non-minimal encodings', () => {
    expect(() => decodeOidContents(new Uint8Array([0x55, 0x9d]))).toThrow(RangeError);
    expect(() => decodeOidContents(new Uint8Array([0x55, 0x80, 0x01]))).toThrow(RangeError);
    expect(() => decodeExtendedKeyUsage(new Uint8Array([0x30, 0x05, 0x06, 0x01]))).toThrow(
      RangeError,
    );
  });
});
