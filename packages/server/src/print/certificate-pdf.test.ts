import { execFile, spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { issueHcert } from '@corridor/core/issue';
import { createQrReader, type QrReader, readQrText } from '@corridor/core/qr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CertificatePdfInput, renderCertificatePdf } from './certificate-pdf.js';
import { printLabels } from './labels.js';

// poppler-utils (pdftoppm, pdftotext, pdfinfo, pdffonts) turns the PDF into what a person and a
// verifier see. Locally the rendering checks skip loudly without it; in CI they must run.
const popplerMissing = spawnSync('pdftoppm', ['-v']).error !== undefined;
if (popplerMissing) {
  console.warn(
    '\n*** poppler-utils is not installed: the PDF rendering checks are SKIPPED. ' +
      'Install it with `apt-get install -y poppler-utils`. ***\n',
  );
}

/**
 * Runs a poppler tool without blocking the worker's event loop (a synchronous spawn held it
 * for the whole rendering, seconds on a loaded machine, starving vitest's worker RPC).
 */
async function run(command: string, args: string[]): Promise<string> {
  try {
    return (await promisify(execFile)(command, args, { encoding: 'utf8', maxBuffer: 64 << 20 }))
      .stdout;
  } catch (error) {
    const failed = error as Error & { stderr?: string };
    throw new Error(`${command} ${args.join(' ')}: ${failed.stderr ?? failed.message}`);
  }
}

const ISSUED_AT = new Date('2026-05-01T08:00:00Z');
const EXPIRES_AT = new Date('2027-05-01T08:00:00Z');

async function issue(dcc: object, country: string): Promise<string> {
  const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  return issueHcert(dcc, {
    signer: {
      alg: 'ES256',
      privateKey: keys.privateKey,
      kid: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8),
      country,
    },
    at: ISSUED_AT,
    expiresAt: EXPIRES_AT,
  });
}

const cnVaccination = {
  ver: '1.3.0',
  nam: { fn: '王', fnt: 'WANG', gn: '芳', gnt: 'FANG' },
  dob: '1990-03-14',
  v: [
    {
      tg: '840539006',
      vp: '1157024006',
      mp: 'BBIBP-CorV',
      ma: 'ORG-100020693',
      dn: 2,
      sd: 2,
      dt: '2026-04-20',
      co: 'CN',
      is: '中华人民共和国国家卫生健康委员会',
      ci: 'URN:UVCI:01:CN:8F3K2M7Q9X4B1D6H#S',
    },
  ],
};

const krTest = {
  ver: '1.3.0',
  nam: { fn: '김', fnt: 'KIM', gn: '민준', gnt: 'MIN<JUN' },
  dob: '1985-11-02',
  t: [
    {
      tg: '840539006',
      tt: 'LP6464-4',
      nm: 'PowerChek SARS-CoV-2 Real-time PCR',
      sc: '2026-04-30T09:15:00Z',
      tr: '260415000',
      tc: '서울역 선별진료소',
      co: 'KR',
      is: '질병관리청',
      ci: 'URN:UVCI:01:KR:KDCA7Q2W9E4R1T#K',
    },
  ],
};

interface Case {
  name: string;
  input: Omit<CertificatePdfInput, 'hc1'>;
  dcc: object;
  /** Strings that must come back out of the PDF as text (drawn with real glyphs). */
  text: string[];
}

const cases: Case[] = (['A4', 'Letter'] as const).flatMap((paper) => [
  {
    name: `CN vaccination (Chinese names) on ${paper}`,
    dcc: cnVaccination,
    input: {
      dcc: cnVaccination,
      issuer: { country: 'CN', authority: '国家卫生健康委员会' },
      issuedAt: ISSUED_AT,
      expiresAt: EXPIRES_AT,
      paper,
    },
    text: [
      '王芳',
      'WANG, FANG',
      printLabels.name.zh,
      printLabels.dateOfBirth.zh,
      printLabels.vaccination.zh,
      printLabels.issuedAt.zh,
      printLabels.expiresAt.zh,
      printLabels.vaccine.zh,
      '新型冠状病毒感染（COVID-19）',
      'Date of birth',
      '1990-03-14',
      '2026-05-01 08:00 UTC',
      '2027-05-01 08:00 UTC',
      '二维码',
      'URN:UVCI:01:CN:8F3K2M7Q9X4B1D6H#S',
    ],
  },
  {
    name: `KR test (Korean names) on ${paper}`,
    dcc: krTest,
    input: {
      dcc: krTest,
      issuer: { country: 'KR', authority: '질병관리청' },
      issuedAt: ISSUED_AT,
      expiresAt: EXPIRES_AT,
      paper,
    },
    text: [
      '김 민준',
      'KIM, MIN<JUN',
      printLabels.name.ko,
      printLabels.dateOfBirth.ko,
      printLabels.test.ko,
      printLabels.testResult.ko,
      '검출되지 않음',
      '서울역 선별진료소',
      'Not detected',
      '1985-11-02',
      '2026-04-30 09:15 UTC',
      'QR 코드',
    ],
  },
]);

