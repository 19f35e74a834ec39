import type { Migration } from '../migrate.js';

/**
 * Audit appends in batches (`appendAudits`): a transaction's entries in one multi-row insert
 * with the head moved onto the last, instead of a statement per entry. An insert must still extend
 * the chain: either the head (`seq = head.seq + 1`, `prev_hash = head.hash`) or an entry
 * above the head that an insert already wrote (`seq - 1`, its `hash`): PostgreSQL lets a row
 * trigger see the rows its own statement wrote before, so a batch is checked row by row, and
 * the entries above the head always form one chain from it (`seq` is the primary key: no fork).
 * The head may move forward by more than one, but only onto a stored entry with that `seq` and
 * that `hash`; it still never moves back, and is never deleted or truncated.
 */
export const auditBatch: Migration = {
  name: '0011-audit-batch',
  statements: [
    `create or replace function corridor_audit_log_check_insert() returns trigger
    language plpgsql as $$
    declare
      head_seq bigint;
      head_hash bytea;
    begin
      select seq, hash into head_seq, head_hash from audit_head where id;
      if new.seq = head_seq + 1 and new.prev_hash = head_hash then
        return new;
      end if;
      if new.seq > head_seq + 1 and exists (
        select 1 from audit_log where seq = new.seq - 1 and hash = new.prev_hash
      ) then
        return new;
      end if;
      raise exception 'audit_log insert does not extend the chain head (seq %, head %)',
        new.seq, head_seq using errcode = 'integrity_constraint_violation';
    end
    $$`,
    `create or replace function corridor_audit_head_check() returns trigger
    language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        if new.id and new.seq = old.seq + 1 then
          return new;
        end if;
        if new.id and new.seq > old.seq and exists (
          select 1 from audit_log where seq = new.seq and hash = new.hash
        ) then
          return new;
        end if;
      end if;
      raise exception 'audit_head only advances onto a stored entry: % refused', tg_op
        using errcode = 'integrity_constraint_violation';
    end
    $$`,
  ],
};
