import { describe, expect, it } from 'vitest';
import { testIssuer } from '../test-support/issuer.js';
import { detectFormat, verify } from './verify.js';

const AT = new Date('2026-03-01T00:00:00Z');

describe('verify() chooses the pipeline by the code', () => {
  it('tells every format apart by prefix or shape', () => {
    expect(detectFormat('HC1:NCFOXN%TS3DH')).toBe('hcert');
    expect(detectFormat('CP1:NCFOXN%TS3DH')).toBe('entry-pass');
    expect(detectFormat('shc:/5676295953265460346029254077280433602870')).toBe('shc');
    expect(
      detectFormat(
        'NZCP:/1/2KCEVIQEIVVWK6JNGEASNICZAEP2KALYDZSGSZB2O5SWEOTOPJRXALTDN53GSZBRHEXGQZLBNR2GQLTOPI',
      ),
    ).toBe('nzcp');
    expect(
      detectFormat('{"data":{"hdr":{"t":"icao.vacc","v":1,"is":"AUS"},"msg":{}},"sig":{}}'),
    ).toBe('vds-nc');
    expect(detectFormat('{"@context":["https://www.w3.org/2018/credentials/v1"],"proof":{}}')).toBe(
      'divoc',
    );
    expect(detectFormat(Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0, 0))).toBe('divoc');
    expect(detectFormat('something else')).toBe('hcert');
  });

  it('answers text no pipeline recognises with the HC1 prefix finding, as before', async () => {
    const { trust } = await testIssuer('KR');
    const report = await verify('hello', { trust, at: AT });
    expect(report.findings.map((f) => f.code)).toEqual(['HC1_PREFIX_MISSING']);
  });

  it('verifies an HC1 code handed over as bytes (a scanner giving bytes)', async () => {
    const { trust, issue } = await testIssuer('KR');
    const code = await issue({ ver: '1.3.0' }, AT);
    const report = await verify(new TextEncoder().encode(code), { trust, at: AT });
    expect(report.credential?.format).toBe('hcert');
  });

  it('gives another format with no trust configured a coded refusal, never a throw', async () => {
    const { trust } = await testIssuer('KR');
    for (const code of [
      '{"data":{"hdr":{"t":"icao.vacc","v":1,"is":"AUS"},"msg":{}},"sig":{"alg":"ES256","cer":"AA","sigvl":"AA"}}',
      'shc:/56762959532654603460292540772804336028702864716745222809286133314564376531415906402203064504590856435503414245413640370636654171372412363803043756220467374075323239254334433260573601064529047',
      '{"@context":["https://www.w3.org/2018/credentials/v1"],"proof":{}}',
    ]) {
      const report = await verify(code, { trust, at: AT });
      expect(report.status).toBe('invalid');
      expect(report.findings.length).toBeGreaterThan(0);
    }
  });
});