describe('renderCertificatePdf', () => {
  it('needs poppler-utils in CI', () => {
    if (process.env.CI) expect(popplerMissing, 'pdftoppm is missing in CI').toBe(false);
  });

  it('returns a one-page PDF with fonts embedded as subsets', async () => {
    const hc1 = await issue(cnVaccination, 'CN');
    const pdf = await renderCertificatePdf({ ...cases[0]!.input, hc1 });
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
    // The full CJK fonts are 4–9 MB each: only subsets keep the document small.
    expect(pdf.length).toBeLessThan(300_000);
  });

  it('rejects a payload that is not one kind of certificate', async () => {
    await expect(
      renderCertificatePdf({
        ...cases[0]!.input,
        hc1: 'HC1:X',
        dcc: { nam: { fnt: 'X' }, dob: '2000' },
      }),
    ).rejects.toThrow(TypeError);
  });

  describe.skipIf(popplerMissing)('as poppler renders it', () => {
    let dir: string;
    let reader: QrReader;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'corridor-print-'));
      // What the CLI's loadQrReader does: the reader wasm from the installed zxing-wasm.
      const wasm = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
      reader = await createQrReader(await readFile(wasm));
    });
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it.each(cases)('$name: page size, QR decodes to the HC1, text is real glyphs', async (c) => {
      const hc1 = await issue(c.dcc, c.input.issuer.country);
      const pdf = await renderCertificatePdf({ ...c.input, hc1 });
      const base = join(dir, c.name.replace(/\W+/g, '-'));
      await writeFile(`${base}.pdf`, pdf);

      // (d) Page size.
      const info = await run('pdfinfo', [`${base}.pdf`]);
      expect(info).toMatch(/^Pages:\s+1$/m);
      const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info);
      const expected = c.input.paper === 'A4' ? [595, 842] : [612, 792];
      expect([Math.round(Number(size?.[1])), Math.round(Number(size?.[2]))]).toEqual(expected);

      // Every font is embedded, as a subset.
      const fonts = (await run('pdffonts', [`${base}.pdf`])).split('\n').slice(2).filter(Boolean);
      expect(fonts.length).toBeGreaterThan(0);
      for (const line of fonts) expect(line).toMatch(/\byes\s+yes\s+yes\b/);

      // (a) + (b) The first page as a picture; its QR code reads back as the issued HC1.
      await run('pdftoppm', [
        '-r',
        '150',
        '-png',
        '-f',
        '1',
        '-l',
        '1',
        '-singlefile',
        `${base}.pdf`,
        base,
      ]);
      const png = await readFile(`${base}.png`);
      const read = await readQrText(reader, png);
      expect(read).toEqual({ ok: true, value: hc1 });

      // (c) Labels and names are text drawn with glyphs of embedded fonts.
      const text = (await run('pdftotext', ['-enc', 'UTF-8', `${base}.pdf`, '-'])).replace(
        /\s+/g,
        ' ',
      );
      for (const s of c.text) expect(text).toContain(s.replace(/\s+/g, ' '));

      const out = process.env.CORRIDOR_PRINT_OUT;
      if (out) {
        await mkdir(out, { recursive: true });
        const name = c.name.replace(/\W+/g, '-');
        await copyFile(`${base}.png`, join(out, `${name}.png`));
        await copyFile(`${base}.pdf`, join(out, `${name}.pdf`));
      }
    });

    it('sets characters the main font lacks in the other CJK font', async () => {
      // A KR certificate for a holder whose name is in simplified Chinese: the Korean font has
      // no 张 or 伟, so the Chinese font sets them.
      const dcc = { ...krTest, nam: { fn: '张', fnt: 'ZHANG', gn: '伟', gnt: 'WEI' } };
      const hc1 = await issue(dcc, 'KR');
      const pdf = await renderCertificatePdf({ ...cases[1]!.input, dcc, hc1 });
      const file = join(dir, 'fallback.pdf');
      await writeFile(file, pdf);
      const fonts = await run('pdffonts', [file]);
      expect(fonts).toMatch(/NotoSansKR-Regular/);
      expect(fonts).toMatch(/NotoSansHans-Bold/);
      const text = await run('pdftotext', ['-enc', 'UTF-8', file, '-']);
      expect(text).toContain('张伟');
      expect(text).toContain(printLabels.name.ko);
    });

    it('prints English labels only for a country without a second language', async () => {
      const hc1 = await issue(cnVaccination, 'DE');
      const pdf = await renderCertificatePdf({
        ...cases[0]!.input,
        issuer: { country: 'DE', authority: 'Robert Koch-Institut' },
        hc1,
      });
      const file = join(dir, 'english.pdf');
      await writeFile(file, pdf);
      const text = await run('pdftotext', ['-enc', 'UTF-8', file, '-']);
      expect(text).toContain('Date of birth');
      expect(text).toContain('王芳');
      expect(text).not.toContain(printLabels.dateOfBirth.zh);
      expect(text).not.toContain(printLabels.dateOfBirth.ko);
    });
  });
});
