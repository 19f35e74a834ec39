import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayApp } from './app.js';
import type { Gateway } from './service.js';

// The gateway serving the web app for its operator console (over app.request, no socket, on a
// stand-in build: the real build is served in packages/web/test/operator.test.ts).

describe('gatewayApp serving the operator console', () => {
  let dist: string;
  const config = {
    node: '',
    anchors: ['-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----\n'],
  };
  const gateway = {} as Gateway;
  beforeAll(async () => {
    dist = await mkdtemp(path.join(tmpdir(), 'corridor-gateway-web-'));
    await mkdir(path.join(dist, 'assets'));
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  });
  afterAll(() => rm(dist, { recursive: true, force: true }));

  it('answers /app/operator with the app shell and the same CSP as a node', async () => {
    const app = gatewayApp(gateway, { operatorToken: 'op', web: { dist, config } });
    const res = await app.request('/app/operator');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root">');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('hands the console its configuration: the anchor, no country', async () => {
    const app = gatewayApp(gateway, { operatorToken: 'op', web: { dist, config } });
    const res = await app.request('/app/config.json');
    expect(await res.json()).toEqual(config);
  });

  it('serves nothing outside the build folder (hostile paths)', async () => {
    await writeFile(path.join(path.dirname(dist), 'gateway-secret.txt'), 'TOP-SECRET-CONTENT');
    const app = gatewayApp(gateway, { operatorToken: 'op', web: { dist, config } });
    for (const url of [
      '/app/../gateway-secret.txt',
      '/app/%2e%2e/gateway-secret.txt',
      '/app/..%2fgateway-secret.txt',
      '/app/assets/missing.js',
    ]) {
      const res = await app.request(url);
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain('TOP-SECRET-CONTENT');
    }
    await rm(path.join(path.dirname(dist), 'gateway-secret.txt'));
  });

  it('serves no app without a build, and keeps the operator token on operator routes', async () => {
    const without = gatewayApp(gateway, { operatorToken: 'op' });
    expect((await without.request('/app/operator')).status).toBe(404);
    const withApp = gatewayApp(gateway, { operatorToken: 'op', web: { dist, config } });
    const audit = await withApp.request('/audit');
    expect(audit.status).toBe(401);
    expect(await audit.json()).toMatchObject({ title: 'OPERATOR_UNAUTHENTICATED' });
  });
});
