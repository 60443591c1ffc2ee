import { classifyReplayError, reapplyInput, versionTarget, type DomainError, type ProjectStatus, type Store, type StoreWriter, type SyncResolution, NotFoundError, ConflictError, uuidv7 } from '@project-status/core';
import type { LocalCache } from './cache.js';
import type { OutboxEntry } from './outbox.js';

/**
 * Binds the operations to `store` acting as `entry.actor`, at `at`, handing
 * out `entry.ids` first as new ids (the open code builds it with the same
 * files and extra operations as the handle).
 */
export type ReplayRunner = (store: Store, entry: OutboxEntry, at: Date) => ProjectStatus;

/** Thrown inside a replayed write's transaction when the server already has its operation id. */
class AlreadyApplied extends Error {}

/** How long one process may hold the replay before another may take over (renewed per write). */
const LEASE_MS = 30_000;

interface ResyncDeps {
  primary: Store;
  cache: LocalCache;
  replay: ReplayRunner;
  onOutage: (error: DomainError) => void;
  afterDrain?: () => Promise<void>;
}

/**
 * The outbox replay (SPEC §5, docs/outage.md). Runs the queued writes on the
 * database in outbox order, each the same operation with the same input,
 * instant and ids, its operation id claimed in the write's own transaction
 * (`claimOperation`): a crash after the commit, or a second process
 * replaying the same outbox, finds the id and skips the write. A write the
 * server refuses becomes a sync conflict with both sides; a database that
 * fails again stops the replay with the write still queued.
 */
export class Resync {
  private running: Promise<{ applied: number; conflicts: number; remaining: number }> | undefined;
  private readonly owner = uuidv7();

  constructor(private readonly deps: ResyncDeps) {}

  /** Waits for a replay in progress (closing). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  drain(): Promise<{ applied: number; conflicts: number; remaining: number }> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** The primary, with each transaction first claiming the entry's operation id. */
  private claiming(entry: OutboxEntry): Store {
    const { primary } = this.deps;
    let claimed = false;
    return new Proxy(primary, {
      get(target, name) {
        if (name === 'transaction') {
          return <T>(fn: (tx: StoreWriter) => Promise<T>, options?: object) =>
            target.transaction(async (tx) => {
              if (!claimed) {
                if (!tx.claimOperation) throw new ConflictError('this database cannot record replayed writes; migrate it', { reason: 'no_operation_log' });
                if (!(await tx.claimOperation(entry.id, entry.operation, new Date().toISOString()))) throw new AlreadyApplied();
                claimed = true;
              }
              return fn(tx);
            }, options);
        }
        const value = Reflect.get(target, name) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  private async applied(id: string): Promise<boolean> {
    return (await this.deps.primary.isOperationApplied?.(id).catch(() => false)) ?? false;
  }

  private async run(): Promise<{ applied: number; conflicts: number; remaining: number }> {
    const { cache, replay } = this.deps;
    const { outbox } = cache;
    let applied = 0;
    let conflicts = 0;
    if (!outbox.lease(this.owner, LEASE_MS)) return { applied, conflicts, remaining: outbox.pendingCount() };
    try {
      for (let entry = outbox.nextPending(); entry; entry = outbox.nextPending()) {
        outbox.lease(this.owner, LEASE_MS);
        // No look-up first: the claim inside the write's transaction finds an id already applied.
        try {
          await replay(this.claiming(entry), entry, new Date(entry.at)).call(entry.operation, entry.input, { actor: entry.actor });
          outbox.markApplied(entry.id);
          applied++;
        } catch (error) {
          if (error instanceof AlreadyApplied) {
            outbox.markApplied(entry.id);
            continue;
          }
          const outcome = classifyReplayError(error);
          if (outcome.kind === 'retry_later') {
            this.deps.onOutage(error as DomainError);
            break;
          }
          // Refused because another process applied it a moment ago: not a conflict.
          if (await this.applied(entry.id)) {
            outbox.markApplied(entry.id);
            continue;
          }
          if (outcome.kind === 'conflict') {
            outbox.markConflict(entry, outcome.reason, (error as Error).message, await this.serverSide(entry), new Date().toISOString());
            cache.requestRefill();
            conflicts++;
          }
        }
      }
    } finally {
      outbox.releaseLease(this.owner);
    }
    await this.deps.afterDrain?.().catch(() => undefined);
    const remaining = outbox.pendingCount();
    if (remaining === 0) await cache.refresh(this.deps.primary).catch(() => undefined);
    return { applied, conflicts, remaining };
  }

  /** Theirs: the entity the write refers to, as the server holds it now. */
  private async serverSide(entry: OutboxEntry): Promise<unknown> {
    const { primary } = this.deps;
    try {
      const target = versionTarget(entry.operation, entry.input);
      if (target?.entity_type === 'vendor') return await primary.getVendorByName(target.key);
      if (target?.entity_type === 'enhancement') return await primary.getEnhancement(target.key);
      if (target?.entity_type === 'configuration') return await primary.getConfiguration();
      const id = target?.key ?? (typeof entry.input.id === 'string' ? entry.input.id : null);
      return id ? await primary.getWorkItem(id) : null;
    } catch {
      return null;
    }
  }

  /** resolve_sync_conflict: re-apply on the server's current version (the database must answer), or discard. */
  async resolve(id: string, action: 'reapply' | 'discard', _actor: string): Promise<SyncResolution> {
    const { outbox } = this.deps.cache;
    const open = outbox.conflicts().find((c) => c.id === id);
    const entry = outbox.get(id);
    if (!open || !entry) throw NotFoundError.entity('sync_conflict', 'id', id);
    const resolvedAt = new Date().toISOString();
    if (action === 'discard') {
      outbox.resolve(id, 'discard', resolvedAt);
      this.deps.cache.requestRefill();
      return { id, action, resolved_at: resolvedAt };
    }
    const current = (await this.serverSide(entry)) as { version?: number } | null;
    const input = reapplyInput(entry.input, typeof current?.version === 'number' ? current.version : null);
    let result: unknown;
    try {
      result = await this.deps.replay(this.claiming(entry), entry, new Date()).call(entry.operation, input, { actor: entry.actor });
    } catch (error) {
      if (!(error instanceof AlreadyApplied)) throw error;
    }
    outbox.resolve(id, 'reapply', resolvedAt);
    this.deps.cache.requestRefill();
    await this.deps.cache.refresh(this.deps.primary).catch(() => undefined);
    return { id, action, result, resolved_at: resolvedAt };
  }
}
