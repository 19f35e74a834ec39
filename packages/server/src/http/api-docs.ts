import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';

/**
 * The Content-Security-Policy of the interactive API docs: scripts, styles, fonts and API
 * calls only from this service itself, so the page works on an offline machine and can never
 * pull code from elsewhere. Pictures may also be `data:` URLs, because Swagger UI's stylesheet
 * draws its icons that way; nothing may frame the page, post a form elsewhere or change its
 * base URL.
 */
export const API_DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The files of the `swagger-ui-dist` npm package the docs page loads. */
const ASSETS = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
} as const;

type Asset = keyof typeof ASSETS;

let packageDir: string | undefined;
const cache = new Map<Asset, Uint8Array>();

/** The bytes of one Swagger UI file, read from node_modules once and kept. */
function asset(name: Asset): Uint8Array {
  let bytes = cache.get(name);
  if (!bytes) {
    packageDir ??= path.dirname(
      createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'),
    );
    bytes = readFileSync(path.join(packageDir, name));
    cache.set(name, bytes);
  }
  return bytes;
}

/** The page: Swagger UI's stylesheet and script, and the start script, all relative URLs. */
function page(title: string): string {
  const esc = title.replace(
    /[&<>"]/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc} API</title>
<link rel="stylesheet" href="swagger-ui.css">
</head><body>
<div id="swagger-ui"></div>
<script src="swagger-ui-bundle.js"></script>
<script src="start.js"></script>
</body></html>`;
}

/**
 * Starts Swagger UI on the service's own OpenAPI document (`../openapi.json` from the page).
 * An external file rather than an inline script, so that the CSP needs no 'unsafe-inline'.
 * The validator badge is off: it would send the document to validator.swagger.io.
 */
const START_SCRIPT = `window.ui = SwaggerUIBundle({
  url: new URL('../openapi.json', document.baseURI).href,
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  tryItOutEnabled: false,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;

/**
 * Serves interactive API docs (Swagger UI, from the `swagger-ui-dist` npm package, never a
 * CDN) at `/docs/` of `app`: the page, its script and stylesheet, and a start script that
 * loads `/openapi.json`. Every answer carries `API_DOCS_CSP`. The static page at `/` stays
 * for browsers without JavaScript; `/docs` redirects to `/docs/` so the relative URLs hold.
 */
export function serveApiDocs(app: OpenAPIHono, title: string): void {
  const headers = (type: string) => ({
    'content-type': type,
    'content-security-policy': API_DOCS_CSP,
    'x-content-type-options': 'nosniff',
    'cache-control': 'public, max-age=3600',
  });
  app.get('/docs', (c) => c.redirect('/docs/', 301));
  app.get('/docs/', (c) => c.body(page(title), 200, headers('text/html; charset=utf-8')));
  app.get('/docs/start.js', (c) =>
    c.body(START_SCRIPT, 200, headers('text/javascript; charset=utf-8')),
  );
  for (const [name, type] of Object.entries(ASSETS) as [Asset, string][]) {
    app.get(`/docs/${name}`, (c) =>
      c.body(asset(name) as Uint8Array<ArrayBuffer>, 200, headers(type)),
    );
  }
}
