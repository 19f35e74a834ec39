import { qrSvg } from '@corridor/core/qr';
import { verify } from '@corridor/core/verify';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { serveApiDocs } from '../http/api-docs.js';
import { boundedBodies, noStore, useProblems, validationProblem } from '../http/errors.js';
import { openApiPage } from '../http/openapi-page.js';
import { problemDoc } from '../http/openapi-problem.js';
import {
  PaperQuery,
  PDF_RESPONSE,
  pdfAnswer,
  QR_PNG_RESPONSE,
  QR_SVG_RESPONSE,
  QrScaleQuery,
  qrPngAnswer,
  qrSvgAnswer,
} from '../http/printable.js';
import { HttpProblem } from '../http/problem.js';
import { type PrintableDcc, renderCertificatePdf } from '../print/certificate-pdf.js';
import { authenticateRequest } from '../staff/request-auth.js';
import {
  authorize,
  createToken,
  ISSUANCE_ROLES,
  revokeToken,
  SCOPES,
  type Scope,
  type TokenActor,
} from './accounts.js';
import type { IssuedHcert } from './certificates.js';
import { consoleRoutes } from './console-routes.js';
import type { Issuance } from './service.js';

/** The paths of the issuance API: every one needs a bearer token. */
const ISSUANCE_PATHS = ['/certificates', '/certificates/*', '/tokens', '/tokens/*', '/valuesets'];

/** Largest JSON request body the issuance API reads. */
export const MAX_ISSUANCE_BODY_BYTES = 64 * 1024;

const problem = problemDoc;
const problems = {
  400: problem('Malformed request'),
  401: problem('No valid bearer token'),
  403: problem('The token lacks the scope (or the role) for this'),
  404: problem('No such certificate'),
  413: problem('Body too large'),
};

const Uci = z.string().min(16).max(80).openapi({
  description: 'The UCI (URL-encoded in paths)',
  example: 'URN:UVCI:01:KR:7QX2M9HKD4C8A#P',
});
const CertificateType = z.enum(['vaccination', 'test', 'recovery']);
const IssuedSchema = z
  .object({
    uci: z.string(),
    type: CertificateType,
    hc1: z.string(),
    kid: z.string(),
    issuedAt: z.string(),
    expiresAt: z.string(),
    qr: z.object({ svg: z.string(), png: z.string() }),
    qrSvg: z.string().optional(),
  })
  .openapi('IssuedCertificate');
const RecordSchema = z
  .object({
    uci: z.string(),
    type: CertificateType,
    country: z.string(),
    kid: z.string(),
    dsc: z.string(),
    issuedAt: z.string(),
    expiresAt: z.string(),
    issuedBy: z.string(),
    revoked: z
      .object({ at: z.string(), reason: z.string().nullable(), by: z.string().nullable() })
      .nullable(),
    textAvailableUntil: z.string().nullable(),
    payloadRetainedUntil: z.string().nullable(),
  })
  .openapi('CertificateRecord');

/**
 * The national node's issuance API (Hono, OpenAPI at `/openapi.json`). Every route needs
 * `Authorization: Bearer <token>`; a token's scopes, bounded by its account's role, decide
 * what it may do (`issue`, `revoke`, `read`, `admin`). Problems are
 * `application/problem+json`, with field-level `errors` for refused certificates.
 */
