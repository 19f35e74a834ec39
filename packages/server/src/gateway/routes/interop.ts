import { createRoute, z } from '@hono/zod-openapi';
import type { Gateway } from '../service.js';
import { gatewayRouter, problems } from './shared.js';

const COUNTRY = z
  .string()
  .regex(/^[A-Z]{2}$/)
  .openapi({ description: 'Participant, ISO 3166-1 alpha-2' });

const EuItem = z
  .object({
    kid: z.string(),
    timestamp: z.string().optional(),
    country: z.string(),
    certificateType: z
      .enum(['CSCA', 'DSC', 'UPLOAD', 'AUTHENTICATION'])
      .openapi({ description: 'The EU kinds; Corridor publishes CSCA and DSC' }),
    thumbprint: z.string(),
    signature: z.string().optional(),
    rawData: z.string(),
  })
  .openapi('EuTrustListItem');

const DidDocument = z
  .object({
    '@context': z.array(z.string()),
    id: z.string(),
    controller: z.string(),
    verificationMethod: z.array(z.union([z.record(z.string(), z.unknown()), z.string()])),
  })
  .openapi('DidTrustListDocument');

/** GDHCN key usages Corridor publishes (SCA: the CSCAs, DSC: document signers). */
const USAGE_KIND = { SCA: 'CSCA', DSC: 'DSC' } as const;

/**
 * The `did:web` id of the document served at `url`: host (a port written `%3A`) and the path
 * segments without the final `did.json`, joined by `:` (W3C did:web method, "Read"). Taken
 * from the request, so the id always names the URL that answered.
 */
export function didWebId(url: string): string {
  const { host, pathname } = new URL(url);
  const segments = pathname.split('/').filter((s) => s !== '');
  if (segments[segments.length - 1] === 'did.json') segments.pop();
  return ['did:web', encodeURIComponent(host), ...segments].join(':');
}

/**
 * The trust lists outside verifiers read: the EU DCC gateway's trust-list JSON under
 * `/trustlist/eu[/{type}[/{country}]]` (the EU gateway's `/trustList` paths), and the WHO
 * GDHCN DID trust list under `/v2/trustlist/{domain}/{participant}[/{usage}]/did.json`, the
 * layout of the WHO trust network's own publication (`…/v2/trustlist/-/XXA/DSC/did.json` for
 * `did:web:…:v2:trustlist:-:XXA:DSC`), so that the document is resolvable as did:web and
 * GDHCN tooling reads domain, participant and usage from its id.
 */
export function interopRoutes(gateway: Gateway) {
  const euResponses = {
    200: {
      description: 'EU DCC gateway trust-list items (no Trust Anchor signature)',
      content: { 'application/json': { schema: z.array(EuItem) } },
    },
    ...problems,
  };
  const didParams = {
    domain: z
      .enum(['-', 'DCC'])
      .openapi({ description: 'GDHCN trust domain; `-` for every domain' }),
    participant: z
      .string()
      .regex(/^([A-Z]{2}|-)$/)
      .openapi({ description: 'Participant (ISO 3166-1 alpha-2); `-` for every participant' }),
  };
  const didResponses = {
    200: {
      description: 'GDHCN DID trust-list document (embedded variant, unsigned)',
      content: { 'application/json': { schema: DidDocument } },
    },
    ...problems,
  };
  return gatewayRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/trustlist/eu',
        summary: 'Trust list in the EU DCC gateway format (CSCAs and DSCs of every participant)',
        responses: euResponses,
      }),
      async (c) => c.json(await gateway.euTrustList({}), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/trustlist/eu/{type}',
        summary: 'EU DCC gateway trust list of one certificate type',
        request: { params: z.object({ type: z.enum(['CSCA', 'DSC']) }) },
        responses: euResponses,
      }),
      async (c) => {
        const { type } = c.req.valid('param');
        return c.json(await gateway.euTrustList({ kinds: [type] }), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/trustlist/eu/{type}/{country}',
        summary: 'EU DCC gateway trust list of one certificate type and participant',
        request: { params: z.object({ type: z.enum(['CSCA', 'DSC']), country: COUNTRY }) },
        responses: euResponses,
      }),
      async (c) => {
        const { type, country } = c.req.valid('param');
        return c.json(await gateway.euTrustList({ kinds: [type], country }), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v2/trustlist/{domain}/{participant}/{usage}/did.json',
        summary: 'WHO GDHCN DID trust list of one key usage (SCA or DSC)',
        request: {
          params: z.object({
            ...didParams,
            usage: z.enum(['SCA', 'DSC']).openapi({ description: 'GDHCN key usage' }),
          }),
        },
        responses: didResponses,
      }),
      async (c) => {
        const { participant, usage } = c.req.valid('param');
        const query = {
          kinds: [USAGE_KIND[usage]],
          ...(participant === '-' ? {} : { country: participant }),
        };
        return c.json(await gateway.didTrustList(didWebId(c.req.url), query), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v2/trustlist/{domain}/{participant}/did.json',
        summary: 'WHO GDHCN DID trust list of every key usage (SCA and DSC)',
        request: { params: z.object(didParams) },
        responses: didResponses,
      }),
      async (c) => {
        const { participant } = c.req.valid('param');
        const query = participant === '-' ? {} : { country: participant };
        return c.json(await gateway.didTrustList(didWebId(c.req.url), query), 200);
      },
    );
}
