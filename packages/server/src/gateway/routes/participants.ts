import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Gateway } from '../service.js';
import { certBytes, type OperatorCheck, problems, signedRoute } from './shared.js';

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

  const signed = (
    path: string,
    action: string,
    summary: string,
    run: (request: Awaited<ReturnType<Gateway['authenticate']>>) => Promise<unknown>,
  ) => signedRoute(app, gateway, { path, action, summary }, run);

  signed('/dscs', 'dsc.upload', 'Upload a DSC (signed request, action dsc.upload)', (r) =>
    gateway.uploadDsc(r),
  );
  signed('/dscs/revoke', 'dsc.revoke', 'Revoke a DSC (signed request, action dsc.revoke)', (r) =>
    gateway.revokeDsc(r),
  );
  signed('/rules', 'rules.upload', 'Upload a signed rule set', (r) =>
    gateway.uploadDocument('rules', r),
  );
  signed('/valuesets', 'valuesets.upload', 'Upload signed value sets', (r) =>
    gateway.uploadDocument('valuesets', r),
  );
  signed('/revocations', 'revocations.upload', 'Upload certificate revocation hashes', (r) =>
    gateway.uploadRevocations(r),
  );
  for (const step of ['propose', 'countersign', 'activate', 'suspend', 'terminate']) {
    signed(`/agreements/${step}`, `agreement.${step}`, `Agreement lifecycle: ${step}`, (r) =>
      gateway.agreementStep(`agreement.${step}`, r),
    );
  }
}
