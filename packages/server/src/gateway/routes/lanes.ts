import { createRoute, z } from '@hono/zod-openapi';
import { problemDoc } from '../../http/openapi-problem.js';
import type { Gateway } from '../service.js';
import { coseBody, coseRequest, gatewayRouter, problems } from './shared.js';

const LaneId = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{0,63}$/)
  .openapi({ example: 'CN-KR-FAST-TRACK' });

const LaneVersion = z.object({
  id: z.string(),
  version: z.number().int(),
  supersedes: z.number().int().nullable(),
  parties: z.array(z.string()),
  effectiveFrom: z.number().int().openapi({ description: 'NumericDate seconds' }),
  effectiveTo: z.number().int().openapi({ description: 'NumericDate seconds' }),
  recordedBy: z.string(),
  recordedAt: z.string().openapi({ format: 'date-time' }),
  sha256: z.string().openapi({ description: 'SHA-256 of the countersigned document, hex' }),
});

const summary = <T extends { recordedAt: Date }>(v: T) => ({
  ...v,
  recordedAt: v.recordedAt.toISOString(),
});

/**
 * Lane versions (issue 13 §1): a party's signed request records a countersigned version, and
 * anyone reads them (they are in every bundle anyway).
 */
export function laneRoutes(gateway: Gateway) {
  return gatewayRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/lanes/versions',
        summary:
          'Record a countersigned lane version (signed request, action lane.version, body { document })',
        request: { body: coseRequest },
        responses: {
          200: {
            description: 'Recorded (created: false when these very bytes were recorded before)',
            content: {
              'application/json': {
                schema: z.object({
                  id: z.string(),
                  version: z.number().int(),
                  trustVersion: z.number().int().nullable(),
                  created: z.boolean(),
                }),
              },
            },
          },
          ...problems,
        },
      }),
      async (c) => {
        const request = await gateway.authenticate(await coseBody(c), 'lane.version');
        return c.json(await gateway.recordLaneVersion(request), 200);
      },
    )

    .openapi(
      createRoute({
        method: 'get',
        path: '/lanes/versions',
        summary: 'Every recorded lane version (of one lane with ?lane=), oldest first',
        request: { query: z.object({ lane: LaneId.optional() }) },
        responses: {
          200: {
            description: 'Versions',
            content: {
              'application/json': { schema: z.object({ versions: z.array(LaneVersion) }) },
            },
          },
          400: problemDoc('Malformed query'),
        },
      }),
      async (c) => {
        const { lane } = c.req.valid('query');
        const versions = await gateway.laneVersions(lane);
        return c.json({ versions: versions.map(summary) }, 200);
      },
    )

    .openapi(
      createRoute({
        method: 'get',
        path: '/lanes/{lane}/versions/{version}',
        summary: 'One lane version: the countersigned document (base64) and the lane it says',
        request: {
          params: z.object({
            lane: LaneId,
            version: z.coerce.number().int().min(1).max(1_000_000),
          }),
        },
        responses: {
          200: {
            description: 'The version',
            content: {
              'application/json': {
                schema: LaneVersion.extend({
                  document: z.string().openapi({ description: 'COSE_Sign1, base64' }),
                  lane: z.record(z.string(), z.unknown()),
                }),
              },
            },
          },
          400: problemDoc('Malformed lane id or version'),
          404: problemDoc('No such version (LANE_VERSION_NOT_FOUND)'),
        },
      }),
      async (c) => {
        const { lane, version } = c.req.valid('param');
        const found = await gateway.laneVersion(lane, version);
        return c.json(
          { ...summary(found), lane: found.lane as unknown as Record<string, unknown> },
          200,
        );
      },
    );
}
