import type { Migration } from '../migrate.js';

/**
 * The audit log: append-only and hash-chained. `audit_head` names the last entry; appenders
 * lock it (`select ... for update`) so the chain never forks. Triggers refuse UPDATE, DELETE
 * and TRUNCATE on `audit_log`, refuse inserts that do not extend the head, and only let the
 * head advance one entry at a time.
 */
export const auditLog: Migration = {
  name: '0002-audit-log',
  statements: [
    `create table audit_log (
      seq bigint primary key check (seq > 0),
      at timestamptz not null,
      actor text not null,
      action text not null,
      subject text,
      details jsonb not null default '{}'::jsonb check (jsonb_typeof(details) = 'object'),
      prev_hash bytea not null check (octet_length(prev_hash) = 32),
      hash bytea not null unique check (octet_length(hash) = 32)
    )`,
    'create index audit_log_actor_idx on audit_log (actor, seq)',
    'create index audit_log_action_idx on audit_log (action, seq)',
    'create index audit_log_subject_idx on audit_log (subject, seq)',
    'create index audit_log_at_idx on audit_log (at)',
    `create table audit_head (
      id boolean primary key default true check (id),
      seq bigint not null check (seq >= 0),
      hash bytea not null check (octet_length(hash) = 32)
    )`,
    `insert into audit_head (id, seq, hash) values (true, 0, decode(repeat('00', 32), 'hex'))`,
    `create function corridor_audit_log_refuse_change() returns trigger
    language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % refused', tg_op
        using errcode = 'insufficient_privilege';
    end
    $$`,
    `create trigger audit_log_append_only
      before update or delete on audit_log
      for each row execute function corridor_audit_log_refuse_change()`,
    `create trigger audit_log_no_truncate
      before truncate on audit_log
      for each statement execute function corridor_audit_log_refuse_change()`,
    `create function corridor_audit_log_check_insert() returns trigger
    language plpgsql as $$
    declare
      head_seq bigint;
      head_hash bytea;
    begin
      select seq, hash into head_seq, head_hash from audit_head where id;
      if new.seq <> head_seq + 1 or new.prev_hash <> head_hash then
        raise exception 'audit_log insert does not extend the chain head (seq %, head %)',
          new.seq, head_seq using errcode = 'integrity_constraint_violation';
      end if;
      return new;
    end
    $$`,
    `create trigger audit_log_extends_head
      before insert on audit_log
      for each row execute function corridor_audit_log_check_insert()`,
    `create function corridor_audit_head_check() returns trigger
    language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        if new.seq = old.seq + 1 then
          return new;
        end if;
      end if;
      raise exception 'audit_head only advances one entry at a time: % refused', tg_op
        using errcode = 'integrity_constraint_violation';
    end
    $$`,
    `create trigger audit_head_advance_only
      before update or delete on audit_head
      for each row execute function corridor_audit_head_check()`,
    `create trigger audit_head_no_truncate
      before truncate on audit_head
      for each statement execute function corridor_audit_head_check()`,
  ],
};
