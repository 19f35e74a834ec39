import type { EuValueSet } from '@corridor/core/dcc';
import { VALUE_SET_IDS } from '@corridor/core/dcc';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { problemDoc } from '../http/openapi-problem.js';
import type { Scope, TokenActor } from './accounts.js';
import { listCertificates } from './certificate-records.js';
import { euValueSets } from './eu-valuesets.js';
import type { Issuance } from './service.js';

/** The value sets the issuer console offers, by the DCC schema's name for each. */
const CONSOLE_VALUE_SETS = [
  'disease-agent-targeted',
  'vaccine-prophylaxis',
  'vaccine-medicinal-product',
  'vaccine-mah-manf',
  'country-2-codes',
  'test-type',
  'test-result',
] as const;

const ListingSchema = z
  .object({
    uci: z.string(),
    type: z.enum(['vaccination', 'test', 'recovery']),
    issuedAt: z.string(),
    expiresAt: z.string(),
    issuedBy: z.string(),
    revoked: z.object({ at: z.string(), reason: z.string().nullable() }).nullable(),
    textAvailable: z.boolean(),
  })
  .openapi('CertificateListing');

/**
 * What the issuer console needs beyond issuing and revoking: the list of issued certificates
 * (metadata, newest first) and the value sets issuance checks codes against (for the pickers).
 * Both on the issuance app, behind its authentication.
 */
export function consoleRoutes(
  app: OpenAPIHono,
  issuance: Issuance,
  caller: (c: Context, ...scopes: Scope[]) => Promise<TokenActor>,
): void {
  const problems = {
    400: problemDoc('Malformed request'),
    401: problemDoc('No valid bearer token or session'),
    403: problemDoc('The caller lacks the scope (or the role) for this'),
  };
  app.openapi(
    createRoute({
      method: 'get',
      path: '/certificates',
      summary: 'Certificates this node issued, newest first; metadata only (scope read)',
      security: [{ bearer: [] }],
      request: {
        query: z.object({
          limit: z.coerce.number().int().min(1).max(200).optional(),
          before: z.string().datetime({ offset: true }).optional(),
        }),
      },
      responses: {
        200: {
          description: 'Certificates',
          content: {
            'application/json': {
              schema: z.object({ certificates: z.array(ListingSchema) }),
            },
          },
        },
        ...problems,
      },
    }),
    async (c) => {
      await caller(c, 'read');
      const q = c.req.valid('query');
      const list = await listCertificates(issuance.db, {
        limit: q.limit ?? 50,
        ...(q.before ? { before: new Date(q.before) } : {}),
        now: issuance.now(),
      });
      return c.json(
        {
          certificates: list.map((l) => ({
            ...l,
            issuedAt: l.issuedAt.toISOString(),
            expiresAt: l.expiresAt.toISOString(),
            revoked: l.revoked ? { ...l.revoked, at: l.revoked.at.toISOString() } : null,
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/valuesets',
      summary:
        'The EU value sets this node checks issued codes against, active codes only, for pickers (scope issue or read)',
      security: [{ bearer: [] }],
      responses: {
        200: {
          description: 'Value sets by DCC schema name',
          content: {
            'application/json': {
              schema: z.object({
                valueSets: z.record(
                  z.string(),
                  z.object({
                    valueSetId: z.string(),
                    values: z.array(z.object({ code: z.string(), display: z.string() })),
                  }),
                ),
              }),
            },
          },
        },
        ...problems,
      },
    }),
    async (c) => {
      await caller(c, 'issue', 'read');
      const sets: readonly EuValueSet[] = issuance.node.config.valueSets ?? euValueSets();
      const valueSets: Record<
        string,
        { valueSetId: string; values: { code: string; display: string }[] }
      > = {};
      for (const name of CONSOLE_VALUE_SETS) {
        const set = sets.find((s) => s.valueSetId === VALUE_SET_IDS[name]);
        if (!set) continue;
        valueSets[name] = {
          valueSetId: set.valueSetId,
          values: Object.entries(set.valueSetValues)
            .filter(([, e]) => e.active)
            .map(([code, e]) => ({ code, display: e.display }))
            .sort((a, b) => a.display.localeCompare(b.display, 'en')),
        };
      }
      return c.json({ valueSets }, 200);
    },
  );
}
