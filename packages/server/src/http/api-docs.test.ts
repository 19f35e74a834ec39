import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayApp } from '../gateway/app.js';
import type { Gateway } from '../gateway/service.js';
import { nodeApp } from '../node/app.js';
import type { BundleSync } from '../node/sync.js';
import { API_DOCS_CSP } from './api-docs.js';

// The interactive API docs come from the swagger-ui-dist npm package, served by the app
// itself: the page and everything it loads are same-origin, under a CSP of 'self'.

const CHROMIUM = process.env.CORRIDOR_CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && !process.env.CI)
  console.warn(`\n!!! ${CHROMIUM} not found: the browser check of the API docs is SKIPPED.\n`);

// The routes and the OpenAPI document do not touch the services until a request needs them.
const apps: [string, () => OpenAPIHono][] = [
  ['gateway', () => gatewayApp({} as Gateway, { operatorToken: 'operator-token' })],
  ['node', () => nodeApp({ country: 'KR', sync: {} as BundleSync })],
];

describe.each(apps)('the %s serves interactive API docs offline', (_, make) => {
  const app = make();

  it('/docs/ is a page whose scripts and styles are all its own, under a CSP of self', async () => {
    const res = await app.request('/docs/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(API_DOCS_CSP);
    expect(API_DOCS_CSP).toContain("script-src 'self'");
    expect(API_DOCS_CSP).not.toMatch(/unsafe|https?:|\*/);
    const html = await res.text();
    const urls = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
    expect(urls.sort()).toEqual(['start.js', 'swagger-ui-bundle.js', 'swagger-ui.css']);
    expect(html).not.toMatch(/<script>|<style|style="/); // nothing inline for the CSP to allow
    for (const url of urls) {
      const asset = await app.request(`/docs/${url}`);
      expect(asset.status, url).toBe(200);
      expect(asset.headers.get('content-security-policy')).toBe(API_DOCS_CSP);
      expect(asset.headers.get('content-type')).toMatch(
        url.endsWith('.css') ? /^text\/css/ : /^text\/javascript/,
      );
      const text = await asset.text();
      expect(text.length).toBeGreaterThan(url === 'start.js' ? 100 : 100_000);
      // No stylesheet or script pulled from elsewhere, and no font or picture either.
      expect(text).not.toMatch(/@import\s+(url\()?["']?https?:|url\(["']?https?:/);
      expect(text).not.toMatch(/<script[^>]+src=["']?https?:|<link[^>]+href=["']?https?:/);
    }
    expect(await (await app.request('/docs/start.js')).text()).toContain('validatorUrl: null');
    const redirect = await app.request('/docs');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/docs/');
    expect(await (await app.request('/')).text()).toContain('href="docs/"');
  });

  describe.skipIf(!haveChromium)('in Chromium', () => {
    let server: ServerType;
    let origin: string;
    let browser: Browser;

    beforeAll(async () => {
      server = await new Promise<ServerType>((resolve) => {
        const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
      });
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
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('renders every operation with no request leaving the service and no CSP violation', async () => {
      const page = await browser.newPage();
      page.setDefaultTimeout(15_000);
      const foreign: string[] = [];
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith(`${origin}/`) || url.startsWith('data:')) return route.continue();
        foreign.push(url);
        return route.abort();
      });
      await page.goto(`${origin}/docs/`);
      await page.waitForSelector('.swagger-ui .opblock');
      const doc = (await (await app.request('/openapi.json')).json()) as { paths: object };
      const operations = Object.values(doc.paths).reduce(
        (n: number, item: object) => n + Object.keys(item).length,
        0,
      );
      expect(await page.locator('.swagger-ui .opblock').count()).toBe(operations);
      expect(foreign).toEqual([]);
      expect(problems).toEqual([]);
      await page.close();
    });
  });
});
