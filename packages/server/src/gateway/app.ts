import { timingSafeEqual } from 'node:crypto';
import { fromBase64, toBase64 } from '@corridor/core/lib/bytes';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { queryAudit } from '../audit/index.js';
import { serveApiDocs } from '../http/api-docs.js';
import { boundedBodies, useProblems, validationProblem } from '../http/errors.js';
import { openApiPage } from '../http/openapi-page.js';
import { HttpProblem } from '../http/problem.js';
import type { Gateway } from './service.js';
import { MAX_REQUEST_BYTES } from './signed-request.js';

const COSE_TYPES = ['application/cose', 'application/cose; cose-type="cose-sign1"'];

/** Reads a signed request body: `application/cose`, at most {@link MAX_REQUEST_BYTES}. */
async function coseBody(c: Context): Promise<Uint8Array> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (!COSE_TYPES.some((t) => type.startsWith(t.split(';')[0]!))) {
    throw new HttpProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'signed requests are application/cose');
  }
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > MAX_REQUEST_BYTES)
    throw new HttpProblem(413, 'BODY_TOO_LARGE', `at most ${MAX_REQUEST_BYTES} bytes`);
  const body = new Uint8Array(await c.req.arrayBuffer());
  if (body.length > MAX_REQUEST_BYTES)
    throw new HttpProblem(413, 'BODY_TOO_LARGE', `at most ${MAX_REQUEST_BYTES} bytes`);
  return body;
}

const Problem = z
  .object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string() })
  .openapi('Problem');
const problems = {
  400: {
    description: 'Malformed request',
    content: { 'application/problem+json': { schema: Problem } },
  },
  401: {
    description: 'Not authenticated',
    content: { 'application/problem+json': { schema: Problem } },
  },
  403: {
    description: 'Not allowed for this participant',
    content: { 'application/problem+json': { schema: Problem } },
  },
  409: {
    description: 'Conflict (replay, duplicate, collision, state)',
    content: { 'application/problem+json': { schema: Problem } },
  },
  415: {
    description: 'Wrong content type',
    content: { 'application/problem+json': { schema: Problem } },
  },
  422: {
    description: 'Refused by a check',
    content: { 'application/problem+json': { schema: Problem } },
  },
};
const coseRequest = {
  required: true,
  content: {
    'application/cose': {
      schema: z.string().openapi({
        format: 'binary',
        description: 'COSE_Sign1 gateway request signed with the upload key',
      }),
    },
  },
};

/** The token of an `Authorization: Bearer …` header (scheme case-insensitive, RFC 9110). */
function bearerToken(header: string | undefined): string | undefined {
  return /^bearer +(\S+)$/i.exec(header ?? '')?.[1];
}

