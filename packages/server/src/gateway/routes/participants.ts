import { createRoute, z } from '@hono/zod-openapi';
import type { Gateway } from '../service.js';
import { certBytes, gatewayRouter, type OperatorCheck, problems, signedRoute } from './shared.js';

/**
 * Onboarding (operator) and the participants' signed uploads: DSCs, their revocation, rule and
 * value-set documents, revocation hashes and the agreement lifecycle.
 */
export function participantRoutes(gateway: Gateway, operator: OperatorCheck) {
  const Certificate = z
    .string()
    .min(1)
    .max(32_000)
    .openapi({ description: 'DER as base64, or PEM' });
  const signed = <P extends string>(
    path: P,
    action: string,
    summary: string,
    run: (request: Awaited<ReturnType<Gateway['authenticate']>>) => Promise<unknown>,
  ) => signedRoute(gateway, { path, action, summary }, run);
  const agreement = <S extends AgreementStep>(step: S) =>
    signed(`/agreements/${step}`, `agreement.${step}`, `Agreement lifecycle: ${step}`, (r) =>
      gateway.agreementStep(`agreement.${step}`, r),
    );

  return gatewayRouter()
    .openapi(
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
    )
    .openapi(
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
    )
    .route(
      '/',
      signed('/dscs', 'dsc.upload', 'Upload a DSC (signed request, action dsc.upload)', (r) =>
        gateway.uploadDsc(r),
      ),
    )
    .route(
      '/',
      signed(
        '/dscs/revoke',
        'dsc.revoke',
        'Revoke a DSC (signed request, action dsc.revoke)',
        (r) => gateway.revokeDsc(r),
      ),
    )
    .route(
      '/',
      signed('/rules', 'rules.upload', 'Upload a signed rule set', (r) =>
        gateway.uploadDocument('rules', r),
      ),
    )
    .route(
      '/',
      signed('/valuesets', 'valuesets.upload', 'Upload signed value sets', (r) =>
        gateway.uploadDocument('valuesets', r),
      ),
    )
    .route(
      '/',
      signed('/revocations', 'revocations.upload', 'Upload certificate revocation hashes', (r) =>
        gateway.uploadRevocations(r),
      ),
    )
    .route('/', agreement('propose'))
    .route('/', agreement('countersign'))
    .route('/', agreement('activate'))
    .route('/', agreement('suspend'))
    .route('/', agreement('terminate'));
}

/** The steps of an agreement's lifecycle, each a signed request `agreement.<step>`. */
type AgreementStep = 'propose' | 'countersign' | 'activate' | 'suspend' | 'terminate';
