import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Hono } from 'hono';
import { APP_SECURITY_HEADERS, contentSecurityPolicy } from './csp.js';

/** Where the app is mounted (the Vite `base`). */
export const APP_PATH = '/app';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The configuration a node hands its copy of the web app at `/app/config.json`. It mirrors
 * `AppConfig` in `packages/web/src/shared/app-config.ts` (which checks it in the page); it is
 * declared here too because the compiled server cannot import the web package's sources.
 */
export interface WebAppConfig {
  /** Base URL of the node whose `GET /bundle` the app reads; `''` for the serving origin. */
  node: string;
  /** The gateway's bundle-signing keys, as PEM (`PUBLIC KEY` or `CERTIFICATE`). */
  anchors: string[];
  /**
   * ISO 3166-1 alpha-2 country of this checkpoint: the default destination. Absent on the trust
   * gateway, which serves only the operator console (the scanner then says it is not configured).
   */
  country?: string;
  /** The port of entry of this checkpoint (`ICN`): the lane scanner's default at arrival. */
  port?: string;
  /** Destinations an officer may pick (default: the bundle's countries). */
  destinations?: string[];
  /** Hours before the bundle expires from which the scanner warns (default 12). */
  nearExpiryHours?: number;
  /** Largest difference between the device clock and the server's tolerated, in seconds. */
  clockToleranceSeconds?: number;
}

/** How the app is served from a node. */
export interface WebAppOptions {
  /** The built app (`packages/web/dist`). */
  dist: string;
  /** The configuration handed to the app; a function is asked on every request. */
  config: WebAppConfig | (() => WebAppConfig);
}

/**
 * A Hono app serving the built web app under `/app/`: its files with the CSP and security
 * headers, `/app/config.json` from `options.config`, and `index.html` for every other page path
 * (the app routes in the page). Hashed assets are cached for a year; `index.html`, the service
 * worker and the configuration are revalidated every time, so a new build reaches devices.
 * A node mounts it with `app.route('/', webApp({ dist, config }))`.
 */
export function webApp(options: WebAppOptions): Hono {
  const dist = path.resolve(options.dist);
  const configOf = () => (typeof options.config === 'function' ? options.config() : options.config);
  const app = new Hono();

  app.use(`${APP_PATH}/*`, async (c, next) => {
    await next();
    c.header(
      'content-security-policy',
      contentSecurityPolicy({ node: configOf().node || undefined }),
    );
    for (const [name, value] of Object.entries(APP_SECURITY_HEADERS)) c.header(name, value);
  });
  app.get(APP_PATH, (c) => c.redirect(`${APP_PATH}/`, 301));
  app.get(`${APP_PATH}/config.json`, (c) => {
    c.header('cache-control', 'no-cache');
    return c.json(configOf());
  });
  app.get(`${APP_PATH}/*`, async (c) => {
    const relative = decodeURIComponent(c.req.path.slice(APP_PATH.length + 1));
    const file = path.resolve(dist, relative || 'index.html');
    // Nothing outside the build folder is ever served.
    if (file !== dist && !file.startsWith(dist + path.sep)) return c.notFound();
    const found = await stat(file).catch(() => undefined);
    if (found?.isFile()) {
      const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      const immutable = relative.startsWith('assets/');
      return c.body(new Uint8Array(await readFile(file)), 200, {
        'content-type': type,
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
    }
    // A page path (no extension): the app's shell, which routes in the page.
    if (path.extname(relative) === '') {
      return c.body(await readFile(path.join(dist, 'index.html'), 'utf8'), 200, {
        'content-type': TYPES['.html']!,
        'cache-control': 'no-cache',
      });
    }
    return c.notFound();
  });
  return app;
}
