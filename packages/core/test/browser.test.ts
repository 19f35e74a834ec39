import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { builtinModules, createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Plugin } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as nodeCore from '../src/index.js';
import { makeAuthority } from '../test-support/authority.js';
import { bundleContent } from '../test-support/bundle.js';
import { formatTrustOfVectors } from '../test-support/format-trust.js';
import { vectorsDir } from '../test-support/vectors.js';

// Proves that @corridor/core is isomorphic: it bundles for the browser without a single Node
// built-in, and the bundle verifies real HC1 vectors (ES256, PS256, a broken signature) and
// draws and reads QR codes inside Debian's Chromium, driven by playwright-core.

type Core = typeof nodeCore;
type Report = nodeCore.Report;

/** Debian's Chromium; `CORRIDOR_CHROMIUM` points elsewhere (another distribution's path). */
const CHROMIUM = process.env.CORRIDOR_CHROMIUM ?? '/usr/bin/chromium';
const ENTRY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/index.ts');
const READER_WASM = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && !process.env.CI) {
  console.warn(
    `\n!!! ${CHROMIUM} not found: the browser test of @corridor/core is SKIPPED.\n!!! Install Debian's Chromium to run it: apt-get install chromium\n`,
  );
}
const vectors = vectorsDir('dgc-testdata');

/** The fields of a dgc-testdata vector that the browser run needs. */
interface Vector {
  name: string;
  prefix: string;
  certificate: string;
  clock: string;
}

function loadVector(name: string): Vector {
  const json = JSON.parse(readFileSync(path.join(vectors!, name), 'utf8'));
  return {
    name,
    prefix: json.PREFIX,
    certificate: json.TESTCTX.CERTIFICATE,
    clock: json.TESTCTX.VALIDATIONCLOCK,
  };
}

const NODE_BUILTINS = new Set(builtinModules);

/** True for `node:*` and for bare Node built-in names (`fs`, `fs/promises`, `crypto`, ...). */
function isNodeBuiltin(specifier: string): boolean {
  return (
    specifier.startsWith('node:') ||
    NODE_BUILTINS.has(specifier) ||
    NODE_BUILTINS.has(specifier.split('/')[0]!)
  );
}

/**
 * Bundles for the browser (core's entry unless `input` says otherwise). Every attempt to resolve
 * a Node built-in is recorded with its importer and fails the build, even where a package's
 * `browser` field would have stubbed it.
 */
async function bundleForBrowser(
  input: Pick<BuildOptions, 'entryPoints' | 'stdin'> = { entryPoints: [ENTRY] },
): Promise<{ code: string; builtins: string[] }> {
  const builtins: string[] = [];
  const noNodeBuiltins: Plugin = {
    name: 'no-node-builtins',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!isNodeBuiltin(args.path)) return undefined;
        const where = path.relative(process.cwd(), args.importer) || '<stdin>';
        builtins.push(`'${args.path}' imported by ${where}`);
        return { errors: [{ text: `Node built-in '${args.path}' imported by ${where}` }] };
      });
    },
  };
  try {
    const result = await build({
      ...input,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
      plugins: [noNodeBuiltins],
    });
    return { code: result.outputFiles[0]!.text, builtins };
  } catch (error) {
    if (builtins.length > 0) return { code: '', builtins };
    throw error;
  }
}

const bundled = bundleForBrowser();
bundled.catch(() => {}); // awaited (and reported) by the tests below, not at load

describe('core bundles for the browser', () => {
  it('the bundle guard rejects node: imports and bare built-in names', async () => {
    const { builtins } = await bundleForBrowser({
      stdin: {
        contents: "import 'node:fs'; import 'path'; import 'fs/promises';",
        resolveDir: path.dirname(ENTRY),
      },
    });
    expect([...builtins].sort()).toEqual(
      [
        "'fs/promises' imported by <stdin>",
        "'node:fs' imported by <stdin>",
        "'path' imported by <stdin>",
      ].sort(),
    );
  });

  it('bundles src/index.ts with esbuild (platform browser, ESM) without any Node built-in', async () => {
    const { code, builtins } = await bundled;
    expect(builtins, `core pulls in Node built-ins:\n${builtins.join('\n')}`).toEqual([]);
    expect(code).toContain('export {');
  });
});

const PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>@corridor/core in the browser</title>
<body>
<script type="module">
  import * as core from '/core.js';
  globalThis.corridorCore = core;
  document.body.dataset.ready = 'yes';
</script>
</body>
</html>`;

if (!haveChromium && process.env.CI) {
  describe('core in Chromium', () => {
    it('has Chromium to run in (CI always installs it)', () => {
      throw new Error(
        `${CHROMIUM} is missing on CI: install Debian's Chromium (apt-get install chromium); the browser test of @corridor/core must run on CI.`,
      );
    });
  });
}

describe.skipIf(!haveChromium || !vectors)('core in Chromium', () => {
  let server: Server | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let origin = '';
  const pageErrors: string[] = [];
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    const { code, builtins } = await bundled;
    if (builtins.length > 0) throw new Error(`core does not bundle for the browser: ${builtins}`);
    const wasm = readFileSync(READER_WASM);
    server = createServer((request, response) => {
      const routes: Record<string, [string, string | Buffer]> = {
        '/': ['text/html; charset=utf-8', PAGE],
        '/core.js': ['text/javascript; charset=utf-8', code],
        '/zxing_reader.wasm': ['application/wasm', wasm],
      };
      const route = routes[request.url ?? ''];
      if (!route) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': route[0], 'cache-control': 'no-store' });
      response.end(route[1]);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
      timeout: 15_000,
    });
    page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    // Core must never reach the network: anything not served by our server is refused.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`)) return route.continue();
      foreignRequests.push(url);
      return route.abort();
    });
    await page.goto(`${origin}/`);
    await page.waitForSelector('body[data-ready="yes"]', { state: 'attached' });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
  });

  /** Runs `verify` inside the page with a trust list made from the vector's DSC. */
  function verifyInPage(vector: Vector): Promise<Report> {
    return page.evaluate(async ({ prefix, certificate, clock }) => {
      const core = (globalThis as unknown as { corridorCore: Core }).corridorCore;
      const trust = await core.DscTrustList.create([certificate]);
      return core.verify(prefix, { trust, at: new Date(clock) });
    }, vector);
  }

  /** The same verification in Node, to show the browser gives the identical report. */
  async function verifyInNode(vector: Vector): Promise<Report> {
    const trust = await nodeCore.DscTrustList.create([vector.certificate]);
    return nodeCore.verify(vector.prefix, { trust, at: new Date(vector.clock) });
  }

  it('runs in a real browser page, not in Node', async () => {
    const environment = await page.evaluate(() => ({
      userAgent: navigator.userAgent,
      process: typeof (globalThis as { process?: unknown }).process,
      subtle: typeof globalThis.crypto?.subtle?.verify,
    }));
    expect(environment.userAgent).toMatch(/Chrome\/\d+/);
    expect(environment.process).toBe('undefined');
    expect(environment.subtle).toBe('function');
  });

  it('verifies an ES256 vector (DE/1) as a valid vaccination with no findings', async () => {
    const vector = loadVector('DE/2DCode/raw/1.json');
    const report = await verifyInPage(vector);
    expect(report.status).toBe('valid');
    expect(report.credential?.type).toBe('vaccination');
    expect(report.credential?.alg).toBe('ES256');
    expect(report.findings.map((f) => f.code)).toEqual([]);
    expect(report.steps.signature).toBe('passed');
    expect(report).toEqual(await verifyInNode(vector));
  });

  it('verifies a PS256 (RSA) vector (common/CO1) as valid', async () => {
    const vector = loadVector('common/2DCode/raw/CO1.json');
    const report = await verifyInPage(vector);
    expect(report.status).toBe('valid');
    expect(report.credential?.type).toBe('vaccination');
    expect(report.credential?.alg).toBe('PS256');
    expect(report.findings.map((f) => f.code)).toEqual([]);
    expect(report.steps.signature).toBe('passed');
    expect(report).toEqual(await verifyInNode(vector));
  });

  it('refuses a broken signature (common/CO5) with COSE_SIGNATURE_INVALID', async () => {
    const vector = loadVector('common/2DCode/raw/CO5.json');
    const report = await verifyInPage(vector);
    expect(report.status).toBe('invalid');
    expect(report.findings.map((f) => f.code)).toContain('COSE_SIGNATURE_INVALID');
    expect(report.steps.signature).toBe('failed');
    expect(report).toEqual(await verifyInNode(vector));
  });

  it('draws an HC1 code as SVG and PNG in the page, and reads the PNG back with zxing-wasm', async () => {
    const vector = loadVector('DE/2DCode/raw/1.json');
    const drawn = await page.evaluate(async (text) => {
      const core = (globalThis as unknown as { corridorCore: Core }).corridorCore;
      const svg = core.qrSvg(text, { label: 'Vaccination certificate', size: 320 });
      const holder = document.createElement('div');
      holder.innerHTML = svg;
      document.body.append(holder);
      const element = holder.querySelector('svg');
      const png = core.qrPng(text, { scale: 4 });
      const bitmap = await createImageBitmap(new Blob([png.slice()], { type: 'image/png' }));
      const wasm = await (await fetch('/zxing_reader.wasm')).arrayBuffer();
      const reader = await core.createQrReader(wasm);
      const read = await core.readQrText(reader, png);
      return {
        svg,
        isSvgElement: element instanceof SVGSVGElement,
        renderedWidth: element?.getBoundingClientRect().width,
        pngSide: [bitmap.width, bitmap.height],
        matrixSize: core.qrMatrix(text).size,
        read: read.ok ? read.value : `failed: ${read.code}`,
      };
    }, vector.prefix);

    expect(drawn.svg).toMatch(
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+"/,
    );
    expect(drawn.svg).toContain('width="320" height="320"');
    expect(drawn.svg).toContain('role="img"');
    expect(drawn.svg).toContain('Vaccination certificate');
    expect(drawn.svg).toMatch(/<path fill="#000" d="M4 4h7v1h-7z/); // top-left finder pattern row
    expect(drawn.svg.trimEnd()).toMatch(/<\/svg>$/);
    expect(drawn.svg).toBe(
      nodeCore.qrSvg(vector.prefix, { label: 'Vaccination certificate', size: 320 }),
    );
    expect(drawn.isSvgElement).toBe(true);
    expect(drawn.renderedWidth).toBe(320);
    const side = (drawn.matrixSize + 8) * 4;
    expect(drawn.pngSide).toEqual([side, side]);
    expect(drawn.read).toBe(vector.prefix);
  });

  it('verifies DIVOC credentials (an RSA ZIP from CoWIN, an Ed25519 JSON) with bundled contexts', async () => {
    const divoc = vectorsDir('divoc');
    if (!divoc) return;
    const read = (file: string) => readFileSync(path.join(divoc, file));
    const cases = [
      {
        input: [...read('ddcc-validator/DIVOCQR1.zip')],
        pem: read('kde/did-india.pem').toString('utf8'),
        at: '2021-03-15T00:00:00Z',
      },
      {
        input: read('egov-divoc/ed25519-signed.json').toString('utf8'),
        pem: read('egov-divoc/keys/test-ed25519-public.pem').toString('utf8'),
        at: '2021-09-01T00:00:00Z',
      },
    ];
    for (const { input, pem, at } of cases) {
      const report = await page.evaluate(
        async ({ input, pem, at }) => {
          const core = (globalThis as unknown as { corridorCore: Core }).corridorCore;
          const trust = await core.DivocTrust.create({
            keys: [{ verificationMethod: 'did:india', publicKeyPem: pem }],
          });
          const content = typeof input === 'string' ? input : new Uint8Array(input);
          return core.verifyDivoc(content, { trust, at: new Date(at) });
        },
        { input, pem, at },
      );
      expect(report.findings.map((f) => f.code)).toEqual([]);
      expect(report.status).toBe('valid');
      const trust = await nodeCore.DivocTrust.create({
        keys: [{ verificationMethod: 'did:india', publicKeyPem: pem }],
      });
      const content = typeof input === 'string' ? input : new Uint8Array(input);
      expect(report).toEqual(await nodeCore.verifyDivoc(content, { trust, at: new Date(at) }));
    }
  });

  it('verifies one code of each format (SHC, NZCP, VDS-NC, DIVOC) offline from a signed trust bundle', async () => {
    const root = vectorsDir();
    if (!root) return;
    const read = (file: string) => readFileSync(path.join(root, file));
    const utf8 = (file: string) => read(file).toString('utf8');
    const formatTrust = formatTrustOfVectors(root);
    const gateway = await makeAuthority('GW');
    // Issued before the earliest vector's instant, valid past the latest (2023-07-01).
    const issued = Date.parse('2021-03-01T00:00:00Z') / 1000;
    const content = bundleContent(issued, 3 * 366 * 86400, { formatTrust });
    const bundle = await nodeCore.signTrustBundle(content, gateway.signer);
    const anchorSpki = new Uint8Array(
      await crypto.subtle.exportKey('spki', gateway.key.key as CryptoKey),
    );
    const cases = [
      {
        format: 'shc',
        input: utf8('shc/spec-examples/example-00-f-qr-code-numeric-value-0.txt').trim(),
        at: '2023-07-01T00:00:00Z',
      },
      {
        format: 'nzcp',
        input: utf8('nzcp/spec-examples/valid/nzcp.txt').trim(),
        at: '2021-11-26T00:00:00Z',
      },
      {
        format: 'vds-nc',
        input: utf8('vds-nc/au-reader-ios/valid.json'),
        at: '2021-11-01T00:00:00Z',
      },
      {
        format: 'divoc',
        input: [...read('divoc/ddcc-validator/DIVOCQR1.zip')],
        at: '2021-03-15T00:00:00Z',
      },
    ];
    const inPage = await page.evaluate(
      async ({ bundle, anchorSpki, kid, cases }) => {
        const core = (globalThis as unknown as { corridorCore: Core }).corridorCore;
        const key = await crypto.subtle.importKey(
          'spki',
          new Uint8Array(anchorSpki),
          { name: 'ECDSA', namedCurve: 'P-256' },
          true,
          ['verify'],
        );
        const reports = [];
        for (const c of cases) {
          const at = new Date(c.at);
          const loaded = await core.loadTrustBundle(new Uint8Array(bundle), {
            anchors: [{ kid: new Uint8Array(kid), alg: 'ES256', key }],
            at,
          });
          if (!loaded.ok) return loaded.code;
          const input = typeof c.input === 'string' ? c.input : new Uint8Array(c.input);
          reports.push({
            format: c.format,
            rejected: loaded.value.rejected,
            report: await core.verify(input, { trust: loaded.value, at }),
          });
        }
        return reports;
      },
      { bundle: [...bundle], anchorSpki: [...anchorSpki], kid: [...gateway.key.kid], cases },
    );
    if (typeof inPage === 'string') throw new Error(`bundle refused in the page: ${inPage}`);
    expect(
      inPage.map((r) => `${r.format} ${r.report.status} ${r.report.credential?.issuer}`),
    ).toEqual(['shc valid US', 'nzcp valid NZ', 'vds-nc valid AU', 'divoc valid IN']);
    for (const r of inPage) {
      expect(r.rejected).toEqual([]);
      expect(r.report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    }
    // Node, from the same bundle, says the same.
    for (const [i, c] of cases.entries()) {
      const loaded = await nodeCore.loadTrustBundle(bundle, {
        anchors: [gateway.key],
        at: new Date(c.at),
      });
      if (!loaded.ok) throw new Error(loaded.code);
      const input = typeof c.input === 'string' ? c.input : new Uint8Array(c.input);
      expect(inPage[i]!.report).toEqual(
        await nodeCore.verify(input, { trust: loaded.value, at: new Date(c.at) }),
      );
    }
  });

  it('raised no page error and fetched nothing beyond the local server', () => {
    expect(pageErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});
