import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/append.js';
import type { CorridorSchema, IssuanceRole } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import type { Actor } from './certificates.js';

type Db = Kysely<CorridorSchema>;

/**
 * What a token may do: issue certificates, revoke them, read them, manage tokens; on a lane,
 * apply for travellers (a sponsor), decide applications and revoke passes (an authority),
 * follow released travellers' monitoring (a local monitoring authority, an authority account),
 * check travellers at boarding or arrival (a checkpoint desk), post arrival test results (a
 * laboratory).
 */
export type Scope =
  | 'issue'
  | 'revoke'
  | 'read'
  | 'admin'
  | 'lane.apply'
  | 'lane.decide'
  | 'lane.check'
  | 'lane.lab'
  | 'lane.monitor';
/** Every scope. */
export const SCOPES: readonly Scope[] = [
  'issue',
  'revoke',
  'read',
  'admin',
  'lane.apply',
  'lane.decide',
  'lane.check',
  'lane.lab',
  'lane.monitor',
];
/**
 * The scopes each role may hold: an issuer issues and reads; an administrator also revokes
 * and manages tokens. A token's scopes are checked against its account's role when it is
 * made and again on every use.
 */
export const ROLE_SCOPES: Record<IssuanceRole, readonly Scope[]> = {
  issuer: ['issue', 'read'],
  administrator: ['issue', 'revoke', 'read', 'admin'],
  // A sponsor account's id is its sponsor's id (lanes/app.ts): it acts for that sponsor only.
  sponsor: ['lane.apply'],
  authority: ['lane.decide', 'lane.monitor'],
  // Airline and border desks check travellers; a laboratory's account id names it on orders.
  checkpoint: ['lane.check'],
  laboratory: ['lane.lab'],
};
/** Every account role, in the order APIs list them (the keys of {@link ROLE_SCOPES}). */
export const ISSUANCE_ROLES = Object.keys(ROLE_SCOPES) as [IssuanceRole, ...IssuanceRole[]];
/** Prefix of Corridor issuance tokens (helps secret scanners). */
export const TOKEN_PREFIX = 'cit_';

/** An authenticated caller: by an API token, or by a web app session (`staff/`). */
export interface TokenActor extends Actor {
  /** The API token used (absent for a session). */
  tokenId?: number;
  /** The web app session used (absent for a token). */
  sessionId?: number;
  role: IssuanceRole;
  scopes: readonly Scope[];
}

/** A token as made: `token` is shown this once and stored only as its SHA-256. */
export interface CreatedToken {
  id: number;
  token: string;
  account: string;
  scopes: Scope[];
  expiresAt: Date | null;
}

/** Options of {@link createToken}. */
export interface CreateTokenInput {
  account: string;
  scopes: readonly Scope[];
  /** Creates the account with this role when it does not exist yet. */
  role?: IssuanceRole;
  label?: string;
  expiresAt?: Date;
}

/**
 * Makes an API token for an account (an administrator's action; `actor` is recorded): 32
 * random bytes, base64url, prefixed `cit_`. Creates the account first when `role` is given
 * and it does not exist. Refuses scopes the account's role may not hold (422
 * `SCOPE_NOT_ALLOWED`), unknown accounts (404 `ACCOUNT_NOT_FOUND`), a role that contradicts
 * the account's (409 `ACCOUNT_ROLE_MISMATCH`). Audited as `token.create` (and
 * `account.create`).
 */
/** Longest lifetime of a token with an expiry (tokens without one last until revoked). */
const MAX_TOKEN_LIFETIME_MS = 366 * 86400_000;

