import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import { authenticate, type TokenActor } from '../issuance/accounts.js';
import { resolveSession, type StaffSession } from './sessions.js';

/**
 * The session cookie: `__Host-corridor-session` when the node is reached over HTTPS (Secure,
 * Path=/, no Domain: the browser binds it to this origin), `corridor-session` over plain HTTP
 * (loopback, tests), where a Secure cookie would not be sent back.
 */
export const SESSION_COOKIE = {
  secure: '__Host-corridor-session',
  plain: 'corridor-session',
} as const;

/** Methods that change nothing, and so need no CSRF token. */
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether the request reached the node over HTTPS. */
export function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:';
}

/** The session cookie the request carries, if any. */
export function sessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE.secure) ?? getCookie(c, SESSION_COOKIE.plain);
}

/**
 * Refuses a cross-site request (403 `CSRF_FAILED`): an `Origin` other than the request's own,
 * or `Sec-Fetch-Site: cross-site`. Browsers send one or the other on every POST.
 */
export function checkSameOrigin(c: Context): void {
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  if ((origin !== undefined && origin !== new URL(c.req.url).origin) || site === 'cross-site')
    throw new HttpProblem(403, 'CSRF_FAILED', 'a request from another origin');
}

/**
 * The caller of a staff route: an `Authorization: Bearer` API token when the header is there
 * (unchanged), otherwise the web app's session cookie. A session-authenticated change (any
 * method but GET/HEAD/OPTIONS) must come from the node's own origin and carry the session's
 * `X-CSRF-Token` (403 `CSRF_FAILED`). Without either: 401 `TOKEN_MISSING`.
 */
export async function authenticateRequest(
  db: Kysely<CorridorSchema>,
  c: Context,
  now: Date,
): Promise<TokenActor & { session?: StaffSession }> {
  const authorization = c.req.header('authorization');
  const cookie = sessionCookie(c);
  if (authorization !== undefined || cookie === undefined)
    return authenticate(db, authorization, now);
  const actor = await resolveSession(db, cookie, now);
  if (!SAFE.has(c.req.method)) {
    checkSameOrigin(c);
    const presented = Buffer.from(c.req.header('x-csrf-token') ?? '');
    const expected = Buffer.from(actor.session.csrfToken);
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected))
      throw new HttpProblem(403, 'CSRF_FAILED', 'send the X-CSRF-Token of your session');
  }
  return actor;
}