export function issuanceApp(issuance: Issuance) {
  const app = new OpenAPIHono({ defaultHook: validationProblem });
  useProblems(app, 'node');
  app.use('*', noStore());
  // Authentication before anything reads the body: a request without a valid token is 401
  // whatever it carries (no validation detail leaks to an anonymous caller, no parsing cost).
  const actors = new WeakMap<Request, TokenActor>();
  for (const path of ISSUANCE_PATHS) {
    app.use(path, async (c, next) => {
      const actor = await authenticateRequest(issuance.db, c, issuance.now());
      actors.set(c.req.raw, actor);
      await next();
    });
  }
  // Only on its own paths: mounted beside the lanes and staff apps on a node, a '*' limit would
  // stack a second body reader on their routes (a chunked body then fails: stream locked).
  // ('/x/*' also matches '/x' in Hono, so each prefix once.)
  for (const path of ['/certificates/*', '/tokens/*', '/valuesets'])
    app.use(path, ...boundedBodies(MAX_ISSUANCE_BODY_BYTES));

  const caller = async (c: Context, ...scopes: Scope[]): Promise<TokenActor> => {
    const actor =
      actors.get(c.req.raw) ?? (await authenticateRequest(issuance.db, c, issuance.now()));
    authorize(actor, ...scopes);
    return actor;
  };
  const links = (uci: string) => {
    const base = `/certificates/${encodeURIComponent(uci)}`;
    return { svg: `${base}/qr.svg`, png: `${base}/qr.png` };
  };
  const issuedBody = (issued: IssuedHcert, inline: boolean) => ({
    uci: issued.uci,
    type: issued.type,
    hc1: issued.hc1,
    kid: issued.kid,
    issuedAt: issued.issuedAt.toISOString(),
    expiresAt: issued.expiresAt.toISOString(),
    qr: links(issued.uci),
    ...(inline
      ? { qrSvg: qrSvg(issued.hc1, { label: `${issued.type} certificate QR code` }) }
      : {}),
  });

  const issuing = app.openapi(
    createRoute({
      method: 'post',
      path: '/certificates',
      summary: 'Issue a vaccination, test or recovery certificate (scope issue)',
      security: [{ bearer: [] }],
      request: {
        headers: z.object({
          'idempotency-key': z
            .string()
            .min(1)
            .max(200)
            .optional()
            .openapi({ description: 'Repeat a request safely: same key, same certificate' }),
        }),
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                type: CertificateType,
                payload: z
                  .record(z.string(), z.unknown())
                  .openapi({ description: 'EU DCC 1.3.x payload; ver and ci optional' }),
                options: z
                  .object({
                    dsc: z.string().min(1).max(128).optional(),
                    expiresAt: z.string().datetime({ offset: true }).optional(),
                    inlineQr: z.boolean().optional(),
                  })
                  .strict()
                  .optional(),
              }),
            },
          },
        },
      },
      responses: {
        201: { description: 'Issued', content: { 'application/json': { schema: IssuedSchema } } },
        200: {
          description: 'Already issued under this idempotency key',
          content: { 'application/json': { schema: IssuedSchema } },
        },
        ...problems,
        409: problem('Idempotency key reused for another request, or UCI taken'),
        410: problem('Issued under this key; its text is no longer kept'),
        422: problem('Refused payload (field-level errors)'),
        503: problem('No DSC may sign this type now'),
      },
    }),
    async (c) => {
      const actor = await caller(c, 'issue');
      const body = c.req.valid('json');
      const key = c.req.valid('header')['idempotency-key'];
      const { inlineQr, ...options } = body.options ?? {};
      const issued = await issuance.issue(
        {
          type: body.type,
          payload: body.payload,
          ...(Object.keys(options).length > 0 ? { options } : {}),
        },
        { actor, ...(key !== undefined ? { idempotencyKey: key } : {}) },
      );
      if (issued.replayed) c.header('idempotent-replayed', 'true');
      return c.json(issuedBody(issued, inlineQr ?? false), issued.replayed ? 200 : 201);
    },
  );

  consoleRoutes(app, issuance, caller);

  const api = issuing
    .openapi(
      createRoute({
        method: 'get',
        path: '/certificates/{uci}',
        summary: 'What the node keeps about a certificate: metadata only (scope read)',
        security: [{ bearer: [] }],
        request: { params: z.object({ uci: Uci }) },
        responses: {
          200: {
            description: 'Metadata',
            content: { 'application/json': { schema: RecordSchema } },
          },
          ...problems,
        },
      }),
      async (c) => {
        await caller(c, 'read');
        const r = await issuance.get(c.req.valid('param').uci);
        return c.json(
          {
            ...r,
            issuedAt: r.issuedAt.toISOString(),
            expiresAt: r.expiresAt.toISOString(),
            revoked: r.revoked ? { ...r.revoked, at: r.revoked.at.toISOString() } : null,
            textAvailableUntil: r.textAvailableUntil?.toISOString() ?? null,
            payloadRetainedUntil: r.payloadRetainedUntil?.toISOString() ?? null,
          },
          200,
        );
      },
    )

    .openapi(
      createRoute({
        method: 'get',
        path: '/certificates/{uci}/qr.svg',
        summary: 'The QR code as SVG, while the text is retained (scope read or issue)',
        security: [{ bearer: [] }],
        request: { params: z.object({ uci: Uci }) },
        responses: {
          200: QR_SVG_RESPONSE,
          ...problems,
          410: problem('No longer retained'),
        },
      }),
      async (c) => {
        await caller(c, 'read', 'issue');
        const hc1 = await issuance.text(c.req.valid('param').uci);
        return qrSvgAnswer(c, hc1, 'Health certificate QR code');
      },
    )

    .openapi(
      createRoute({
        method: 'get',
        path: '/certificates/{uci}/qr.png',
        summary: 'The QR code as PNG, while the text is retained (scope read or issue)',
        security: [{ bearer: [] }],
        request: {
          params: z.object({ uci: Uci }),
          query: QrScaleQuery,
        },
        responses: {
          200: QR_PNG_RESPONSE,
          ...problems,
          410: problem('No longer retained'),
        },
      }),
      async (c) => {
        await caller(c, 'read', 'issue');
        const hc1 = await issuance.text(c.req.valid('param').uci);
        return qrPngAnswer(c, hc1, c.req.valid('query').scale);
      },
    )

    .openapi(
      createRoute({
        method: 'get',
        path: '/certificates/{uci}/pdf',
        summary:
          'A printable certificate (A4 or Letter) with the QR code, the fields and labels in English and the issuing country language, while the text is retained (scope read or issue)',
        security: [{ bearer: [] }],
        request: {
          params: z.object({ uci: Uci }),
          query: PaperQuery,
        },
        responses: {
          200: PDF_RESPONSE,
          ...problems,
          410: problem('No longer retained'),
        },
      }),
      async (c) => {
        await caller(c, 'read', 'issue');
        const hc1 = await issuance.text(c.req.valid('param').uci);
        // The node keeps no names: the printable fields come from the retained code itself.
        const decoded = await verify(hc1, { trust: { lookup: () => [] }, at: issuance.now() });
        const credential = decoded.credential;
        if (
          credential?.format !== 'hcert' ||
          !credential.dcc ||
          !credential.issuedAt ||
          !credential.expiresAt
        ) {
          throw new HttpProblem(
            410,
            'CERTIFICATE_UNREADABLE',
            'the retained code could not be decoded',
          );
        }
        const pdf = await renderCertificatePdf({
          hc1,
          dcc: credential.dcc as PrintableDcc,
          issuer: {
            country: issuance.node.country,
            authority: issuance.node.config.issuerName ?? issuance.node.country,
          },
          issuedAt: new Date(credential.issuedAt),
          expiresAt: new Date(credential.expiresAt),
          paper: c.req.valid('query').paper ?? 'A4',
        });
        return pdfAnswer(c, pdf, 'certificate.pdf');
      },
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/certificates/{uci}/revoke',
        summary:
          'Revoke a certificate and queue its EU revocation hashes (scope revoke, administrators)',
        security: [{ bearer: [] }],
        request: {
          params: z.object({ uci: Uci }),
          body: {
            required: true,
            content: {
              'application/json': { schema: z.object({ reason: z.string().min(1).max(500) }) },
            },
          },
        },
        responses: {
          200: {
            description: 'Revoked',
            content: {
              'application/json': {
                schema: z.object({ uci: z.string(), revokedAt: z.string(), queued: z.number() }),
              },
            },
          },
          ...problems,
          409: problem('Already revoked'),
        },
      }),
      async (c) => {
        const actor = await caller(c, 'revoke');
        const outcome = await issuance.revoke(
          c.req.valid('param').uci,
          c.req.valid('json').reason,
          actor,
        );
        return c.json({ ...outcome, revokedAt: outcome.revokedAt.toISOString() }, 200);
      },
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/tokens',
        summary:
          'Make an API token, shown once; creates the account when a role is given (scope admin)',
        security: [{ bearer: [] }],
        request: {
          body: {
            required: true,
            content: {
              'application/json': {
                schema: z.object({
                  account: z.string().min(1).max(100),
                  role: z.enum(ISSUANCE_ROLES).optional(),
                  scopes: z
                    .array(z.enum(SCOPES as [Scope, ...Scope[]]))
                    .min(1)
                    .max(4),
                  label: z.string().max(200).optional(),
                  expiresAt: z.string().datetime({ offset: true }).optional(),
                }),
              },
            },
          },
        },
        responses: {
          201: {
            description: 'Token (the only time it is shown)',
            content: {
              'application/json': {
                schema: z.object({
                  id: z.number(),
                  token: z.string(),
                  account: z.string(),
                  scopes: z.array(z.string()),
                  expiresAt: z.string().nullable(),
                }),
              },
            },
          },
          ...problems,
          409: problem('Account role mismatch or disabled'),
          422: problem('Scopes the role may not hold'),
        },
      }),
      async (c) => {
        const actor = await caller(c, 'admin');
        const body = c.req.valid('json');
        const created = await createToken(
          issuance.db,
          {
            account: body.account,
            scopes: body.scopes,
            ...(body.role ? { role: body.role } : {}),
            ...(body.label !== undefined ? { label: body.label } : {}),
            ...(body.expiresAt ? { expiresAt: new Date(body.expiresAt) } : {}),
          },
          { actor, now: issuance.now() },
        );
        return c.json({ ...created, expiresAt: created.expiresAt?.toISOString() ?? null }, 201);
      },
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/tokens/{id}/revoke',
        summary: 'Withdraw a token (scope admin)',
        security: [{ bearer: [] }],
        request: { params: z.object({ id: z.coerce.number().int().min(1) }) },
        responses: { 204: { description: 'Withdrawn' }, ...problems },
      }),
      async (c) => {
        const actor = await caller(c, 'admin');
        await revokeToken(issuance.db, c.req.valid('param').id, { actor, now: issuance.now() });
        return c.body(null, 204);
      },
    );

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
  });
  const info = {
    title: `Corridor national node ${issuance.node.country}: issuance`,
    version: '0.1.0',
  };
  app.doc31('/openapi.json', { openapi: '3.1.0', info });
  app.get('/', (c) =>
    c.html(openApiPage(info.title, app.getOpenAPI31Document({ openapi: '3.1.0', info }))),
  );
  serveApiDocs(app, info.title);
  return api;
}

/**
 * The issuance app's type, whose chained routes (issuing, reading, revoking certificates and
 * tokens) the typed client (`issuanceClient`) knows; the console routes register directly.
 */
export type IssuanceApi = ReturnType<typeof issuanceApp>;
