import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import { boundedBodies, noStore, useProblems, validationProblem } from '../http/errors.js';
import { problemDoc } from '../http/openapi-problem.js';
import { authorize, ISSUANCE_ROLES } from '../issuance/accounts.js';
import {
  authenticateRequest,
  checkSameOrigin,
  isHttps,
  SESSION_COOKIE,
  sessionCookie,
} from './request-auth.js';
import {
  login,
  logout,
  SESSION_LIFETIME,
  type StaffSession,
  setStaffPassword,
} from './sessions.js';

/** Largest body the staff routes read. */
export const MAX_STAFF_BODY_BYTES = 4 * 1024;

const SessionSchema = z
  .object({
    account: z.string(),
    role: z.enum(ISSUANCE_ROLES),
    scopes: z.array(z.string()),
    csrfToken: z.string().openapi({ description: 'Send as X-CSRF-Token on every change' }),
    expiresAt: z.string(),
  })
  .openapi('StaffSession');
const Account = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/);

const sessionBody = (s: StaffSession) => ({
  ...s,
  scopes: [...s.scopes],
  expiresAt: s.expiresAt.toISOString(),
});

/** The client's address, as the socket says (never a header a client could forge). */
function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/**
 * Staff sign-in for the web app on a national node: `POST /staff/login` (password, throttled)
 * sets an HttpOnly, SameSite=Strict session cookie (Secure and `__Host-` over HTTPS) and returns
 * the session's CSRF token; `GET /staff/session` says who is signed in; `POST /staff/logout`
 * ends it; `PUT /staff/accounts/{account}/password` (scope admin) sets a password. The session
 * then reaches the issuance and lanes routes like a token of the account's role would
 * (`request-auth.ts`). `docs/staff.md`.
 */
export function staffApp(options: { db: Kysely<CorridorSchema>; now: () => Date }): OpenAPIHono {
  const { db, now } = options;
  const app = new OpenAPIHono({ defaultHook: validationProblem });
  useProblems(app, 'node');
  app.use('/staff/*', noStore());
  // Authentication before the body is read on the routes that need a caller.
  const callers = new WeakMap<Request, Awaited<ReturnType<typeof authenticateRequest>>>();
  // The body limit may replace the request object (a chunked body): look the caller up again.
  const caller = async (c: Context) =>
    callers.get(c.req.raw) ?? (await authenticateRequest(db, c, now()));
  for (const path of ['/staff/logout', '/staff/session', '/staff/accounts/*'])
    app.use(path, async (c, next) => {
      callers.set(c.req.raw, await authenticateRequest(db, c, now()));
      await next();
    });
  app.use('/staff/*', ...boundedBodies(MAX_STAFF_BODY_BYTES));
  const problems = {
    400: problemDoc('Malformed request'),
    413: problemDoc('Body too large'),
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/staff/login',
      summary: 'Sign in to the web app with an account and its password (sets the session cookie)',
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({ account: Account, password: z.string().min(1).max(256) }).strict(),
            },
          },
        },
      },
      responses: {
        200: {
          description: 'Signed in',
          content: { 'application/json': { schema: SessionSchema } },
        },
        ...problems,
        401: problemDoc('Wrong account or password'),
        403: problemDoc('From another origin'),
        429: problemDoc('Too many failed sign-ins (Retry-After)'),
      },
    }),
    async (c) => {
      checkSameOrigin(c);
      const body = c.req.valid('json');
      const previous = sessionCookie(c);
      const { token, session } = await login(
        db,
        {
          account: body.account,
          password: body.password,
          address: clientAddress(c),
          ...(previous ? { previous } : {}),
        },
        now(),
      );
      const secure = isHttps(c);
      // Over HTTPS, drop a plain-named cookie so an old id cannot linger beside the new one.
      if (secure) deleteCookie(c, SESSION_COOKIE.plain, { path: '/' });
      setCookie(c, secure ? SESSION_COOKIE.secure : SESSION_COOKIE.plain, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'Strict',
        secure,
        maxAge: SESSION_LIFETIME.absoluteMs / 1000,
      });
      return c.json(sessionBody(session), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/staff/session',
      summary: 'Who is signed in, with the session CSRF token',
      responses: {
        200: { description: 'Session', content: { 'application/json': { schema: SessionSchema } } },
        401: problemDoc('Not signed in'),
      },
    }),
    async (c) => {
      const actor = await caller(c);
      if (!actor.session)
        return c.json(
          sessionBody({
            account: actor.account,
            role: actor.role,
            scopes: actor.scopes,
            csrfToken: '',
            expiresAt: new Date(now().getTime() + SESSION_LIFETIME.absoluteMs),
          }),
          200,
        );
      return c.json(sessionBody(actor.session), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/staff/logout',
      summary: 'End the session (X-CSRF-Token)',
      responses: {
        204: { description: 'Signed out' },
        401: problemDoc('Not signed in'),
        403: problemDoc('No CSRF token, or from another origin'),
      },
    }),
    async (c) => {
      await logout(db, await caller(c), now());
      deleteCookie(c, isHttps(c) ? SESSION_COOKIE.secure : SESSION_COOKIE.plain, {
        path: '/',
        ...(isHttps(c) ? { secure: true } : {}),
      });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/staff/accounts/{account}/password',
      summary:
        "Set an account's web sign-in password; creates the account when a role is given; ends its sessions (scope admin)",
      security: [{ bearer: [] }],
      request: {
        params: z.object({ account: Account }),
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .object({
                  password: z.string().min(1).max(256),
                  role: z.enum(ISSUANCE_ROLES).optional(),
                })
                .strict(),
            },
          },
        },
      },
      responses: {
        204: { description: 'Set' },
        ...problems,
        401: problemDoc('Not signed in'),
        403: problemDoc('Not an administrator, or no CSRF token'),
        404: problemDoc('No such account (give a role to create it)'),
        409: problemDoc('The account has another role'),
        422: problemDoc('Weak password'),
      },
    }),
    async (c) => {
      const actor = await caller(c);
      authorize(actor, 'admin');
      const body = c.req.valid('json');
      await setStaffPassword(
        db,
        {
          account: c.req.valid('param').account,
          password: body.password,
          ...(body.role ? { role: body.role } : {}),
        },
        { actor, now: now() },
      );
      return c.body(null, 204);
    },
  );
  return app;
}
