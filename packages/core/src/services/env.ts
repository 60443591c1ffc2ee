import { VersionConflictError } from '../errors/domain-error.js';
import type { HistoryAction, EntityType, HistoryEntry } from '../history/schema.js';
import { diffFields } from '../history/schema.js';
import type { ProjectFiles } from '../ports/files.js';
import type { Store } from '../ports/store.js';
import { sameJson } from '../primitives/key-order.js';

/** Progress of long work (archive, import), for progress bars. */
export interface Progress {
  phase: string;
  done: number;
  total: number;
}

/**
 * What a service call runs with: the store, the clock and the id generator
 * (both injectable so tests control time and ids), and the acting client.
 */
export interface ServiceEnv {
  store: Store;
  now(): Date;
  newId(): string;
  actor: string;
  onProgress?: (progress: Progress) => void;
  /** Root-confined file access; absent when the library is used without a project root. */
  files?: ProjectFiles;
}

/** The current instant as ISO-8601 UTC. */
export function nowIso(env: ServiceEnv): string {
  return env.now().toISOString();
}

/** Fails fast when the caller's version is stale (the store re-checks it in the UPDATE). */
export function assertVersion(
  entity: string,
  current: { id?: string; version: number; updated_by: string | null; updated_at: string | null },
  expected: number,
  id = current.id ?? '',
): void {
  if (current.version !== expected) {
    throw VersionConflictError.mismatch({
      entity,
      id,
      expected_version: expected,
      current_version: current.version,
      last_updated_by: current.updated_by,
      updated_at: current.updated_at,
    });
  }
}

/** A history entry for one change of one entity. */
export function historyEntry(
  env: ServiceEnv,
  entity_type: EntityType,
  entity_id: string,
  version: number,
  action: HistoryAction,
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
  at: string,
): HistoryEntry {
  return { id: env.newId(), entity_type, entity_id, version, action, actor: env.actor, at, changes: diffFields(before, after) };
}

/**
 * The fields of `changes` that differ from `current`: an update that sends
 * the values already stored changes nothing, so it writes nothing (no new
 * version, history entry or change event) and other writers' versions stay good.
 */
export function effectiveChanges<T extends object>(current: T, changes: Partial<T>): Partial<T> {
  const cur = current as Record<string, unknown>;
  return Object.fromEntries(Object.entries(changes).filter(([k, v]) => !sameJson(cur[k] ?? null, v ?? null))) as Partial<T>;
}

/** Removes keys whose value is `undefined` (an absent field means "leave it"). */
export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
