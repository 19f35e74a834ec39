import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { vectorsDir } from '../../core/test-support/vectors.js';
import { runCli, tempDir, writeTemp } from './helpers.js';

const dir = vectorsDir();
const v = (...parts: string[]) => path.join(dir!, ...parts);
const SHC_ISSUER = 'shc/issuers/spec.smarthealth.cards/examples/issuer/.well-known';
const SHC_CRL = `${SHC_ISSUER}/crl/3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s.json`;

describe.skipIf(!dir)('corridor verify --trust for SHC, NZCP, VDS-NC and DIVOC', () => {
  it('SHC: a JWK set and CRL in the .well-known layout bind to their issuer', async () => {
    const r = await runCli([
      'verify',
      '--trust',
      v(SHC_ISSUER, 'jwks.json'),
      '--trust',
      v(SHC_CRL),
      '--at',
      '2023-07-01T00:00:00Z',
      v('shc/spec-examples/example-00-f-qr-code-numeric-value-0.txt'),
    ]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toContain('✔ VALID');
    expect(r.stdout).toMatch(/Holder\s+John B\. Anyperson .*born 1951-01-20/);
    expect(r.stdout).toMatch(/Format\s+SMART Health Card/);
    expect(r.stdout).toMatch(/Issuer\s+https:\/\/spec\.smarthealth\.cards\/examples\/issuer/);
  });

  it('SHC: a JWK set elsewhere needs --trust-issuer (usage error, exit 2), then verifies', async () => {
    const tmp = tempDir();
    const jwks = path.join(tmp, 'keys.json');
    copyFileSync(v(SHC_ISSUER, 'jwks.json'), jwks);
    const crl = path.join(tmp, 'crl.json');
    copyFileSync(v(SHC_CRL), crl);
    const card = v('shc/spec-examples/example-00-f-qr-code-numeric-value-0.txt');
    const args = ['verify', '--trust', jwks, '--trust', crl, '--at', '2023-07-01T00:00:00Z'];
    const unbound = await runCli([...args, card]);
    expect(unbound.code).toBe(2);
    expect(unbound.stderr).toContain('--trust-issuer');
    const bound = await runCli([
      ...args,
      '--trust-issuer',
      'https://spec.smarthealth.cards/examples/issuer',
      card,
    ]);
    expect(bound.code, bound.stderr + bound.stdout).toBe(0);
    const other = await runCli([...args, '--trust-issuer', 'https://example.org/issuer', card]);
    expect(other.code).toBe(1);
  });

  it('NZCP: a DID document makes its issuer trusted (pretty output in Korean)', async () => {
    const pass = v('nzcp/spec-examples/valid/nzcp.txt');
    const r = await runCli([
      'verify',
      '--lang',
      'ko',
      '--trust',
      v('nzcp/spec-examples/valid/did.json'),
      '--at',
      '2021-11-26T00:00:00Z',
      pass,
    ]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toContain('뉴질랜드 코로나 패스');
    expect(r.stdout).toContain('Jack Sparrow');
    expect(r.stdout).toContain('did:web:nzcp.covid19.health.nz');
    const untrusted = await runCli(['verify', '--at', '2021-11-26T00:00:00Z', pass, '--json']);
    expect(untrusted.code).toBe(1);
  });

  it('VDS-NC: a CSCA (DER, CA) and its CRL verify a seal; an HC1 DSC list alone does not', async () => {
    const seal = v('vds-nc/au-reader-ios/valid.json');
    const at = ['--at', '2021-11-01T00:00:00Z'];
    const r = await runCli([
      'verify',
      '--trust',
      v('vds-nc/trust/AU_CSCA.der'),
      '--trust',
      v('vds-nc/trust/AU_CRL.crl'),
      ...at,
      '--json',
      seal,
    ]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const report = JSON.parse(r.stdout) as { credential: { format: string; issuer: string } };
    expect(report.credential).toMatchObject({ format: 'vds-nc', issuer: 'AU' });
    const none = await runCli(['verify', ...at, seal]);
    expect(none.code).toBe(1);
  });

  it('DIVOC: a ZIP credential with a PEM key named by --trust-method', async () => {
    const key = ['--trust', v('divoc/kde/did-india.pem')];
    const zip = v('divoc/ddcc-validator/DIVOCQR1.zip');
    const at = ['--at', '2021-03-15T00:00:00Z'];
    const r = await runCli(['verify', ...key, '--trust-method', 'did:india', ...at, zip]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/Format\s+DIVOC credential/);
    expect(r.stdout).toContain('Third March User One');
    const missing = await runCli(['verify', ...key, ...at, zip]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--trust-method');
    const wrong = await runCli(['verify', ...key, '--trust-method', 'did:other', ...at, zip]);
    expect(wrong.code).toBe(1);
  });

  it('DIVOC: a Base58 Ed25519 key, JSON credential from standard input', async () => {
    const r = await runCli(
      [
        'verify',
        '--trust',
        v('divoc/egov-divoc/keys/test-ed25519-public.base58.txt'),
        '--trust-method',
        'did:india',
        '--at',
        '2021-09-01T00:00:00Z',
        '-',
      ],
      readFileSync(v('divoc/egov-divoc/ed25519-signed.json'), 'utf8'),
    );
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toContain('Bhaya Mitra');
  });

  it('reads a CSCA and its CRL as PEM and a DIVOC key document, by content whatever the file name', async () => {
    const tmp = tempDir();
    const der = readFileSync(v('vds-nc/trust/AU_CSCA.der'));
    const pem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`;
    const csca = writeTemp(tmp, 'anything.txt', pem);
    const crlDer = readFileSync(v('vds-nc/trust/AU_CRL.crl'));
    const crl = writeTemp(
      tmp,
      'revocations.bin',
      `-----BEGIN X509 CRL-----\n${crlDer.toString('base64')}\n-----END X509 CRL-----\n`,
    );
    const seal = await runCli([
      'verify',
      '--trust',
      csca,
      '--trust',
      crl,
      '--at',
      '2021-11-01T00:00:00Z',
      v('vds-nc/au-reader-ios/valid.json'),
    ]);
    expect(seal.code, seal.stderr + seal.stdout).toBe(0);
    const keyDocument = writeTemp(
      tmp,
      'key.json',
      JSON.stringify({
        id: 'did:india',
        type: 'RsaVerificationKey2018',
        publicKeyPem: readFileSync(v('divoc/kde/did-india.pem'), 'utf8'),
      }),
    );
    const divoc = await runCli([
      'verify',
      '--trust',
      keyDocument,
      '--at',
      '2021-03-15T00:00:00Z',
      v('divoc/ddcc-validator/DIVOCQR1.zip'),
    ]);
    expect(divoc.code, divoc.stderr + divoc.stdout).toBe(0);
  });

  it('names the file of a trust file it cannot classify or read (exit 2)', async () => {
    const tmp = tempDir();
    const card = v('nzcp/spec-examples/valid/nzcp.txt');
    const other = writeTemp(tmp, 'other.json', '{"hello": "world"}');
    const r1 = await runCli(['verify', '--trust', other, card]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain(other);
    const broken = writeTemp(tmp, 'broken.json', '{"keys": [');
    const r2 = await runCli(['verify', '--trust', broken, card]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('not valid JSON');
    const r3 = await runCli(['verify', '--trust', path.join(tmp, 'missing.pem'), card]);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain('no such file');
    const batch = await runCli(['verify', '--batch', '-', '--trust-method', 'did:india']);
    expect(batch.code).toBe(2);
    expect(batch.stderr).toContain('--batch verifies HC1 codes');
  });
});
