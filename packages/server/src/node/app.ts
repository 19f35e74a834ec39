import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { serveApiDocs } from '../http/api-docs.js';
import { problemResponse, useProblems } from '../http/errors.js';
import { openApiPage } from '../http/openapi-page.js';
import { ProblemSchema, problemDoc } from '../http/openapi-problem.js';
import { HttpProblem } from '../http/problem.js';
import { type WebAppOptions, webApp } from '../http/web-app.js';
import { authorize } from '../issuance/accounts.js';
import { issuanceApp } from '../issuance/app.js';
import type { Issuance } from '../issuance/service.js';
import { lanesApp } from '../lanes/app.js';
import type { Lanes } from '../lanes/service.js';
import { staffApp } from '../staff/app.js';
import { authenticateRequest } from '../staff/request-auth.js';
import type { BundleSync } from './sync.js';

/**
 * A national node's HTTP API: the trust bundle it synced for its own verifiers and, when it
 * issues, the issuance API (certificates, QR codes, printable PDFs, revocation, tokens).
 */
export function nodeApp(options: {
  country: string;
  sync: BundleSync;
  issuance?: Issuance;
  /** The fast-track lane API (sponsors, authorities), when this node approves a lane. */
  lanes?: Lanes;
  /** Pushes the node's queued revocation hashes to the gateway (before a sync pulls). */
  pushRevocations?: () => Promise<{ hashes: number }>;
  /**
   * The built web app (`packages/web/dist`) and the configuration this node hands it, to serve
   * under `/app/` with its Content-Security-Policy: border desks and travellers then load the
   * scanner and the wallet from their own country's node, which also serves `GET /bundle`.
   */
  web?: WebAppOptions;
}) {
  const { sync, country } = options;
  const app = new OpenAPIHono();
  useProblems(app, 'node');

  // Chained, so that `NodeApi` (the typed client's) carries both bundle routes.
  const api = app
    .openapi(
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
            content: { 'application/problem+json': { schema: ProblemSchema } },
          },
        },
      }),
      async (c) => {
        const latest = await sync.latest();
        if (!latest)
          return problemResponse(
            c,
            404,
            'BUNDLE_NOT_SYNCED',
            'this node has not synced a bundle yet',
          );
        if (c.req.header('if-none-match') === latest.etag)
          return c.body(null, 304, { etag: latest.etag });
        return c.body(latest.cose as unknown as ArrayBuffer, 200, {
          'content-type': 'application/cose',
          etag: latest.etag,
          'x-bundle-version': String(latest.version),
        });
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/bundle/sync',
        summary:
          'Push queued revocation hashes to the gateway, then pull its bundle now (administrator token)',
        security: [{ bearer: [] }],
        responses: {
          200: {
            description: 'Outcome',
            content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
          },
          401: problemDoc('No valid bearer token'),
          403: problemDoc('The token lacks the admin scope'),
          502: problemDoc('The gateway could not be reached to push revocations'),
        },
      }),
      async (c) => {
        // Administrators only: it makes the node talk to the gateway on demand.
        if (!options.issuance)
          throw new HttpProblem(401, 'TOKEN_INVALID', 'this node has no administrator accounts');
        const actor = await authenticateRequest(options.issuance.db, c, options.issuance.now());
        authorize(actor, 'admin');
        // Revocations first, so the bundle pulled next already carries them.
        let pushed: { hashes: number } | undefined;
        if (options.pushRevocations) {
          try {
            pushed = await options.pushRevocations();
          } catch (error) {
            throw new HttpProblem(
              502,
              'SYNC_FAILED',
              `pushing revocations failed: ${(error as Error).message}`,
            );
          }
        }
        const outcome = (await sync.sync()) as Record<string, unknown>;
        return c.json(
          { ...outcome, ...(pushed ? { pushedRevocationHashes: pushed.hashes } : {}) },
          200,
        );
      },
    );
  app.get('/health', (c) => c.json({ ok: true, country }));
  const info = {
    openapi: '3.1.0' as const,
    info: { title: `Corridor national node ${country}`, version: '0.1.0' },
  };
  app.doc31('/openapi.json', info);
  app.get('/', (c) => c.html(openApiPage(info.info.title, app.getOpenAPI31Document(info))));
  serveApiDocs(app, info.info.title);
  // The web app under /app/ (not part of the OpenAPI document: it is pages, not API).
  if (options.web) app.route('/', webApp(options.web));
  // Issuance (certificates, QR, PDF, revocation, tokens) when this node issues; mounted last so
  // the node's own page and OpenAPI document, which include these routes, answer first.
  // Staff sign-in for the web app (sessions reach the issuance and lanes routes below).
  const accounts = options.issuance ?? options.lanes;
  if (accounts) app.route('/', staffApp({ db: accounts.db, now: () => accounts.now() }));
  if (options.issuance) app.route('/', issuanceApp(options.issuance));
  if (options.lanes) app.route('/', lanesApp(options.lanes));
  return api;
}

/**
 * The node app's type as the typed client (`nodeClient`) knows it: the bundle routes. The
 * issuance and lanes APIs it may mount have their own clients (`IssuanceApi`, `LanesApi`).
 */
export type NodeApi = ReturnType<typeof nodeApp>;
