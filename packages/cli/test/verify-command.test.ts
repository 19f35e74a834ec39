import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { vectorsDir } from '../../core/test-support/vectors.js';
import { type DgcVector, readVector, runCli, tempDir, writeTemp } from './helpers.js';

const dgc = vectorsDir('dgc-testdata');

describe.skipIf(!dgc)('corridor verify', () => {
  let de: DgcVector;
  let dir: string;
  let dscFile: string;
  let pngFile: string;
  const clock = () => de.TESTCTX.VALIDATIONCLOCK;

  beforeAll(async () => {
    de = await readVector(dgc!, 'DE/2DCode/raw/1.json');
    dir = tempDir();
    dscFile = writeTemp(
      dir,
      'dsc.pem',
      `-----BEGIN CERTIFICATE-----\n${de.TESTCTX.CERTIFICATE}\n-----END CERTIFICATE-----\n`,
    );
    pngFile = writeTemp(dir, 'code.png', Buffer.from(de['2DCODE']!, 'base64'));
  });

  it('reads a vector PNG and prints a readable valid decision (exit 0)', async () => {
    const r = await runCli(['verify', '--trust', dscFile, '--at', clock(), pngFile]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✔ VALID');
    expect(r.stdout).toMatch(/Holder\s+Erika Mustermann \(ERIKA MUSTERMANN\) born 1964-08-12/);
    expect(r.stdout).toMatch(/Certificate\s+Vaccination · COVID-19 · .*dose 2\/2 · 2021-05-29/);
    expect(r.stdout).toMatch(
      /Issuer\s+Germany \(DE\) · Robert Koch-Institut · URN:UVCI:01DE\/IZ12345A\/5CWLU12RNOB9RXSEOP6FG8#W/,
    );
    expect(r.stdout).toMatch(/Issued\s+2021-05-29T/);
    expect(r.stdout).toMatch(/Expires\s+2022-01-28T/);
    expect(r.stdout).toContain('All checks passed.');
  });

  it('speaks Chinese and Korean with --lang', async () => {
    const zh = await runCli([
      'verify',
      '--lang',
      'zh',
      '--trust',
      dscFile,
      '--at',
      clock(),
      pngFile,
    ]);
    expect(zh.stdout).toContain('✔ 有效');
    expect(zh.stdout).toContain('持有人');
    expect(zh.stdout).toContain('疫苗接种');
    const ko = await runCli([
      'verify',
      '--lang',
      'ko',
      '--trust',
      dscFile,
      '--at',
      clock(),
      pngFile,
    ]);
    expect(ko.stdout).toContain('✔ 유효');
    expect(ko.stdout).toContain('소지자');
    expect(ko.stdout).toContain('예방접종');
  });

  it('explains an invalid code in the chosen language and exits 1', async () => {
    const r = await runCli([
      'verify',
      '--lang',
      'zh',
      '--trust',
      dscFile,
      '--at',
      '2023-01-01T00:00:00Z',
      de.PREFIX,
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✘ 无效');
    expect(r.stdout).toContain('[CWT_EXPIRED]');
    expect(r.stdout).toContain('证书已于 2022-01-28');
  });

  it('reports an unknown signing key when no trust is given', async () => {
    const r = await runCli(['verify', '--json', '--at', clock(), de.PREFIX]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.status).toBe('invalid');
    expect(report.findings.map((f: { code: string }) => f.code)).toContain('DSC_UNKNOWN_KID');
    expect(report.credential.holder.familyName).toBe('Mustermann');
  });

  it('reads the code from standard input and from a text file, and prints JSON', async () => {
    const stdin = await runCli(
      ['verify', '--json', '--trust', dscFile, '--at', clock(), '-'],
      `${de.PREFIX}\n`,
    );
    expect(stdin.code).toBe(0);
    expect(JSON.parse(stdin.stdout)).toMatchObject({
      status: 'valid',
      credential: { type: 'vaccination', issuer: 'DE' },
    });
    const textFile = writeTemp(dir, 'code.txt', `${de.PREFIX}\n`);
    const file = await runCli(['verify', '--json', '--trust', dscFile, '--at', clock(), textFile]);
    expect(JSON.parse(file.stdout).signer.country).toBe('DE');
  });

  it('accepts the DSC as DER and as bare base64', async () => {
    const der = writeTemp(dir, 'dsc.der', Buffer.from(de.TESTCTX.CERTIFICATE, 'base64'));
    const b64 = writeTemp(dir, 'dsc.b64', de.TESTCTX.CERTIFICATE);
    for (const trust of [der, b64]) {
      const r = await runCli(['verify', '--trust', trust, '--at', clock(), de.PREFIX]);
      expect(r.code).toBe(0);
    }
  });

  it('exits 2 on usage errors with a message', async () => {
    expect((await runCli(['verify'])).code).toBe(2);
    const lang = await runCli(['verify', '--lang', 'fr', de.PREFIX]);
    expect(lang.code).toBe(2);
    expect(lang.stderr).toContain('--lang must be en, zh or ko');
    const at = await runCli(['verify', '--at', 'yesterday', de.PREFIX]);
    expect(at.code).toBe(2);
    expect(at.stderr).toContain('is not an ISO-8601 date-time');
    const trust = await runCli(['verify', '--trust', path.join(dir, 'missing.pem'), de.PREFIX]);
    expect(trust.code).toBe(2);
    expect((await runCli(['nonsense'])).code).toBe(2);
  });

  it('reports a picture without a QR code as invalid with a QR finding', async () => {
    const notQr = writeTemp(dir, 'blank.png', Buffer.from(de['2DCODE']!, 'base64').subarray(0, 60));
    const r = await runCli(['verify', '--json', notQr]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings[0].code).toMatch(/^QR_/);
  });
});
