import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendAudit } from '../../audit/append.js';
import type { CorridorSchema } from '../../db/schema.js';
import { HttpProblem } from '../../http/problem.js';
import type { TokenActor } from '../../issuance/accounts.js';
import { type CHECKPOINT_EVENT_TYPES, eventReachOf, LANE_EVENT_TYPES } from './outbox.js';
import { showSecret } from './webhook.js';

type Db = Kysely<CorridorSchema>;

/** Enabled subscriptions one account may hold. */
export const MAX_SUBSCRIPTIONS_PER_ACCOUNT = 20;

/** A subscription as listed (the secret is shown only when it is made). */
export interface Subscription {
  id: string;
  url: string;
  types: string[];
  sponsor: string | null;
  createdAt: Date;
}

/**
 * Checks a webhook URL: `https:` anywhere, `http:` only on loopback (tests, a receiver on the
 * same host) unless `allowHttp`; no credentials, spaces or control characters in it; at most
 * 2,048 characters. 422
 * `SUBSCRIPTION_INVALID` otherwise.
 */
export function checkWebhookUrl(text: string, allowHttp = false): URL {
  // The URL parser drops control characters and spaces silently: refuse them instead.
  if (/[\u0000-\u0020\u007f-\u009f]/.test(text))
    throw invalid('/url', 'no spaces or control characters');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('/url', 'not an absolute URL');
  }
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
  if (text.length > 2048) throw invalid('/url', 'at most 2,048 characters');
  if (url.username || url.password) throw invalid('/url', 'no credentials in the URL');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (loopback || allowHttp)))
    throw invalid('/url', 'https, or http on loopback');
  return url;
}

function invalid(path: string, message: string): HttpProblem {
  return new HttpProblem(422, 'SUBSCRIPTION_INVALID', message, [
    { path, code: 'SUBSCRIPTION_INVALID', message },
  ]);
}

/**
 * Subscribes the caller's account to lane events at a webhook URL. A sponsor's subscription
 * (scope `lane.apply`) receives only events about its own applications and passes; an
 * airline's or border desk's (`lane.check`) only {@link CHECKPOINT_EVENT_TYPES} (its `*`
 * stands for them); an authority's receives all. Returns the signing secret once (`whsec_…`). Audited
 * `lane.subscription.create`. Throws 422 `SUBSCRIPTION_INVALID`, 409
 * `SUBSCRIPTION_LIMIT_REACHED`.
 */
export async function createSubscription(
  db: Db,
  input: { url: string; types: readonly string[] },
  options: { actor: TokenActor; now: Date; allowHttp?: boolean },
): Promise<Subscription & { secret: string }> {
  const url = checkWebhookUrl(input.url, options.allowHttp).toString();
  const { actor, now } = options;
  const reach = eventReachOf(actor);
  const allowed: readonly string[] = reach.types ?? LANE_EVENT_TYPES;
  // `*` of a limited account is spelled out, so its deliveries never widen with new types.
  const asked = reach.types && input.types.includes('*') ? reach.types : input.types;
  const types = [...new Set(asked)].sort();
  if (types.length === 0 || types.some((t) => !(t === '*' && !reach.types) && !allowed.includes(t)))
    throw invalid(
      '/types',
      reach.types
        ? `an airline or checkpoint account receives only ${allowed.join(', ')}`
        : `some of ${allowed.join(', ')}, or *`,
    );
  const sponsor = reach.sponsor;
  const id = `sub_${randomBytes(12).toString('base64url')}`;
  const secret = new Uint8Array(randomBytes(32));
  await db.transaction().execute(async (trx) => {
    await trx
      .selectFrom('issuance_accounts')
      .select('id')
      .where('id', '=', actor.account)
      .forUpdate()
      .executeTakeFirst();
    const held = await trx
      .selectFrom('lane_subscriptions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account', '=', actor.account)
      .where('disabled_at', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(held.n) >= MAX_SUBSCRIPTIONS_PER_ACCOUNT)
      throw new HttpProblem(
        409,
        'SUBSCRIPTION_LIMIT_REACHED',
        `an account holds at most ${MAX_SUBSCRIPTIONS_PER_ACCOUNT} subscriptions`,
      );
    await trx
      .insertInto('lane_subscriptions')
      .values({
        id,
        account: actor.account,
        sponsor,
        url,
        secret,
        types: JSON.stringify(types),
        created_at: now,
      })
      .execute();
    await appendAudit(trx, {
      actor: actor.id,
      action: 'lane.subscription.create',
      subject: id,
      at: now,
      details: { url, types },
    });
  });
  return { id, url, types, sponsor, createdAt: now, secret: showSecret(secret) };
}

/** The caller's enabled subscriptions. */
export async function listSubscriptions(db: Db, account: string): Promise<Subscription[]> {
  const rows = await db
    .selectFrom('lane_subscriptions')
    .select(['id', 'url', 'types', 'sponsor', 'created_at'])
    .where('account', '=', account)
    .where('disabled_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    url: r.url,
    types: r.types,
    sponsor: r.sponsor,
    createdAt: r.created_at,
  }));
}

/**
 * Ends one of the caller's subscriptions: no new deliveries, pending ones are dropped
 * (marked failed). Audited `lane.subscription.delete`. 404 `SUBSCRIPTION_NOT_FOUND` for
 * another account's or an ended one.
 */
export async function deleteSubscription(
  db: Db,
  id: string,
  options: { actor: TokenActor; now: Date },
): Promise<void> {
  const { actor, now } = options;
  await db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('lane_subscriptions')
      .set({ disabled_at: now })
      .where('id', '=', id)
      .where('account', '=', actor.account)
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0)
      throw new HttpProblem(404, 'SUBSCRIPTION_NOT_FOUND', `no subscription ${id}`);
    await trx
      .updateTable('lane_deliveries')
      .set({ failed_at: now, last_error: 'subscription deleted' })
      .where('subscription', '=', id)
      .where('delivered_at', 'is', null)
      .where('failed_at', 'is', null)
      .execute();
    await appendAudit(trx, {
      actor: actor.id,
      action: 'lane.subscription.delete',
      subject: id,
      at: now,
    });
  });
}
