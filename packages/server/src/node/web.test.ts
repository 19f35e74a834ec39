import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../../web/test-support/build.js';
import { nodeApp } from './app.js';
import type { BundleSync } from './sync.js';

// A national node serving the real build of the web app under /app/ (over app.request, no
// socket). Needs packages/web/dist: on CI it is built here with Vite (as web's own tests do);
// elsewhere the suite is skipped, loudly, when the app has not been built.

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');
const onCi = Boolean(process.env.CI);
const available = onCi || existsSync(path.join(DIST, 'index.html'));
if (!available)
  console.warn(
    `SKIPPED node web app tests: ${DIST} is missing; build it with npm run build -w @corridor/web`,
  );

describe.skipIf(!available)('nodeApp serving the web app', () => {
  const config = {
    node: '',
    anchors: ['-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----\n'],
    country: 'KR',
  };
  const sync = { latest: async () => undefined } as unknown as BundleSync;
  beforeAll(async () => {
    if (onCi) await ensureWebBuild();
  }, 240_000);

  it('answers /app/ with the app shell and its Content-Security-Policy', async () => {
    const app = nodeApp({ country: 'KR', sync, web: { dist: DIST, config } });
    const res = await app.request('/app/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('<div id="root">');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    // A page path routes in the page: the same shell, the same policy.
    const page = await app.request('/app/border/scan');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(csp);
  });

  it("hands the app the node's configuration at /app/config.json", async () => {
    const app = nodeApp({ country: 'KR', sync, web: { dist: DIST, config } });
    const res = await app.request('/app/config.json');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(config);
  });

  it('keeps the node API answering beside the app, and serves no app without a build', async () => {
    const withApp = nodeApp({ country: 'KR', sync, web: { dist: DIST, config } });
    const bundle = await withApp.request('/bundle');
    expect(bundle.status).toBe(404);
    expect(await bundle.json()).toMatchObject({ title: 'BUNDLE_NOT_SYNCED' });
    expect(bundle.headers.get('content-security-policy')).toBeNull();
    const without = nodeApp({ country: 'KR', sync });
    expect((await without.request('/app/')).status).toBe(404);
  });
});
