import { describe, expect, it } from 'vitest';
import { testDocumentSigner } from '../../test-support/pass-issuer.js';
import { readDsc } from './dsc.js';
import { DCC_KEY_USAGE_OIDS, OID_EKU_AUTHORITY, OID_EKU_ENTRY_PASS } from './oids.js';

const TEST_EKU = Object.entries(DCC_KEY_USAGE_OIDS).find(([, t]) => t === 'test')![0];

describe('readDsc and Corridor key usages', () => {
  it('reports the entry-pass usage, and such a DSC signs no health certificate', async () => {
    const { der } = await testDocumentSigner('KR', [OID_EKU_ENTRY_PASS]);
    const dsc = readDsc(der);
    expect(dsc.corridorUsage).toEqual(['entry-pass']);
    expect(dsc.keyUsage).toEqual([]);
  });

  it('leaves HCERT key usages as they were, alone or next to Corridor ones', async () => {
    const dcc = readDsc((await testDocumentSigner('KR', [TEST_EKU])).der);
    expect(dcc.keyUsage).toEqual(['test']);
    expect(dcc.corridorUsage).toBeUndefined();
    const both = readDsc(
      (await testDocumentSigner('KR', [TEST_EKU, OID_EKU_ENTRY_PASS, OID_EKU_AUTHORITY])).der,
    );
    expect(both.keyUsage).toEqual(['test']);
    expect(both.corridorUsage).toEqual(['entry-pass', 'authority']);
    const none = readDsc((await testDocumentSigner('KR', [])).der);
    expect(none.keyUsage).toBeUndefined();
    expect(none.corridorUsage).toBeUndefined();
  });
});
