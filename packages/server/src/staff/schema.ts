/**
 * The staff sign-in tables (`0009-staff-sessions`) as Kysely sees them, merged into
 * `CorridorSchema` by module augmentation (as the lanes do), so the shared schema file stays
 * untouched by this domain.
 */
import type { Identity, Timestamp } from '../db/schema.js';

/** `staff_passwords`: one scrypt hash per node account that may sign in to the web app. */
export interface StaffPasswordsTable {
  account: string;
  hash: string;
  set_at: Timestamp;
  set_by: string;
}

/** Why a session ended. */
export type SessionEndReason = 'logout' | 'login' | 'password' | 'disabled';

/** `staff_sessions`: server-side sessions; the cookie value is stored as its SHA-256 only. */
export interface StaffSessionsTable {
  id: Identity;
  token_hash: Uint8Array;
  account: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ended_at: Date | null;
  end_reason: SessionEndReason | null;
}

/** `staff_login_throttle`: failed sign-ins per key (`account:<id>`, `ip:<address>`) in a window. */
export interface StaffLoginThrottleTable {
  key: string;
  window_start: Timestamp;
  failures: number;
}

declare module '../db/schema.js' {
  interface CorridorSchema {
    staff_passwords: StaffPasswordsTable;
    staff_sessions: StaffSessionsTable;
    staff_login_throttle: StaffLoginThrottleTable;
  }
}