export async function createToken(
  db: Db,
  input: CreateTokenInput,
  options: { actor: Actor; now: Date },
): Promise<CreatedToken> {
  const scopes = [...new Set(input.scopes)].sort((a, b) => SCOPES.indexOf(a) - SCOPES.indexOf(b));
  if (scopes.length === 0 || scopes.some((s) => !SCOPES.includes(s)))
    throw new HttpProblem(422, 'SCOPES_INVALID', `scopes are some of ${SCOPES.join(', ')}`, [
      { path: '/scopes', code: 'SCOPES_INVALID', message: `must be some of ${SCOPES.join(', ')}` },
    ]);
  if (!/^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/.test(input.account))
    throw new HttpProblem(
      422,
      'ACCOUNT_INVALID',
      'an account name has 1–100 letters, digits, . _ @ -',
      [
        {
          path: '/account',
          code: 'ACCOUNT_INVALID',
          message: 'letters, digits, . _ @ -; at most 100',
        },
      ],
    );
  if (input.expiresAt !== undefined) {
    const t = input.expiresAt.getTime();
    const problem = Number.isNaN(t)
      ? 'is not a valid instant'
      : t <= options.now.getTime()
        ? 'is not in the future: a token cannot be created already expired'
        : t > options.now.getTime() + MAX_TOKEN_LIFETIME_MS
          ? 'is more than a year ahead'
          : undefined;
    if (problem)
      throw new HttpProblem(422, 'TOKEN_EXPIRY_INVALID', `expiresAt ${problem}`, [
        { path: '/expiresAt', code: 'TOKEN_EXPIRY_INVALID', message: problem },
      ]);
  }
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return db.transaction().execute(async (trx) => {
    let account = await trx
      .selectFrom('issuance_accounts')
      .select(['id', 'role', 'disabled_at'])
      .where('id', '=', input.account)
      .executeTakeFirst();
    if (!account) {
      if (!input.role)
        throw new HttpProblem(
          404,
          'ACCOUNT_NOT_FOUND',
          `no account ${input.account}; give a role to create it`,
        );
      await trx
        .insertInto('issuance_accounts')
        .values({ id: input.account, role: input.role, created_at: options.now })
        .execute();
      await appendAudit(trx, {
        actor: options.actor.id,
        action: 'account.create',
        subject: input.account,
        at: options.now,
        details: { role: input.role },
      });
      account = { id: input.account, role: input.role, disabled_at: null };
    } else if (input.role && input.role !== account.role) {
      throw new HttpProblem(
        409,
        'ACCOUNT_ROLE_MISMATCH',
        `${input.account} is an ${account.role} account`,
      );
    }
    if (account.disabled_at)
      throw new HttpProblem(409, 'ACCOUNT_DISABLED', `${input.account} is disabled`);
    const allowed = ROLE_SCOPES[account.role];
    const excess = scopes.filter((s) => !allowed.includes(s));
    if (excess.length > 0)
      throw new HttpProblem(
        422,
        'SCOPE_NOT_ALLOWED',
        `an ${account.role} may not hold ${excess.join(', ')}`,
        [
          {
            path: '/scopes',
            code: 'SCOPE_NOT_ALLOWED',
            message: `an ${account.role} may hold ${allowed.join(', ')}`,
          },
        ],
      );
    const row = await trx
      .insertInto('issuance_tokens')
      .values({
        account: account.id,
        token_hash: tokenHash(token),
        scopes: JSON.stringify(scopes),
        label: input.label ?? '',
        created_at: options.now,
        expires_at: input.expiresAt ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: options.actor.id,
      action: 'token.create',
      subject: account.id,
      at: options.now,
      details: {
        tokenId: row.id,
        scopes,
        label: input.label ?? '',
        expiresAt: input.expiresAt?.toISOString() ?? null,
      },
    });
    return { id: row.id, token, account: account.id, scopes, expiresAt: input.expiresAt ?? null };
  });
}

/**
 * The first administrator: when no account exists yet, creates `account` as administrator
 * with a token holding every scope and returns it (show it once); otherwise `undefined`.
 */
export async function bootstrapAdministrator(
  db: Db,
  account: string,
  now: Date,
): Promise<CreatedToken | undefined> {
  const any = await db.selectFrom('issuance_accounts').select('id').limit(1).executeTakeFirst();
  if (any) return undefined;
  return createToken(
    db,
    { account, role: 'administrator', scopes: ROLE_SCOPES.administrator, label: 'bootstrap' },
    { actor: { id: 'system', account: 'system' }, now },
  );
}

/** Withdraws a token (audited as `token.revoke`). Throws 404 `TOKEN_NOT_FOUND`. */
export async function revokeToken(
  db: Db,
  id: number,
  options: { actor: Actor; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('issuance_tokens')
      .set({ revoked_at: options.now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returning('account')
      .executeTakeFirst();
    if (!done) throw new HttpProblem(404, 'TOKEN_NOT_FOUND', `no active token ${id}`);
    await appendAudit(trx, {
      actor: options.actor.id,
      action: 'token.revoke',
      subject: done.account,
      at: options.now,
      details: { tokenId: id },
    });
  });
}

/**
 * The caller behind an `Authorization: Bearer <token>` header. Throws 401
 * `TOKEN_MISSING` or `TOKEN_INVALID` (unknown, expired, withdrawn, or its account disabled;
 * one code, so a caller learns nothing about which).
 */
export async function authenticate(
  db: Db,
  authorization: string | undefined,
  now: Date,
): Promise<TokenActor> {
  // Scheme names are case-insensitive (RFC 9110 §11.1); one or more spaces may follow.
  const match = /^bearer +([A-Za-z0-9_-]{1,200})$/i.exec(authorization ?? '');
  if (!match) throw new HttpProblem(401, 'TOKEN_MISSING', 'send Authorization: Bearer <token>');
  const row = await db
    .selectFrom('issuance_tokens as t')
    .innerJoin('issuance_accounts as a', 'a.id', 't.account')
    .select([
      't.id',
      't.account',
      't.scopes',
      't.expires_at',
      't.revoked_at',
      'a.role',
      'a.disabled_at',
    ])
    .where('t.token_hash', '=', tokenHash(match[1]!))
    .executeTakeFirst();
  if (
    !row ||
    row.revoked_at ||
    row.disabled_at ||
    (row.expires_at && row.expires_at.getTime() <= now.getTime())
  )
    throw new HttpProblem(401, 'TOKEN_INVALID', 'the token is unknown, expired or withdrawn');
  const allowed = ROLE_SCOPES[row.role];
  return {
    id: `${row.account}/token:${row.id}`,
    account: row.account,
    tokenId: row.id,
    role: row.role,
    scopes: (row.scopes as Scope[]).filter((s) => allowed.includes(s)),
  };
}

/** Throws 403 `SCOPE_MISSING` unless the caller holds one of `scopes` (and its role allows it). */
export function authorize(actor: TokenActor, ...scopes: Scope[]): void {
  if (!scopes.some((s) => actor.scopes.includes(s)))
    throw new HttpProblem(403, 'SCOPE_MISSING', `this needs the ${scopes.join(' or ')} scope`);
}

/** SHA-256 of the token text: all the node stores. */
export function tokenHash(token: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(token, 'utf8').digest());
}
