import type { Kysely, Transaction } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import { HttpProblem } from '../http/problem.js';
import './schema.js';

type Db = Kysely<CorridorSchema> | Transaction<CorridorSchema>;

/**
 * Failed sign-ins allowed per window: 5 per account (a guessed password), 20 per client
 * address (one address trying many accounts). Fixed windows of 15 minutes; a success clears
 * the account's count (not the address's).
 */
export const LOGIN_LIMITS = { account: 5, address: 20, windowMs: 15 * 60_000 } as const;

/** The throttle keys of one attempt. */
export function throttleKeys(account: string, address: string): { key: string; limit: number }[] {
  return [
    { key: `account:${account.toLowerCase()}`, limit: LOGIN_LIMITS.account },
    { key: `ip:${address}`.slice(0, 200), limit: LOGIN_LIMITS.address },
  ];
}

/**
 * Refuses the attempt before any password is checked (429 `LOGIN_THROTTLED`, with the seconds
 * until the window ends) when a key has used up its failures.
 */
export async function checkThrottle(
  db: Db,
  keys: readonly { key: string; limit: number }[],
  now: Date,
): Promise<void> {
  const rows = await db
    .selectFrom('staff_login_throttle')
    .select(['key', 'window_start', 'failures'])
    .where(
      'key',
      'in',
      keys.map((k) => k.key),
    )
    .execute();
  for (const row of rows) {
    const limit = keys.find((k) => k.key === row.key)!.limit;
    const endsAt = row.window_start.getTime() + LOGIN_LIMITS.windowMs;
    if (endsAt > now.getTime() && row.failures >= limit) {
      const retryAfter = Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000));
      throw new HttpProblem(
        429,
        'LOGIN_THROTTLED',
        `too many failed sign-ins; try again in ${retryAfter} s`,
        [],
        { 'retry-after': String(retryAfter) },
      );
    }
  }
}

/** Counts one failure against every key (a new window starts when the old one is over). */
export async function recordFailure(
  db: Db,
  keys: readonly { key: string }[],
  now: Date,
): Promise<void> {
  const windowFloor = new Date(now.getTime() - LOGIN_LIMITS.windowMs);
  for (const { key } of keys) {
    await db
      .insertInto('staff_login_throttle')
      .values({ key, window_start: now, failures: 1 })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => ({
          failures: eb
            .case()
            .when('staff_login_throttle.window_start', '<=', windowFloor)
            .then(1)
            .else(eb('staff_login_throttle.failures', '+', 1))
            .end(),
          window_start: eb
            .case()
            .when('staff_login_throttle.window_start', '<=', windowFloor)
            .then(now)
            .else(eb.ref('staff_login_throttle.window_start'))
            .end(),
        })),
      )
      .execute();
  }
}

/** Clears the account's failures after a successful sign-in. */
export async function clearAccount(db: Db, account: string): Promise<void> {
  await db
    .deleteFrom('staff_login_throttle')
    .where('key', '=', `account:${account.toLowerCase()}`)
    .execute();
}