/** Constant-time comparison of a presented token with the expected one. */
function sameToken(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The gateway's HTTP API. Handlers validate input, call the domain and map the result;
 * problems are rendered in one place as `application/problem+json`.
 */
export function gatewayApp(gateway: Gateway, options: { operatorToken: string }): OpenAPIHono {
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

  const Certificate = z
    .string()
    .min(1)
    .max(32_000)
    .openapi({ description: 'DER as base64, or PEM' });
  app.openapi(
    createRoute({
      method: 'post',
      path: '/participants',
      summary: 'Onboard a country (gateway operator)',
      security: [{ operator: [] }],
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                country: z.string().regex(/^[A-Z]{2}$/),
                name: z.string().min(1).max(200),
                uploadCertificate: Certificate,
                authorityCertificate: Certificate,
                cscas: z.array(Certificate).min(1).max(20),
              }),
            },
          },
        },
      },
      responses: {
        201: {
          description: 'Onboarded',
          content: { 'application/json': { schema: z.object({ country: z.string() }) } },
        },
        ...problems,
      },
    }),
    async (c) => {
      operator(c);
      const body = c.req.valid('json');
      await gateway.onboard(
        {
          country: body.country,
          name: body.name,
          uploadCertificate: certBytes(body.uploadCertificate),
          authorityCertificate: certBytes(body.authorityCertificate),
          cscas: body.cscas.map(certBytes),
        },
        'operator',
      );
      return c.json({ country: body.country }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/participants',
      summary: 'Onboarded countries whose signed record is intact',
      responses: {
        200: {
          description: 'Participants',
          content: {
            'application/json': {
              schema: z.array(
                z.object({
                  country: z.string(),
                  name: z.string(),
                  status: z.string(),
                  version: z.number(),
                }),
              ),
            },
          },
        },
      },
    }),
    async (c) => c.json(await gateway.participants(), 200),
  );

  const signedRoute = (
    path: string,
    action: string,
    summary: string,
    run: (request: Awaited<ReturnType<Gateway['authenticate']>>) => Promise<unknown>,
  ) =>
    app.openapi(
      createRoute({
        method: 'post',
        path,
        summary,
        request: { body: coseRequest },
        responses: {
          200: {
            description: 'Done',
            content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
          },
          ...problems,
        },
      }),
      async (c) => {
        const request = await gateway.authenticate(await coseBody(c), action);
        return c.json((await run(request)) as Record<string, unknown>, 200);
      },
    );

  signedRoute('/dscs', 'dsc.upload', 'Upload a DSC (signed request, action dsc.upload)', (r) =>
    gateway.uploadDsc(r),
  );
  signedRoute(
    '/dscs/revoke',
    'dsc.revoke',
    'Revoke a DSC (signed request, action dsc.revoke)',
    (r) => gateway.revokeDsc(r),
  );
  signedRoute('/rules', 'rules.upload', 'Upload a signed rule set', (r) =>
    gateway.uploadDocument('rules', r),
  );
  signedRoute('/valuesets', 'valuesets.upload', 'Upload signed value sets', (r) =>
    gateway.uploadDocument('valuesets', r),
  );
  signedRoute('/revocations', 'revocations.upload', 'Upload certificate revocation hashes', (r) =>
    gateway.uploadRevocations(r),
  );
  for (const step of ['propose', 'countersign', 'activate', 'suspend', 'terminate']) {
    signedRoute(`/agreements/${step}`, `agreement.${step}`, `Agreement lifecycle: ${step}`, (r) =>
      gateway.agreementStep(`agreement.${step}`, r),
    );
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/documents/{kind}',
      summary: 'Latest signed rule-set or value-set document per country (base64 COSE_Sign1)',
      request: {
        params: z.object({ kind: z.enum(['rules', 'valuesets']) }),
        query: z.object({
          country: z
            .string()
            .regex(/^[A-Z]{2}$/)
            .optional(),
        }),
      },
      responses: {
        200: {
          description: 'Documents',
          content: {
            'application/json': {
              schema: z.array(
                z.object({ country: z.string(), version: z.number(), document: z.string() }),
              ),
            },
          },
        },
        ...problems,
      },
    }),
    async (c) => {
      const { kind } = c.req.valid('param');
      const { country } = c.req.valid('query');
      return c.json(await gateway.documents(kind, country), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/revocations',
      summary:
        'Certificate revocation hashes (EU design: UCI, COUNTRYCODEUCI, SIGNATURE), as a delta since a version',
      request: {
        query: z.object({
          since: z.coerce.number().int().min(0).optional(),
          country: z
            .string()
            .regex(/^[A-Z]{2}$/)
            .optional(),
          limit: z.coerce.number().int().min(1).max(10_000).optional(),
        }),
      },
      responses: {
        200: {
          description: 'Hashes (first 16 bytes of SHA-256, base64)',
          content: {
            'application/json': {
              schema: z.object({
                entries: z.array(
                  z.object({
                    country: z.string(),
                    kid: z.string(),
                    hashType: z.string(),
                    hash: z.string(),
                    version: z.number(),
                  }),
                ),
                nextSince: z.number().optional(),
              }),
            },
          },
        },
        ...problems,
      },
    }),
    async (c) => c.json(await gateway.revocations(c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/agreements',
      summary: 'Agreements and their status',
      responses: {
        200: {
          description: 'Agreements',
          content: {
            'application/json': {
              schema: z.array(
                z.object({ id: z.string(), status: z.string(), parties: z.array(z.string()) }),
              ),
            },
          },
        },
      },
    }),
    async (c) =>
      c.json(
        (await gateway.agreements()).map((a) => ({
          id: a.id,
          status: a.status,
          parties: a.parties,
        })),
        200,
      ),
  );

  const TrustList = z.object({
    version: z.number(),
    since: z.number(),
    page: z.number(),
    pageSize: z.number(),
    nextPage: z.number().optional(),
    entries: z.array(
      z.object({
        kind: z.enum(['CSCA', 'DSC']),
        country: z.string(),
        kid: z.string(),
        certificate: z.string(),
        thumbprint: z.string(),
        version: z.number(),
        revoked: z.boolean(),
      }),
    ),
  });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/trustlist',
      summary: 'Trust list, whole or as a delta since a version (revocations included), paged',
      request: {
        query: z.object({
          since: z.coerce.number().int().min(0).optional(),
          page: z.coerce.number().int().min(0).max(1_000_000).optional(),
          pageSize: z.coerce.number().int().min(1).max(1000).optional(),
          country: z
            .string()
            .regex(/^[A-Z]{2}$/)
            .optional(),
        }),
      },
      responses: {
        200: { description: 'Entries', content: { 'application/json': { schema: TrustList } } },
        ...problems,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const list = await gateway.trustList(q);
      return c.json(list, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/bundle',
      summary: 'The latest signed trust bundle (COSE_Sign1); honours If-None-Match',
      responses: {
        200: {
          description: 'Bundle',
          content: { 'application/cose': { schema: z.string().openapi({ format: 'binary' }) } },
        },
        304: { description: 'Not modified' },
      },
    }),
    async (c) => {
      const bundle = await gateway.bundle();
      const headers = {
        etag: bundle.etag,
        'cache-control': 'no-cache',
        'x-bundle-version': String(bundle.version),
      };
      if (c.req.header('if-none-match') === bundle.etag) return c.body(null, 304, headers);
      return c.body(bundle.cose as unknown as ArrayBuffer, 200, {
        ...headers,
        'content-type': 'application/cose',
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/tlog/head',
      summary: 'Signed tree head of the transparency log (COSE_Sign1)',
      responses: {
        200: {
          description: 'Tree head',
          content: { 'application/cose': { schema: z.string().openapi({ format: 'binary' }) } },
        },
      },
    }),
    async (c) =>
      c.body((await gateway.signedTreeHead()) as unknown as ArrayBuffer, 200, {
        'content-type': 'application/cose',
      }),
  );
  const Proof = z.object({ treeSize: z.number(), proof: z.array(z.string()) });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/tlog/inclusion',
      summary: 'Inclusion proof of a leaf in a tree of a given size',
      request: {
        query: z.object({
          index: z.coerce.number().int().min(0),
          size: z.coerce.number().int().min(1),
        }),
      },
      responses: {
        200: {
          description: 'Proof (base64 hashes)',
          content: {
            'application/json': {
              schema: Proof.extend({ leaf: z.string(), leafHash: z.string() }),
            },
          },
        },
        ...problems,
      },
    }),
    async (c) => {
      const { index, size } = c.req.valid('query');
      const log = await gateway.transparencyLog();
      if (size > log.size || index >= size)
        throw new HttpProblem(422, 'TLOG_RANGE', `the log has ${log.size} leaves`);
      const leaf = await gateway.db
        .selectFrom('transparency_leaves')
        .select(['leaf_data', 'leaf_hash'])
        .where('leaf_index', '=', index)
        .executeTakeFirstOrThrow();
      return c.json(
        {
          treeSize: size,
          leaf: toBase64(leaf.leaf_data),
          leafHash: toBase64(leaf.leaf_hash),
          proof: log.inclusionProof(index, size).map(toBase64),
        },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/tlog/consistency',
      summary: 'Consistency proof between two tree sizes',
      request: {
        query: z.object({
          from: z.coerce.number().int().min(1),
          to: z.coerce.number().int().min(1),
        }),
      },
      responses: {
        200: {
          description: 'Proof (base64 hashes)',
          content: { 'application/json': { schema: Proof.extend({ from: z.number() }) } },
        },
        ...problems,
      },
    }),
    async (c) => {
      const { from, to } = c.req.valid('query');
      const log = await gateway.transparencyLog();
      if (from > to || to > log.size)
        throw new HttpProblem(422, 'TLOG_RANGE', `the log has ${log.size} leaves`);
      return c.json(
        { from, treeSize: to, proof: log.consistencyProof(from, to).map(toBase64) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/audit',
      summary: 'Audit log (gateway operator)',
      security: [{ operator: [] }],
      request: {
        query: z.object({
          action: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(1000).optional(),
        }),
      },
      responses: {
        200: {
          description: 'Entries',
          content: { 'application/json': { schema: z.array(z.record(z.string(), z.unknown())) } },
        },
        ...problems,
      },
    }),
    async (c) => {
      operator(c);
      const q = c.req.valid('query');
      const rows = await queryAudit(gateway.db, {
        ...(q.action ? { action: q.action } : {}),
        limit: q.limit ?? 100,
      });
      return c.json(rows as unknown as Record<string, unknown>[], 200);
    },
  );

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
  return app;
}

function certBytes(text: string): Uint8Array {
  const pem = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(text);
  try {
    return fromBase64(pem ? pem[1]! : text);
  } catch {
    throw new HttpProblem(400, 'CERTIFICATE_UNREADABLE', 'certificates are base64 DER or PEM');
  }
}
