import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTrustOfVectors } from '../../core/test-support/format-trust.js';
import { vectorsDir } from '../../core/test-support/vectors.js';
import {
  haveChromium,
  launchBrowser,
  requireChromiumOnCi,
  type TestBrowser,
} from '../test-support/browser.js';
import { ensureWebBuild } from '../test-support/build.js';
import { type CorridorFixture, createCorridorFixture } from '../test-support/corridor-fixture.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

// One code of each format the scanner reads (HC1, SMART Health Card, NZ COVID Pass, ICAO
// VDS-NC, DIVOC) typed in as a keyboard-wedge scanner types it, decided in the page from one
// gateway-signed bundle carrying every format's trust (the shared vectors' JWKS, DID document,
// CSCA with its CRL, DIVOC key), the device clock pinned to each vector's instant.

requireChromiumOnCi('scanner formats', 'the scanner per-format suite');
const root = vectorsDir();

describe.skipIf(!haveChromium || !root)(
  'scanner: one code of each format by keyboard wedge',
  () => {
    const read = (file: string) => readFileSync(path.join(root!, file), 'utf8');
    let fixture: CorridorFixture;
    let server: TestServer;
    let browser: TestBrowser;
    let hc1 = '';

    beforeAll(async () => {
      const dist = await ensureWebBuild();
      fixture = await createCorridorFixture(new Date('2021-03-01T00:00:00Z'));
      hc1 = await fixture.issue('CN', 'vaccination', new Date('2021-03-02T00:00:00Z'));
      // The vectors' trust; DIVOC's key is the one that signed the Ed25519 JSON credential (a
      // keyboard wedge types text, so not the CoWIN ZIP).
      const formatTrust = formatTrustOfVectors(root!).map((entry) =>
        entry.material.format === 'divoc'
          ? {
              ...entry,
              material: {
                ...entry.material,
                publicKeyPem: read('divoc/egov-divoc/keys/test-ed25519-public.pem'),
              },
            }
          : entry,
      );
      server = await startTestServer({
        dist,
        bundle: await fixture.bundle({
          version: 1,
          issuedAt: new Date('2021-03-01T01:00:00Z'),
          expiresAt: new Date('2024-01-01T00:00:00Z'),
          formatTrust,
        }),
        version: 1,
        config: { anchors: [fixture.anchorPem], country: 'KR' },
      });
      browser = await launchBrowser();
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    const check = async (code: () => string, at: string) => {
      const page = await browser.page();
      await page.clock.setFixedTime(new Date(at));
      await page.goto(`${server.origin}/app/border/scan`);
      await page.locator('html[data-trust="bundle"]').waitFor({ state: 'attached' });
      await page.getByTestId('wedge').focus();
      // A wedge types the code and presses Enter (a JSON code arrives on one line).
      await page.keyboard.insertText(
        code()
          .replace(/\s*\n\s*/g, ' ')
          .trim(),
      );
      await page.keyboard.press('Enter');
      await page.locator('.decision').waitFor();
      return page;
    };

    const cases = [
      { format: 'HC1', code: () => hc1, at: '2021-03-15T00:00:00Z', name: '王 芳 (WANG FANG)' },
      {
        format: 'SHC',
        code: () => read('shc/spec-examples/example-00-f-qr-code-numeric-value-0.txt'),
        at: '2023-07-01T00:00:00Z',
        name: 'Anyperson John B.',
      },
      {
        format: 'NZCP',
        code: () => read('nzcp/spec-examples/valid/nzcp.txt'),
        at: '2021-11-26T00:00:00Z',
        name: 'Sparrow Jack',
      },
      {
        format: 'VDS-NC',
        code: () => read('vds-nc/au-reader-ios/valid.json'),
        at: '2021-11-01T00:00:00Z',
        name: undefined,
      },
      {
        format: 'DIVOC',
        code: () => read('divoc/egov-divoc/ed25519-signed.json'),
        at: '2021-09-01T00:00:00Z',
        name: 'Bhaya Mitra',
      },
    ];

    for (const c of cases)
      it(`decides a valid ${c.format} code as valid, with the holder`, async () => {
        const page = await check(c.code, c.at);
        const decision = page.locator('.decision');
        const reasons = await decision
          .locator('[data-code]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
        expect(await decision.getAttribute('data-outcome'), reasons.join(' ')).toBe('valid');
        const name = await decision.locator('.holder-name').textContent();
        if (c.name) expect(name).toContain(c.name);
        else expect(name?.trim()).toBeTruthy();
        expect(page.problems).toEqual([]);
        await page.close();
      });

    it('refuses the same SHC with one character changed', async () => {
      const page = await check(() => {
        const shc = read('shc/spec-examples/example-00-f-qr-code-numeric-value-0.txt').trim();
        const i = shc.length - 10;
        return `${shc.slice(0, i)}${shc[i] === '1' ? '2' : '1'}${shc.slice(i + 1)}`;
      }, '2023-07-01T00:00:00Z');
      expect(await page.locator('.decision').getAttribute('data-outcome')).toBe('invalid');
      await page.close();
    });
  },
);
