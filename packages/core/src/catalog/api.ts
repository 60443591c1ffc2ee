import type { z } from 'zod';
import { NotFoundError } from '../errors/domain-error.js';
import type { ProjectFiles } from '../ports/files.js';
import type { ServedBy, Store } from '../ports/store.js';
import { uuidv7 } from '../primitives/uuid.js';
import type { Progress } from '../services/env.js';
import { WatchInput, type ChangePage } from '../change/schema.js';
import { watchChanges, type ChangeWatch } from '../change/watch.js';
import { parseOrThrow } from '../errors/from-zod.js';
import { catalog, type Catalog, type OperationName } from './catalog.js';
import { runOperation, type Operation } from './operation.js';

/** Per-call options every surface can pass. */
export interface CallOptions {
  /** Who is acting; `created_by`/`updated_by` in the input win over it. */
  actor?: string;
  onProgress?: (progress: Progress) => void;
  /**
   * Told which layer answered (SPEC §5) when the store is an outage fallback
   * chain; adapters show it (MCP structured content, a CLI notice, an HTTP header).
   */
  onServed?: (served: ServedBy) => void;
}

export interface ProjectStatusOptions {
  store: Store;
  /** Default actor for calls that name none (e.g. `my-service`). */
  clientId?: string;
  /** Injectable for tests. */
  clock?: () => Date;
  /** Injectable for tests; UUID v7 by default. */
  newId?: () => string;
  /** Extra operations registered by the embedding program. */
  extraOperations?: Record<string, Operation>;
  /** Root-confined file access for report, export and import. */
  files?: ProjectFiles;
}

type Method<Op> = Op extends Operation<infer I, infer R> ? (input: z.input<I>, options?: CallOptions) => Promise<R> : never;

/** One typed method per operation, named exactly like the MCP tool. */
export type OperationMethods = { [K in OperationName]: Method<Catalog[K]> };

/** The service API every surface and every embedding program uses. */
export interface ProjectStatus extends OperationMethods {
  /** All registered operations by name. */
  readonly operations: Readonly<Record<string, Operation>>;
  readonly store: Store;
  readonly clientId: string;
  /**
   * Follows the change feed live: every committed change after `after` (or,
   * without it, from now on), in commit order, whichever process wrote it.
   * Reads through `list_changes`; a stale cursor fails the first `next()`
   * with a `ValidationError`.
   *
   * @example
   * const changes = ps.watch({ entity_types: ['work_item'] });
   * for await (const change of changes) console.log(change.seq, change.action, change.entity_id);
   * // elsewhere: await changes.close();
   */
  watch(options?: WatchInput): ChangeWatch;
  /** Runs an operation by name with unvalidated input (what adapters call). */
  call(name: string, input: unknown, options?: CallOptions): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Binds the catalog to a store.
 *
 * @example
 * const ps = createProjectStatus({ store, clientId: 'my-service' });
 * const task = await ps.create_work_item({ item_type: 'task', title: 'Ship it' });
 */
export function createProjectStatus(options: ProjectStatusOptions): ProjectStatus {
  const operations: Record<string, Operation> = { ...(catalog as unknown as Record<string, Operation>), ...(options.extraOperations ?? {}) };
  const clientId = options.clientId ?? 'library';
  const now = options.clock ?? (() => new Date());
  const newId = options.newId ?? uuidv7;
  const call = (name: string, input: unknown, callOptions: CallOptions = {}): Promise<unknown> => {
    const op = operations[name];
    if (!op) return Promise.reject(new NotFoundError(`unknown operation "${name}"`, { operation: name, known: Object.keys(operations) }));
    return runOperation(op, input, { store: options.store, now, newId, actor: callOptions.actor ?? clientId, onProgress: callOptions.onProgress, files: options.files });
  };
  const api: Record<string, unknown> = {
    operations,
    store: options.store,
    clientId,
    call,
    close: () => options.store.close(),
    watch: (raw: WatchInput = {}) => {
      const input = parseOrThrow(WatchInput, raw);
      return watchChanges(
        {
          list: (page) => call('list_changes', page) as Promise<ChangePage>,
          head: async () => (await options.store.listChanges({ after: Number.MAX_SAFE_INTEGER, limit: 1 })).head,
          signal: options.store.changes,
          recheckMs: options.store.changes ? 5_000 : 500,
        },
        input,
      );
    },
  };
  for (const name of Object.keys(operations)) api[name] = (input: unknown, o?: CallOptions) => call(name, input, o);
  return api as unknown as ProjectStatus;
}
