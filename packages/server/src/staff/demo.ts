import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CorridorSchema, IssuanceRole } from '../db/schema.js';
import { setStaffPassword } from './sessions.js';

/** A demo sign-in, as `corridor start` prints it. */
export interface DemoLogin {
  role: IssuanceRole;
  account: string;
  password: string;
  /** The web app page of the role, relative to `/app/`. */
  page: string;
}

/** The demo staff account of each role and the page it works on. */
export const DEMO_STAFF: readonly Omit<DemoLogin, 'password'>[] = [
  { role: 'issuer', account: 'demo-clerk', page: 'issuer' },
  { role: 'administrator', account: 'demo-admin', page: 'issuer' },
  { role: 'sponsor', account: 'SP-DEMO', page: 'sponsor' },
  { role: 'authority', account: 'demo-officer', page: 'authority' },
  // The local monitoring authority: an authority account (scope lane.monitor) on its worklist.
  { role: 'authority', account: 'demo-monitor', page: 'monitoring' },
  { role: 'checkpoint', account: 'demo-desk', page: 'border/desk' },
  { role: 'laboratory', account: 'demo-lab', page: 'lab' },
];

/**
 * Gives each demo account (created when missing) a fresh random password and returns the
 * logins to print. Called by demo seeding at every start: the previous run's sessions end.
 * Never for production nodes: the passwords are printed to the console.
 */
export async function seedDemoStaff(db: Kysely<CorridorSchema>, now: Date): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = [];
  for (const d of DEMO_STAFF) {
    const password = `demo-${randomBytes(9).toString('base64url')}`;
    await setStaffPassword(
      db,
      { account: d.account, password, role: d.role },
      { actor: { id: 'system/demo', account: 'system' }, now },
    );
    logins.push({ ...d, password });
  }
  return logins;
}
