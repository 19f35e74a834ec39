import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/append.js';
import type { CorridorSchema } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import { ROLE_SCOPES, type TokenActor } from '../issuance/accounts.js';
import type { Actor } from '../issuance/certificates.js';
import { checkPasswordStrength, decoyHash, hashPassword, verifyPassword } from './passwords.js';
import './schema.js';
import { checkThrottle, clearAccount, recordFailure, throttleKeys } from './throttle.js';

type Db = Kysely<CorridorSchema>;

/**
 * How long a session lasts: 12 hours at most (a shift), and it ends after 30 minutes without a
 * request. Seen-times are written at most once a minute.
 */
export const SESSION_LIFETIME = { absoluteMs: 12 * 3600_000, idleMs: 30 * 60_000 } as const;
const TOUCH_MS = 60_000;

/** A signed-in caller as the web app sees it. */
export interface StaffSession {
  account: string;
  role: TokenActor['role'];
  scopes: TokenActor['scopes'];
  /** Send it back as `X-CSRF-Token` on every change (derived from the cookie, not stored). */
  csrfToken: string;
  expiresAt: Date;
}

/** The cookie value's SHA-256: all the node stores. */
function sessionHash(token: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(token, 'utf8').digest());
}

/**
 * The CSRF token of a session: HMAC-SHA-256 keyed by the cookie value. A page of another
 * origin can make the browser send the cookie but can read neither it nor this token.
 */
export function csrfTokenOf(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('corridor staff csrf v1').digest('base64url');
}

/** The shape of a session cookie value (32 random bytes, base64url). */
export const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Signs in: throttle first (429 `LOGIN_THROTTLED`, before any password work), then the
 * password (401 `LOGIN_FAILED` for a wrong one, an unknown or disabled account, or one without a
 * password; an unknown account costs the same scrypt). On success a **new** session id is
 * made (whatever cookie the browser sent is ended, so a planted id is never promoted: session
 * fixation), the account's failure count is cleared, and `session.create` is audited.
 */
