import { describe, expect, it } from 'vitest';
import { makeBsc, makeCrl, makeCsca } from '../../test-support/icao-pki.js';
import { isCrlSignedBy, isSignedBy } from './chain.js';

// isSignedBy / isCrlSignedBy read certificates and CRLs with core's own DER reader (the scanner
// page runs them when a bundle opens): a real chain holds, anything else is false, never a throw.

describe('certificate and CRL signatures (core DER reader)', () => {
  it('accepts a certificate (its key on each curve) and a CRL signed by their CSCA', async () => {
    for (const curve of ['P-256', 'P-384', 'P-521'] as const) {
      const csca = await makeCsca('UT', `CSCA ${curve}`);
      const bsc = await makeBsc(csca, { curve });
      expect(await isSignedBy(bsc.der, csca.der), curve).toBe(true);
      expect(await isCrlSignedBy(await makeCrl(csca, [7]), csca.der), curve).toBe(true);
      // A CSCA is self-signed.
      expect(await isSignedBy(csca.der, csca.der)).toBe(true);
    }
  });

  it('refuses another CSCA, a changed byte, trailing data and garbage, without throwing', async () => {
    const csca = await makeCsca('UT', 'CSCA one');
    const other = await makeCsca('UT', 'CSCA two');
    const bsc = await makeBsc(csca);
    expect(await isSignedBy(bsc.der, other.der)).toBe(false);
    expect(await isCrlSignedBy(await makeCrl(csca), other.der)).toBe(false);
    const changed = bsc.der.slice();
    changed[40] = changed[40]! ^ 1;
    expect(await isSignedBy(changed, csca.der)).toBe(false);
    expect(await isSignedBy(new Uint8Array([...bsc.der, 0]), csca.der)).toBe(false);
    for (const junk of [new Uint8Array(0), new Uint8Array([0x30]), new Uint8Array([0x30, 0x84, 1])])
      expect(await isSignedBy(junk, csca.der)).toBe(false);
    expect(await isSignedBy(bsc.der, new Uint8Array([0x30, 0x00]))).toBe(false);
  });
});
