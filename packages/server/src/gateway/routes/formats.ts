import { TRUST_FORMATS } from '@corridor/core/trust';
import { createRoute, z } from '@hono/zod-openapi';
import type { Gateway } from '../service.js';
import { gatewayRouter, problems, signedRoute } from './shared.js';

/**
 * Trust of the other credential formats (issue 16): a participant uploads, per format, its SHC
 * JWK set (with revocation lists), NZCP DID document, VDS-NC CSCA (with CRLs) or DIVOC key as a
 * signed request, like a DSC; the bundle carries every live entry. `GET /formats` lists them.
 */
export function formatRoutes(gateway: Gateway) {
  return gatewayRouter()
    .route(
      '/',
      signedRoute(
        gateway,
        {
          path: '/formats',
          action: 'formats.upload',
          summary: 'Upload trust for another format (signed request, action formats.upload)',
          description:
            'The signed body is a CBOR map with `format` (`shc`, `nzcp`, `vds-nc`, `divoc`) and that ' +
            "format's fields: SHC `iss`, `jwks` (JSON text), `crls` (JSON texts); NZCP `did_document` " +
            '(JSON text); VDS-NC `csca` (DER), `crls` (DER); DIVOC `verification_method`, `issuer`, ' +
            '`public_key_pem` or `public_key_base58`. Checked as a verifier will use it; an upload for ' +
            'a subject the participant already has replaces it. Answers `{format, subject, version, replaced}`.',
        },
        (r) => gateway.uploadFormatTrust(r),
      ),
    )
    .route(
      '/',
      signedRoute(
        gateway,
        {
          path: '/formats/withdraw',
          action: 'formats.withdraw',
          summary: 'Withdraw trust for another format (signed request, action formats.withdraw)',
          description: 'The signed body is `{format, subject}` as the upload answered it.',
        },
        (r) => gateway.withdrawFormatTrust(r),
      ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/formats',
        summary: 'Live trust of the other formats per participant (what the bundle carries)',
        request: {
          query: z.object({
            country: z
              .string()
              .regex(/^[A-Z]{2}$/)
              .optional(),
            format: z.enum(TRUST_FORMATS).optional(),
          }),
        },
        responses: {
          200: {
            description: 'Entries',
            content: {
              'application/json': {
                schema: z.array(
                  z.object({
                    country: z.string(),
                    format: z.enum(TRUST_FORMATS),
                    subject: z.string(),
                    version: z.number(),
                    hash: z.string(),
                    uploadedAt: z.string(),
                  }),
                ),
              },
            },
          },
          ...problems,
        },
      }),
      async (c) => c.json(await gateway.formatTrust(c.req.valid('query')), 200),
    );
}
