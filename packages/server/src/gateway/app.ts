import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { serveApiDocs } from '../http/api-docs.js';
import { boundedBodies, useProblems, validationProblem } from '../http/errors.js';
import { openApiPage } from '../http/openapi-page.js';
import { HttpProblem } from '../http/problem.js';
import { type WebAppOptions, webApp } from '../http/web-app.js';
import { formatRoutes } from './routes/formats.js';
import { indicatorRoutes } from './routes/indicators.js';
import { interopRoutes } from './routes/interop.js';
import { laneRoutes } from './routes/lanes.js';
import { participantRoutes } from './routes/participants.js';
import { bearerToken, sameToken } from './routes/shared.js';
import { transparencyRoutes } from './routes/transparency.js';
import { trustRoutes } from './routes/trust.js';
import type { Gateway } from './service.js';
import { MAX_REQUEST_BYTES } from './signed-request.js';

/**
 * The gateway's HTTP API. Handlers validate input, call the domain and map the result;
 * problems are rendered in one place as `application/problem+json`. With `web`, the gateway
 * also serves the built web app under `/app/` (its operator console, `/app/operator`), with the
 * same Content-Security-Policy as a node; the console reads only the public routes below and
 * checks what they say against the anchor in its configuration.
 */
export function gatewayApp(
  gateway: Gateway,
  options: { operatorToken: string; web?: WebAppOptions },
) {
  const app = new OpenAPIHono({ defaultHook: validationProblem });
  useProblems(app, 'gateway');

  const operator = (c: Context) => {
    if (!sameToken(bearerToken(c.req.header('authorization')), options.operatorToken)) {
      throw new HttpProblem(
        401,
        'OPERATOR_UNAUTHENTICATED',
        'operator actions need the operator token',
      );
    }
  };

  // No body is read beyond the request limit, and operator routes check the token before
  // their body is parsed, so an anonymous caller cannot make the gateway parse large input.
  app.use('/participants', async (c, next) => {
    if (c.req.method === 'POST') operator(c);
    await next();
  });
  app.use('/audit', async (c, next) => {
    operator(c);
    await next();
  });
  app.use('*', ...boundedBodies(MAX_REQUEST_BYTES));

  // Every group is chained, so that its routes' types reach `GatewayApi` (the typed client's).
  // The order is the routes' order of matching.
  const api = app
    .route('/', participantRoutes(gateway, operator))
    .route('/', trustRoutes(gateway))
    .route('/', interopRoutes(gateway))
    .route('/', laneRoutes(gateway))
    .route('/', transparencyRoutes(gateway, operator))
    .route('/', indicatorRoutes(gateway))
    .route('/', formatRoutes(gateway));

  app.get('/health', (c) => c.json({ ok: true }));
  app.openAPIRegistry.registerComponent('securitySchemes', 'operator', {
    type: 'http',
    scheme: 'bearer',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Corridor trust gateway', version: '0.1.0' },
  });
  app.get('/', (c) =>
    c.html(
      openApiPage(
        'Corridor trust gateway',
        app.getOpenAPI31Document({
          openapi: '3.1.0',
          info: { title: 'Corridor trust gateway', version: '0.1.0' },
        }),
      ),
    ),
  );
  serveApiDocs(app, 'Corridor trust gateway');
  // The operator console (pages, not API: not in the OpenAPI document).
  if (options.web) app.route('/', webApp(options.web));
  return api;
}

/** The gateway app's type, whose chained routes the typed client (`gatewayClient`) knows. */
export type GatewayApi = ReturnType<typeof gatewayApp>;
