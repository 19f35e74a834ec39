import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toHex } from '@corridor/core/lib';
import { webApp } from '@corridor/server/http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AppConfig } from '../src/shared/app-config.js';

/** A loopback server for the web tests: the built app plus a node's `GET /bundle`. */
export interface TestServer {
  origin: string;
  /** Replaces the bundle the node serves (a newer one, an older one for a rollback...). */
  setBundle(bytes: Uint8Array, version: number): Promise<void>;
  /** Requests seen, as `METHOD path` (to prove what the app did and did not ask for). */
  readonly requests: string[];
  /**
   * Pins the server's clock as its `Date` header tells it (the scanner compares its own clock
   * with it); `undefined` gives back the real time.
   */
  setServerTime(at: Date | undefined): void;
  close(): Promise<void>;
}

/**
 * Serves `dist` with `webApp` (the same serving code a node will mount, CSP included) and
 * `GET /bundle` the way the national node answers it (`application/cose`, an ETag,
 * `If-None-Match` → 304, `X-Bundle-Version`). Node's HTTP server adds the `Date` header the app
 * compares its clock with. `config` gets `node: ''` (this origin) unless given.
 */
export async function startTestServer(options: {
  dist: string;
  bundle: Uint8Array;
  version: number;
  config: Omit<AppConfig, 'node'> & { node?: string };
}): Promise<TestServer> {
  let bundle = options.bundle;
  let version = options.version;
  let etag = '';
  const digest = async (bytes: Uint8Array) =>
    `"${toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource))).slice(0, 32)}"`;
  etag = await digest(bundle);
  const requests: string[] = [];
  let serverTime: Date | undefined;
  const app = new Hono();
  app.use('*', async (c, next) => {
    requests.push(`${c.req.method} ${c.req.path}`);
    await next();
    if (serverTime) c.header('date', serverTime.toUTCString());
  });
  app.get('/bundle', (c) => {
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, { etag });
    return c.body(bundle.slice(), 200, {
      'content-type': 'application/cose',
      etag,
      'x-bundle-version': String(version),
      'cache-control': 'no-cache',
    });
  });
  app.route('/', webApp({ dist: options.dist, config: { node: '', ...options.config } }));
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(s as Server),
    ) as Server;
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    setServerTime(at) {
      serverTime = at;
    },
    async setBundle(bytes, v) {
      bundle = bytes;
      version = v;
      etag = await digest(bytes);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
