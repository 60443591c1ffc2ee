import { NotFoundError } from '../errors/domain-error.js';
import type { SyncConflictList, SyncResolution, ResolveSyncConflictInput } from '../sync/schema.js';
import type { ServiceEnv } from './env.js';

/** list_sync_conflicts: queued outage writes the replay could not apply; empty on a store without a fallback. */
export async function listSyncConflicts(env: ServiceEnv): Promise<SyncConflictList> {
  return { conflicts: (await env.store.syncConflicts?.list()) ?? [] };
}

/** resolve_sync_conflict: re-apply on the current version, or discard. */
export async function resolveSyncConflict(env: ServiceEnv, input: ResolveSyncConflictInput): Promise<SyncResolution> {
  if (!env.store.syncConflicts) throw NotFoundError.entity('sync_conflict', 'id', input.id);
  return env.store.syncConflicts.resolve(input.id, input.action, env.actor);
}