export async function login(
  db: Db,
  input: { account: string; password: string; address: string; previous?: string },
  now: Date,
): Promise<{ token: string; session: StaffSession; id: number }> {
  const keys = throttleKeys(input.account, input.address);
  await checkThrottle(db, keys, now);
  const row = await db
    .selectFrom('issuance_accounts as a')
    .innerJoin('staff_passwords as p', 'p.account', 'a.id')
    .select(['a.id', 'a.role', 'a.disabled_at', 'p.hash'])
    .where('a.id', '=', input.account)
    .executeTakeFirst();
  const ok = await verifyPassword(input.password, row?.hash ?? (await decoyHash()));
  if (!row || !ok || row.disabled_at) {
    await recordFailure(db, keys, now);
    throw new HttpProblem(401, 'LOGIN_FAILED', 'the account name or password is wrong');
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME.absoluteMs);
  const id = await db.transaction().execute(async (trx) => {
    if (input.previous && SESSION_TOKEN.test(input.previous))
      await trx
        .updateTable('staff_sessions')
        .set({ ended_at: now, end_reason: 'login' })
        .where('token_hash', '=', sessionHash(input.previous))
        .where('ended_at', 'is', null)
        .execute();
    const created = await trx
      .insertInto('staff_sessions')
      .values({
        token_hash: sessionHash(token),
        account: row.id,
        created_at: now,
        last_seen_at: now,
        expires_at: expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await clearAccount(trx, row.id);
    await appendAudit(trx, {
      actor: row.id,
      action: 'session.create',
      subject: row.id,
      at: now,
      details: { sessionId: created.id, address: input.address },
    });
    return created.id;
  });
  return {
    token,
    id,
    session: {
      account: row.id,
      role: row.role,
      scopes: ROLE_SCOPES[row.role],
      csrfToken: csrfTokenOf(token),
      expiresAt,
    },
  };
}

/**
 * The caller behind a session cookie, with every scope of its account's role. Throws 401
 * `SESSION_INVALID` for an unknown, ended, expired or idle session or a disabled account.
 */
export async function resolveSession(
  db: Db,
  token: string,
  now: Date,
): Promise<TokenActor & { session: StaffSession }> {
  if (!SESSION_TOKEN.test(token)) throw new HttpProblem(401, 'SESSION_INVALID', 'sign in again');
  const row = await db
    .selectFrom('staff_sessions as s')
    .innerJoin('issuance_accounts as a', 'a.id', 's.account')
    .select([
      's.id',
      's.account',
      's.last_seen_at',
      's.expires_at',
      's.ended_at',
      'a.role',
      'a.disabled_at',
    ])
    .where('s.token_hash', '=', sessionHash(token))
    .executeTakeFirst();
  const t = now.getTime();
  if (
    !row ||
    row.ended_at ||
    row.disabled_at ||
    row.expires_at.getTime() <= t ||
    row.last_seen_at.getTime() + SESSION_LIFETIME.idleMs <= t
  )
    throw new HttpProblem(401, 'SESSION_INVALID', 'the session has ended; sign in again');
  if (t - row.last_seen_at.getTime() >= TOUCH_MS)
    await db
      .updateTable('staff_sessions')
      .set({ last_seen_at: now })
      .where('id', '=', row.id)
      .execute();
  const scopes = ROLE_SCOPES[row.role];
  return {
    id: `${row.account}/session:${row.id}`,
    account: row.account,
    sessionId: row.id,
    role: row.role,
    scopes,
    session: {
      account: row.account,
      role: row.role,
      scopes,
      csrfToken: csrfTokenOf(token),
      expiresAt: row.expires_at,
    },
  };
}

/** Ends a session (audited as `session.end`); an already ended one is left as it is. */
export async function logout(db: Db, actor: TokenActor, now: Date): Promise<void> {
  if (actor.sessionId === undefined) return;
  const id = actor.sessionId;
  await db.transaction().execute(async (trx) => {
    const ended = await trx
      .updateTable('staff_sessions')
      .set({ ended_at: now, end_reason: 'logout' })
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .returning('account')
      .executeTakeFirst();
    if (ended)
      await appendAudit(trx, {
        actor: actor.id,
        action: 'session.end',
        subject: ended.account,
        at: now,
        details: { sessionId: id, reason: 'logout' },
      });
  });
}

/**
 * Sets an account's web sign-in password (an administrator's action, or the demo seeding):
 * creates the account with `role` when it does not exist (404 `ACCOUNT_NOT_FOUND` without a
 * role; 409 `ACCOUNT_ROLE_MISMATCH` when it contradicts), refuses weak passwords (422
 * `PASSWORD_WEAK`), ends the account's open sessions, and audits `staff.password.set`.
 */
export async function setStaffPassword(
  db: Db,
  input: { account: string; password: string; role?: TokenActor['role'] },
  options: { actor: Actor; now: Date },
): Promise<void> {
  const { account, password, role } = input;
  if (!/^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/.test(account))
    throw new HttpProblem(
      422,
      'ACCOUNT_INVALID',
      'an account name has 1–100 letters, digits, . _ @ -',
    );
  checkPasswordStrength(account, password);
  const hash = await hashPassword(password);
  const { now, actor } = options;
  await db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('issuance_accounts')
      .select(['role'])
      .where('id', '=', account)
      .forUpdate()
      .executeTakeFirst();
    if (!existing) {
      if (!role)
        throw new HttpProblem(
          404,
          'ACCOUNT_NOT_FOUND',
          `no account ${account}; give a role to create it`,
        );
      await trx
        .insertInto('issuance_accounts')
        .values({ id: account, role, created_at: now })
        .execute();
      await appendAudit(trx, {
        actor: actor.id,
        action: 'account.create',
        subject: account,
        at: now,
        details: { role },
      });
    } else if (role && role !== existing.role) {
      throw new HttpProblem(
        409,
        'ACCOUNT_ROLE_MISMATCH',
        `${account} is an ${existing.role} account`,
      );
    }
    await trx
      .insertInto('staff_passwords')
      .values({ account, hash, set_at: now, set_by: actor.id })
      .onConflict((oc) => oc.column('account').doUpdateSet({ hash, set_at: now, set_by: actor.id }))
      .execute();
    const ended = await trx
      .updateTable('staff_sessions')
      .set({ ended_at: now, end_reason: 'password' })
      .where('account', '=', account)
      .where('ended_at', 'is', null)
      .returning('id')
      .execute();
    await appendAudit(trx, {
      actor: actor.id,
      action: 'staff.password.set',
      subject: account,
      at: now,
      details: { endedSessions: ended.length },
    });
  });
}
