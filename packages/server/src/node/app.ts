import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { problemBody } from '../gateway/problem.js';
import { openApiPage } from '../http/openapi-page.js';
import { issuanceApp } from '../issuance/app.js';
import type { Issuance } from '../issuance/service.js';
import type { BundleSync } from './sync.js';

/**
 * A national node's HTTP API: the trust bundle it synced for its own verifiers and, when it
 * issues, the issuance API (certificates, QR codes, printable PDFs, revocation, tokens).
 */
export function nodeApp(options: {
  country: string;
  sync: BundleSync;
  issuance?: Issuance;
}): OpenAPIHono {
  const { sync, country } = options;
  const app = new OpenAPIHono();
  app.onError((error, c) => {
    console.error(error);
    return c.body(JSON.stringify(problemBody(500, 'INTERNAL_ERROR', 'the node failed')), 500, {
      'content-type': 'application/problem+json',
    });
  });
  app.notFound((c) =>
    c.body(
      JSON.stringify(problemBody(404, 'NOT_FOUND', `no route ${c.req.method} ${c.req.path}`)),
      404,
      { 'content-type': 'application/problem+json' },
    ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/bundle',
      summary:
        'The latest trust bundle this node accepted from the gateway (COSE_Sign1); honours If-None-Match',
      responses: {
        200: {
          description: 'Bundle',
          content: { 'application/cose': { schema: z.string().openapi({ format: 'binary' }) } },
        },
        304: { description: 'Not modified' },
        404: {
          description: 'Not synced yet',
          content: { 'application/problem+json': { schema: z.object({ title: z.string() }) } },
        },
      },
    }),
    async (c) => {
      const latest = await sync.latest();
      if (!latest)
        return c.body(
          JSON.stringify(
            problemBody(404, 'BUNDLE_NOT_SYNCED', 'this node has not synced a bundle yet'),
          ),
          404,
          { 'content-type': 'application/problem+json' },
        );
      if (c.req.header('if-none-match') === latest.etag)
        return c.body(null, 304, { etag: latest.etag });
      return c.body(latest.cose as unknown as ArrayBuffer, 200, {
        'content-type': 'application/cose',
        etag: latest.etag,
        'x-bundle-version': String(latest.version),
      });
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/bundle/sync',
      summary: 'Pull the gateway bundle now',
      responses: {
        200: {
          description: 'Outcome',
          content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
        },
      },
    }),
    async (c) => c.json((await sync.sync()) as Record<string, unknown>, 200),
  );
  app.get('/health', (c) => c.json({ ok: true, country }));
  const info = {
    openapi: '3.1.0' as const,
    info: { title: `Corridor national node ${country}`, version: '0.1.0' },
  };
  app.doc31('/openapi.json', info);
  app.get('/', (c) => c.html(openApiPage(info.info.title, app.getOpenAPI31Document(info))));
  // Issuance (certificates, QR, PDF, revocation, tokens) when this node issues; mounted last so
  // the node's own page and OpenAPI document, which include these routes, answer first.
  if (options.issuance) app.route('/', issuanceApp(options.issuance));
  return app;
}
