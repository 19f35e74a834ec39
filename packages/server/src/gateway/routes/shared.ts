import { timingSafeEqual } from 'node:crypto';
import { fromBase64 } from '@corridor/core/lib';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { validationProblem } from '../../http/errors.js';
import { problemDoc } from '../../http/openapi-problem.js';
import { HttpProblem } from '../../http/problem.js';
import type { Gateway } from '../service.js';
import { MAX_REQUEST_BYTES } from '../signed-request.js';

/**
 * A group of gateway routes, chained (`.openapi(a, h).openapi(b, h)`) so that its type carries
 * every route, mounted by `gatewayApp` with `.route('/', group)`: the typed client
 * (`@corridor/server/client`) reads them from `GatewayApi`. Middleware (operator token, body
 * limits) stays on the gateway app, registered before the groups are mounted.
 */
export function gatewayRouter() {
  return new OpenAPIHono({ defaultHook: validationProblem });
}

/** Checks the operator token of a request (401 `OPERATOR_UNAUTHENTICATED` otherwise). */
export type OperatorCheck = (c: Context) => void;

const COSE_TYPES = ['application/cose', 'application/cose; cose-type="cose-sign1"'];

/** Reads a signed request body: `application/cose`, at most {@link MAX_REQUEST_BYTES}. */
export async function coseBody(c: Context): Promise<Uint8Array> {
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

/** The problem responses a gateway operation may answer, for its OpenAPI description. */
export const problems = {
  400: problemDoc('Malformed request'),
  401: problemDoc('Not authenticated'),
  403: problemDoc('Not allowed for this participant'),
  409: problemDoc('Conflict (replay, duplicate, collision, state)'),
  415: problemDoc('Wrong content type'),
  422: problemDoc('Refused by a check'),
};
/** The body of a signed gateway request, for its OpenAPI description. */
export const coseRequest = {
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
export function bearerToken(header: string | undefined): string | undefined {
  return /^bearer +(\S+)$/i.exec(header ?? '')?.[1];
}

/** Constant-time comparison of a presented token with the expected one. */
export function sameToken(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Certificate bytes from base64 DER or PEM text (400 `CERTIFICATE_UNREADABLE` otherwise). */
export function certBytes(text: string): Uint8Array {
  const pem = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(text);
  try {
    return fromBase64(pem ? pem[1]! : text);
  } catch {
    throw new HttpProblem(400, 'CERTIFICATE_UNREADABLE', 'certificates are base64 DER or PEM');
  }
}

/**
 * A `POST` route taking a signed gateway request for `action`: the request is authenticated
 * (signature, participant, action, clock, nonce) before `run` sees its body, and `run`'s
 * result is the JSON answer. A group of its own, so that its path stays in the chained type
 * of the group that mounts it (`.route('/', signedRoute(…))`).
 */
export function signedRoute<P extends string>(
  gateway: Gateway,
  route: { path: P; action: string; summary: string; description?: string },
  run: (request: Awaited<ReturnType<Gateway['authenticate']>>) => Promise<unknown>,
) {
  return gatewayRouter().openapi(
    createRoute({
      method: 'post',
      path: route.path,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
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
      const request = await gateway.authenticate(await coseBody(c), route.action);
      return c.json((await run(request)) as Record<string, unknown>, 200);
    },
  );
}
