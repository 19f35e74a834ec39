import { toHex } from '@corridor/core/lib';
import type { Kysely } from 'kysely';
import type { CorridorSchema } from '../db/schema.js';
import type { AuditRecord } from './entry.js';

/** Filters of {@link queryAudit}; all optional and combined with AND. */
export interface AuditFilters {
  actor?: string;
  /** Exact action, or a prefix when it ends with `.*` (e.g. `dsc.*`). */
  action?: string;
  subject?: string;
  /** Entries at or after this time. */
  from?: Date;
  /** Entries strictly before this time. */
  to?: Date;
  /** Entries after this sequence number (for paging in ascending order). */
  afterSeq?: number;
  /** Entries before this sequence number (for paging in descending order). */
  beforeSeq?: number;
  /** Oldest first (`asc`, default) or newest first (`desc`). */
  order?: 'asc' | 'desc';
  /** At most this many entries (default 100, capped at 1000). */
  limit?: number;
}

/** Largest page {@link queryAudit} returns. */
export const AUDIT_QUERY_MAX = 1000;

/** Reads audit entries matching `filters`, ordered by sequence number. */
export async function queryAudit(
  db: Kysely<CorridorSchema>,
  filters: AuditFilters = {},
): Promise<AuditRecord[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (filters.actor !== undefined) q = q.where('actor', '=', filters.actor);
  if (filters.action !== undefined) {
    q = filters.action.endsWith('.*')
      ? q.where('action', 'like', `${escapeLike(filters.action.slice(0, -1))}%`)
      : q.where('action', '=', filters.action);
  }
  if (filters.subject !== undefined) q = q.where('subject', '=', filters.subject);
  if (filters.from !== undefined) q = q.where('at', '>=', filters.from);
  if (filters.to !== undefined) q = q.where('at', '<', filters.to);
  if (filters.afterSeq !== undefined) q = q.where('seq', '>', filters.afterSeq);
  if (filters.beforeSeq !== undefined) q = q.where('seq', '<', filters.beforeSeq);
  const limit = Math.min(Math.max(Math.trunc(filters.limit ?? 100), 1), AUDIT_QUERY_MAX);
  const rows = await q
    .orderBy('seq', filters.order ?? 'asc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    details: row.details,
    prevHash: toHex(row.prev_hash),
    hash: toHex(row.hash),
  }));
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
