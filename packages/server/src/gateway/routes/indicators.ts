import { createRoute, z } from '@hono/zod-openapi';
import type { LaneSignalKind } from '../lane-signals.js';
import type { Gateway } from '../service.js';
import { coseBody, coseRequest, gatewayRouter, problems } from './shared.js';

/**
 * The signed inputs of the lanes' circuit breakers (`docs/breakers.md`): each side's health
 * authority publishes indicator documents, administrators publish overrides, both as signed
 * gateway requests whose body holds the document signed with the authority key. Bundles carry
 * them; these routes also list them for nodes and auditors.
 */
export function indicatorRoutes(gateway: Gateway) {
  return gatewayRouter()
    .route(
      '/',
      signalRoutes(gateway, {
        path: '/indicators',
        action: 'indicators.publish',
        kind: 'indicators',
        what: 'a signed indicator document (COSE_Sign1, application/corridor-indicators+cbor)',
      }),
    )
    .route(
      '/',
      signalRoutes(gateway, {
        path: '/breaker-overrides',
        action: 'breaker.override',
        kind: 'override',
        what: 'a signed breaker override with its reason (application/corridor-breaker-override+cbor)',
      }),
    );
}

const Published = z.object({
  version: z.number().openapi({ description: 'The trust version (transparency leaf + 1)' }),
  digest: z.string().openapi({ description: 'Hex SHA-256 of the signed document' }),
  repeated: z.boolean().openapi({ description: 'The same document was published before' }),
});

/** Publishing (signed request) and listing one kind of signal at `r.path`. */
function signalRoutes<P extends string>(
  gateway: Gateway,
  r: { path: P; action: string; kind: LaneSignalKind; what: string },
) {
  return gatewayRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: r.path,
        summary: `Publish ${r.what}; signed request, action ${r.action}, body { document }`,
        request: { body: coseRequest },
        responses: {
          200: { description: 'Recorded', content: { 'application/json': { schema: Published } } },
          ...problems,
        },
      }),
      async (c) => {
        const request = await gateway.authenticate(await coseBody(c), r.action);
        return c.json(await gateway.publishSignal(r.kind, request), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: r.path,
        summary: `Published ${r.kind === 'indicators' ? 'indicator documents' : 'breaker overrides'}, after a trust version`,
        request: {
          query: z.object({
            since: z.coerce.number().int().min(0).optional(),
            country: z
              .string()
              .regex(/^[A-Z]{2}$/)
              .optional(),
            lane: z
              .string()
              .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/)
              .optional(),
            limit: z.coerce.number().int().min(1).max(1000).optional(),
          }),
        },
        responses: {
          200: {
            description: 'Documents, oldest first',
            content: {
              'application/json': {
                schema: z.object({
                  entries: z.array(
                    z.object({
                      kind: z.string(),
                      country: z.string(),
                      series: z.string(),
                      seq: z.number(),
                      version: z.number(),
                      digest: z.string(),
                      document: z.string().openapi({ description: 'base64 COSE_Sign1' }),
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
      async (c) => c.json(await gateway.signals(r.kind, c.req.valid('query')), 200),
    );
}
