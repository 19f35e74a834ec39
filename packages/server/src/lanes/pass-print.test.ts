import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PASS_PRINT_LABELS } from '@corridor/core/i18n';
import { verifyEntryPass } from '@corridor/core/pass';
import { createQrReader, readQrText } from '@corridor/core/qr';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { forEachEngine } from '../db/test-engines.js';
import { createToken } from '../issuance/accounts.js';
import { lanesApp } from './app.js';
import { Lanes } from './service.js';
import {
  ADMIN,
  APPLICATION,
  AUTHORITY,
  F,
  keysOf,
  makeFixtures,
  NOW,
  SPONSOR,
} from './test-fixtures.js';

const require = createRequire(import.meta.url);
const WASM = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
// poppler-utils turns the PDF into text as a reader sees it (as certificate-pdf.test.ts does).
const popplerMissing = spawnSync('pdftotext', ['-v']).error !== undefined;

beforeAll(makeFixtures);

forEachEngine('entry pass QR codes and PDF', (engine) => {
  let database: Database;
  let app: ReturnType<typeof lanesApp>;
  const tokens = {} as { sponsor: string; other: string; authority: string };
  let passId = '';
  let code = '';

  beforeAll(async () => {
    database = await engine.open();
    const lanes = new Lanes(database.db, F.node, () => NOW);
    await lanes.recordVersion(F.v1, keysOf, ADMIN);
    await lanes.registerSponsor(SPONSOR, ADMIN);
    const make = async (account: string, role: 'sponsor' | 'authority') =>
      (
        await createToken(
          database.db,
          { account, role, scopes: [role === 'sponsor' ? 'lane.apply' : 'lane.decide'] },
          { actor: ADMIN, now: NOW },
        )
      ).token;
    tokens.sponsor = await make(SPONSOR.id, 'sponsor');
    tokens.other = await make('SP-0099', 'sponsor');
    tokens.authority = await make('kr-mofa', 'authority');
    const submitted = await lanes.submit({ ...APPLICATION, sponsor: SPONSOR.id }, ADMIN);
    const pass = await lanes.approve(submitted.id, ADMIN);
    passId = pass.passId;
    code = pass.code;
    app = lanesApp(lanes);
  });

  const get = (route: string, token?: string) =>
    app.request(route, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('serves the QR as PNG and SVG to its sponsor: the PNG reads back to a pass that verifies', async () => {
    const png = await get(`/lanes/passes/${passId}/qr.png`, tokens.sponsor);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    const read = await readQrText(await createQrReader(WASM), await png.arrayBuffer());
    expect(read).toEqual({ ok: true, value: code });
    const report = await verifyEntryPass(read.ok ? read.value : '', {
      trust: F.trust,
      at: new Date('2021-03-09T00:00:00Z'),
    });
    expect(report.status).toBe('valid');

    const svg = await get(`/lanes/passes/${passId}/qr.svg`, tokens.authority);
    expect(svg.status).toBe(200);
    expect(await svg.text()).toContain('<svg');
  });

  it('refuses the print routes without a token, to another sponsor and for an unknown pass', async () => {
    for (const route of ['qr.png', 'qr.svg', 'pdf']) {
      const none = await get(`/lanes/passes/${passId}/${route}`);
      expect([none.status, ((await none.json()) as { title: string }).title]).toEqual([
        401,
        'TOKEN_MISSING',
      ]);
      const other = await get(`/lanes/passes/${passId}/${route}`, tokens.other);
      expect([other.status, ((await other.json()) as { title: string }).title]).toEqual([
        404,
        'PASS_NOT_FOUND',
      ]);
      const unknown = await get(`/lanes/passes/KR-P-0000/${route}`, tokens.authority);
      expect(unknown.status).toBe(404);
    }
  });

  it.skipIf(popplerMissing)(
    'prints a bilingual PDF: names, lane, window and labels in English and Korean, no passport number',
    async () => {
      const res = await get(`/lanes/passes/${passId}/pdf?paper=Letter`, tokens.sponsor);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'pass-pdf-')), 'pass.pdf');
      writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
      // Asynchronous, so the worker's event loop keeps answering vitest while poppler runs.
      const text = (
        await promisify(execFile)('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
      ).stdout.replace(/\s+/g, ' ');
      for (const s of [
        '王小明',
        'WANG, XIAO MING',
        'CN-KR-FAST-TRACK v1',
        '2021-03-08 – 2021-03-15',
        passId,
        SPONSOR.name,
        AUTHORITY.name,
        'Important business',
        '중요 사업',
        PASS_PRINT_LABELS.title.en,
        PASS_PRINT_LABELS.title.ko,
        PASS_PRINT_LABELS.window.en,
        PASS_PRINT_LABELS.window.ko,
        PASS_PRINT_LABELS.lane.ko,
        '14일',
      ])
        expect(text).toContain(s);
      expect(text).not.toContain(APPLICATION.traveller.documentNumber);
    },
  );
});
