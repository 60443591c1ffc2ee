import type { Database, Statement } from 'better-sqlite3';
import type { SyncConflict, SyncConflictReason } from '@project-status/core';

/** One write acknowledged during an outage, as the replay needs it. */
export interface OutboxEntry {
  /** The operation id: recorded on the server with the write, so it is never applied twice. */
  id: string;
  /** Replay order: the order writes were acknowledged on this machine. */
  position: number;
  operation: string;
  /** The input as the caller sent it (the replay validates it again on the server). */
  input: Record<string, unknown>;
  actor: string;
  /** The instant the write ran at; the replay runs it at the same instant. */
  at: string;
  /** Ids the write generated, handed out again in the same order on replay (later queued writes may name them). */
  ids: string[];
  state: 'pending' | 'applied' | 'conflict' | 'discarded';
}

interface EntryRow {
  id: string;
  position: number;
  operation: string;
  input: string;
  actor: string;
  at: string;
  ids: string;
  state: OutboxEntry['state'];
}

const toEntry = (r: EntryRow): OutboxEntry => ({ ...r, input: JSON.parse(r.input) as Record<string, unknown>, ids: JSON.parse(r.ids) as string[] });

/**
 * The durable, ordered outbox inside cache.db, and the sync conflicts its
 * replay found. Statements are synchronous on the cache's connection, so an
 * append made inside the cache transaction of the queued write commits or
 * rolls back with it.
 */
export class Outbox {
  constructor(private readonly db: Database) {
    db.exec(`
      create table if not exists outbox (
        position integer primary key autoincrement,
        id text not null unique,
        operation text not null,
        input text not null,
        actor text not null,
        at text not null,
        ids text not null,
        state text not null default 'pending',
        queued_at text not null
      );
      create index if not exists outbox_state_idx on outbox (state, position);
      create table if not exists sync_conflicts (
        id text primary key,
        position integer not null,
        operation text not null,
        input text not null,
        actor text not null,
        queued_at text not null,
        reason text not null,
        message text not null,
        server text,
        detected_at text not null,
        resolved_at text,
        resolution text
      );
      create table if not exists replay_lease (id integer primary key check (id = 1), owner text not null, expires_at integer not null);
    `);
  }

  /** Appends a write; returns its position. Call inside the cache transaction that ran it. */
  append(entry: Omit<OutboxEntry, 'position' | 'state'>, queuedAt: string): number {
    const info = this.db
      .prepare(`insert into outbox (id, operation, input, actor, at, ids, queued_at) values (?, ?, ?, ?, ?, ?, ?)`)
      .run(entry.id, entry.operation, JSON.stringify(entry.input ?? {}), entry.actor, entry.at, JSON.stringify(entry.ids), queuedAt);
    return Number(info.lastInsertRowid);
  }

  /** The oldest pending write, or null. */
  nextPending(): OutboxEntry | null {
    const row = this.db.prepare(`select id, position, operation, input, actor, at, ids, state from outbox where state = 'pending' order by position limit 1`).get() as EntryRow | undefined;
    return row ? toEntry(row) : null;
  }

  get(id: string): OutboxEntry | null {
    const row = this.db.prepare(`select id, position, operation, input, actor, at, ids, state from outbox where id = ?`).get(id) as EntryRow | undefined;
    return row ? toEntry(row) : null;
  }

  /** Asked before every call the primary answers (is there a replay to run first?): prepared once. */
  private pending: Statement | undefined;

  pendingCount(): number {
    this.pending ??= this.db.prepare(`select count(*) as n from outbox where state = 'pending'`);
    return (this.pending.get() as { n: number }).n;
  }

  /** Every entry (tests and the pending section of the report). */
  all(): OutboxEntry[] {
    return (this.db.prepare(`select id, position, operation, input, actor, at, ids, state from outbox order by position`).all() as EntryRow[]).map(toEntry);
  }

  markApplied(id: string): void {
    this.db.prepare(`update outbox set state = 'applied' where id = ?`).run(id);
  }

  /** Records the conflict and takes the write out of the replay, in one transaction. */
  markConflict(entry: OutboxEntry, reason: SyncConflictReason, message: string, server: unknown, detectedAt: string, queuedAt?: string): void {
    this.db.transaction(() => {
      this.db.prepare(`update outbox set state = 'conflict' where id = ?`).run(entry.id);
      this.db
        .prepare(`insert into sync_conflicts (id, position, operation, input, actor, queued_at, reason, message, server, detected_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing`)
        .run(entry.id, entry.position, entry.operation, JSON.stringify(entry.input), entry.actor, queuedAt ?? entry.at, reason, message, JSON.stringify(server ?? null), detectedAt);
    })();
  }

  /** Unresolved conflicts, oldest write first. */
  conflicts(): SyncConflict[] {
    const rows = this.db.prepare(`select * from sync_conflicts where resolved_at is null order by position`).all() as Record<string, string | number | null>[];
    return rows.map((r) => ({
      id: String(r.id),
      outbox_position: Number(r.position),
      operation: String(r.operation),
      input: JSON.parse(String(r.input)) as Record<string, unknown>,
      actor: String(r.actor),
      queued_at: String(r.queued_at),
      reason: r.reason as SyncConflictReason,
      message: String(r.message),
      server: r.server === null ? null : (JSON.parse(String(r.server)) as unknown),
      detected_at: String(r.detected_at),
    }));
  }

  conflictCount(): number {
    return (this.db.prepare(`select count(*) as n from sync_conflicts where resolved_at is null`).get() as { n: number }).n;
  }

  /** Marks a conflict decided; false when it was not open (unknown, or decided meanwhile). */
  resolve(id: string, resolution: 'reapply' | 'discard', at: string): boolean {
    return this.db.transaction(() => {
      const changed = this.db.prepare(`update sync_conflicts set resolved_at = ?, resolution = ? where id = ? and resolved_at is null`).run(at, resolution, id).changes === 1;
      if (changed && resolution === 'discard') this.db.prepare(`update outbox set state = 'discarded' where id = ?`).run(id);
      if (changed && resolution === 'reapply') this.db.prepare(`update outbox set state = 'applied' where id = ?`).run(id);
      return changed;
    })();
  }

  /**
   * Takes (or renews) the right to replay for `ms`: one process replays a
   * shared outbox at a time, so writes land in their order. The server's
   * operation ids make a second replay harmless anyway.
   */
  lease(owner: string, ms: number, now = Date.now()): boolean {
    return this.db.transaction(() => {
      const row = this.db.prepare(`select owner, expires_at from replay_lease where id = 1`).get() as { owner: string; expires_at: number } | undefined;
      if (row && row.owner !== owner && row.expires_at > now) return false;
      this.db.prepare(`insert into replay_lease (id, owner, expires_at) values (1, ?, ?) on conflict (id) do update set owner = excluded.owner, expires_at = excluded.expires_at`).run(owner, now + ms);
      return true;
    })();
  }

  releaseLease(owner: string): void {
    this.db.prepare(`delete from replay_lease where id = 1 and owner = ?`).run(owner);
  }
}
