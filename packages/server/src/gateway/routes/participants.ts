import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Gateway } from '../service.js';
import { certBytes, coseBody, coseRequest, type OperatorCheck, problems } from './shared.js';

/**
 * Onboarding (operator) and the participants' signed uploads: DSCs, their revocation, rule and
 * value-set documents, revocation hashes and the agreement lifecycle.
 */
export function participantRoutes(
  app: OpenAPIHono,
  gateway: Gateway,
  operator: OperatorCheck,
): void {
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
}
