import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { contentSecurityPolicy, webApp } from '@corridor/server/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The serving code a node will mount: CSP and headers, config, the page fallback, and nothing
// outside the build folder. Runs on a small fake dist with app.request (no socket).

describe('webApp (serving the built app)', () => {
  let dist: string;
  let outside: string;
  const config = {
    node: '',
    anchors: ['-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----\n'],
    country: 'KR',
  };
  beforeAll(async () => {
    outside = await mkdtemp(path.join(tmpdir(), 'corridor-web-serve-'));
    dist = path.join(outside, 'dist');
    await import('node:fs/promises').then((fs) =>
      fs.mkdir(path.join(dist, 'assets'), { recursive: true }),
    );
    await writeFile(
      path.join(dist, 'index.html'),
      '<!doctype html><script type="module" src="/app/assets/a.js"></script>',
    );
    await writeFile(path.join(dist, 'assets/a.js'), 'export {}');
    await writeFile(path.join(dist, 'sw.js'), '//');
    await writeFile(path.join(outside, 'secret.txt'), 'secret');
  });
  afterAll(() => rm(outside, { recursive: true, force: true }));

  it('sends a CSP with no inline script and no eval, only wasm compilation', async () => {
    const res = await webApp({ dist, config }).request('/app/border/scan');
    const csp = res.headers.get('content-security-policy')!;
    const script = csp.split('; ').find((d) => d.startsWith('script-src'));
    expect(script).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('lets the page reach a node on another origin, and only that one', () => {
    expect(contentSecurityPolicy({ node: 'https://kr.example:8443/base' })).toContain(
      "connect-src 'self' https://kr.example:8443;",
    );
  });

  it('serves the shell for page paths, assets immutable, the service worker revalidated', async () => {
    const app = webApp({ dist, config });
    const page = await app.request('/app/wallet/certificates');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('/app/assets/a.js');
    const asset = await app.request('/app/assets/a.js');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect((await app.request('/app/sw.js')).headers.get('cache-control')).toBe('no-cache');
    expect((await app.request('/app')).status).toBe(301);
  });

  it('hands the app its configuration', async () => {
    const res = await webApp({ dist, config: () => config }).request('/app/config.json');
    expect(await res.json()).toEqual(config);
  });

  it('serves nothing outside the build folder and 404s missing files', async () => {
    const app = webApp({ dist, config });
    for (const url of [
      '/app/../secret.txt',
      '/app/%2e%2e/secret.txt',
      '/app/..%2fsecret.txt',
      '/app/assets/missing.js',
    ]) {
      const res = await app.request(url);
      expect(res.status, url).toBe(404);
    }
  });
});
