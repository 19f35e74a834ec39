import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { jsonDepthWithin, MAX_JSON_DEPTH } from './json-depth.js';
import {
  closeAfter,
  dataException,
  type FieldError,
  HttpProblem,
  type ProblemCode,
  problemBody,
} from './problem.js';

const PROBLEM_TYPE = 'application/problem+json';

/** A problem answer: `application/problem+json`, `Connection: close` after a 413. */
export function problemResponse(
  c: Context,
  status: number,
  code: ProblemCode,
  detail: string,
  errors?: readonly FieldError[],
  headers: Readonly<Record<string, string>> = {},
): Response {
  return c.body(
    JSON.stringify(
      problemBody(status, code, detail, { instance: c.req.path, errors: errors ?? [] }),
    ),
    status as 400,
    { ...headers, 'content-type': PROBLEM_TYPE, ...closeAfter(status) },
  );
}

/**
 * Installs the one error handling every Corridor app shares: `HttpProblem`s and Hono's own
 * refusals as coded problems, database data exceptions as 400, anything else as a 500 without
 * details (logged), unknown routes as `NOT_FOUND`. `service` names the app in the 500 text.
 */
export function useProblems(app: OpenAPIHono, service: string): void {
  app.onError((error, c) => {
    if (error instanceof HttpProblem)
      return problemResponse(
        c,
        error.status,
        error.code,
        error.detail,
        error.errors,
        error.headers,
      );
    if (error instanceof HTTPException && error.status < 500) {
      // Hono's own refusals (a body that is not JSON, a size limit) as coded problems too.
      const code: ProblemCode = error.status === 400 ? 'REQUEST_INVALID' : 'HTTP_ERROR';
      return problemResponse(c, error.status, code, error.message || 'refused');
    }
    // Input the database refuses (e.g. a NUL character in a text field) is the caller's fault.
    const refused = dataException(error);
    if (refused) return problemResponse(c, 400, 'REQUEST_INVALID', refused);
    console.error(error);
    return problemResponse(c, 500, 'INTERNAL_ERROR', `the ${service} failed; nothing was changed`);
  });
  app.notFound((c) =>
    problemResponse(c, 404, 'NOT_FOUND', `no route ${c.req.method} ${c.req.path}`),
  );
}

/**
 * The `defaultHook` of an `OpenAPIHono`: a request that fails its route's schema is answered
 * `REQUEST_INVALID` with one field error per issue.
 */
export function validationProblem(
  result: {
    success: boolean;
    target?: string;
    error?: { issues: { path: PropertyKey[]; code: string; message: string }[] };
  },
  c: Context,
): Response | undefined {
  if (result.success || !result.error) return undefined;
  const errors = result.error.issues.map((i) => ({
    path: `/${i.path.map(String).join('/')}`,
    code: `REQUEST_${i.code.toUpperCase()}`,
    message: i.message,
  }));
  return problemResponse(
    c,
    400,
    'REQUEST_INVALID',
    `invalid ${result.target ?? 'request'}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
    errors,
  );
}

/**
 * `Cache-Control: no-store` on every answer. It is set before the handler runs, so the answer
 * is built with it: set on a finished answer, Hono rebuilds the response (on @hono/node-server
 * through a WHATWG Response and a web stream of its body, a large part of a small request's
 * CPU). An answer built without the prepared headers (a bare `Response`) or with another
 * `Cache-Control` still gets it afterwards.
 */
export function noStore(): MiddlewareHandler {
  return async (c, next) => {
    c.header('cache-control', 'no-store');
    await next();
    if (c.res.headers.get('cache-control') !== 'no-store') c.header('cache-control', 'no-store');
  };
}

/**
 * Bounds every request body: at most `maxBytes` (413, before reading further) and, for JSON,
 * at most {@link MAX_JSON_DEPTH} levels deep (400 `REQUEST_TOO_DEEP`, before anything parses
 * or walks it).
 */
export function boundedBodies(maxBytes: number): MiddlewareHandler[] {
  const tooLarge = (c: Context) =>
    problemResponse(c, 413, 'BODY_TOO_LARGE', `at most ${maxBytes} bytes`);
  const streamed = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return [
    // A declared length is checked from the header, as Hono's `bodyLimit` does, but without
    // touching `c.req.raw.body` first: on @hono/node-server that builds a WHATWG Request with
    // a web stream over the socket, and every later read of the body then goes through web
    // streams instead of the server's direct read of the Node request (a large part of the
    // CPU of a small JSON request). Node's HTTP parser holds a body to its `Content-Length`.
    // Without one (chunked), Hono's `bodyLimit` counts the bytes as they arrive.
    async (c, next) => {
      const method = c.req.method;
      if (method === 'GET' || method === 'HEAD') return next();
      const length = c.req.header('content-length');
      if (length === undefined || c.req.header('transfer-encoding') !== undefined)
        return streamed(c, next);
      return Number.parseInt(length || '0', 10) > maxBytes ? tooLarge(c) : next();
    },
    async (c, next) => {
      const type = (c.req.header('content-type') ?? '').toLowerCase();
      if (type.includes('json') && c.req.method !== 'GET' && c.req.method !== 'HEAD') {
        // Hono caches the text, so the route's own JSON parsing reads it again for free.
        const text = await c.req.text();
        if (!jsonDepthWithin(text))
          return problemResponse(
            c,
            400,
            'REQUEST_TOO_DEEP',
            `the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`,
          );
      }
      await next();
    },
  ];
}
