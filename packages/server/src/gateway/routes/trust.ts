import { toBase64 } from '@corridor/core/lib';
import { createRoute, z } from '@hono/zod-openapi';
import type { Gateway } from '../service.js';
import { gatewayRouter, problems } from './shared.js';

/**
 * What verifiers and national nodes read: documents, revocation hashes, agreements, the trust
 * list (whole or as a delta) and the signed bundle.
 */
export function trustRoutes(gateway: Gateway) {
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
  return gatewayRouter()
    .openapi(
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
    )

    .openapi(
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
    )

    .openapi(
      createRoute({
        method: 'get',
        path: '/agreements',
        summary: 'Agreements, their status and their signed document (to check both signatures)',
        responses: {
          200: {
            description: 'Agreements',
            content: {
              'application/json': {
                schema: z.array(
                  z.object({
                    id: z.string(),
                    status: z.string(),
                    parties: z.array(z.string()),
                    document: z.string().openapi({
                      description:
                        "COSE_Sign1, base64: the proposer's signed agreement, countersigned by the other party once countersigned",
                    }),
                  }),
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
            document: toBase64(a.document),
          })),
          200,
        ),
    )

    .openapi(
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
    )

    .openapi(
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
}
