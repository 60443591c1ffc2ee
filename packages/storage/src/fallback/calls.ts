import { AsyncLocalStorage } from 'node:async_hooks';
import { isDomainError, isFallbackAnswer, servedFields, type CallOptions, type ProjectStatus, type ServedBy } from '@project-status/core';
import type { LayerRead } from './layer.js';

/**
 * What the fallback store knows of the operation it serves: which operation
 * with which input (an outage write is queued as exactly that), the instant
 * and ids it used (the replay reuses them), and which layer answered.
 */
export interface CallRecord {
  operation: string;
  kind: 'read' | 'write';
  input: unknown;
  actor: string;
  /** The operation's instant: the clock is frozen at its first reading for the whole call. */
  at?: string;
  ids: string[];
  /** The fallback layer this call reads from, once one answered (one call never mixes layers). */
  layer?: LayerRead;
  served?: ServedBy;
}

const calls = new AsyncLocalStorage<CallRecord>();

/** The operation the current async context serves, if any. */
export function currentCall(): CallRecord | undefined {
  return calls.getStore();
}

/** A clock that is frozen, per call, at its first reading (so a queued write replays at the same instant). */
export function trackedClock(base: () => Date): () => Date {
  return () => {
    const record = calls.getStore();
    if (!record) return base();
    record.at ??= base().toISOString();
    return new Date(record.at);
  };
}

/** An id generator whose ids are remembered per call (a queued write replays with the same ids). */
export function trackedIds(base: () => string): () => string {
  return () => {
    const id = base();
    calls.getStore()?.ids.push(id);
    return id;
  };
}

/**
 * An error a fallback layer answered (a NOT_FOUND from the cache, a write a
 * read-only layer refused) carries where it came from in `details.served`,
 * which every surface renders like the `served` of an answer: the caller
 * must not take "not found in an 8 s old cache" for "gone".
 */
function markServed(error: unknown, served: ServedBy): void {
  if (!isDomainError(error) || !isFallbackAnswer(served) || error.details.served !== undefined) return;
  error.details.served = servedFields(served);
}

/**
 * Runs every operation of `ps` inside its own {@link CallRecord}, and tells
 * the caller's `onServed` which layer answered.
 */
export function trackCalls<P extends ProjectStatus>(ps: P): P {
  const inner = ps.call.bind(ps);
  const call = (name: string, input: unknown, options: CallOptions = {}): Promise<unknown> => {
    const op = ps.operations[name];
    const record: CallRecord = { operation: name, kind: op?.kind ?? 'read', input, actor: options.actor ?? ps.clientId, ids: [] };
    return calls.run(record, async () => {
      let value: unknown;
      try {
        value = await inner(name, input, options);
      } catch (error) {
        if (record.served) {
          options.onServed?.(record.served);
          markServed(error, record.served);
        }
        throw error;
      }
      if (record.served) options.onServed?.(record.served);
      return value;
    });
  };
  const tracked: Record<string, unknown> = { call };
  for (const name of Object.keys(ps.operations)) tracked[name] = (input: unknown, options?: CallOptions) => call(name, input, options);
  return Object.assign(ps, tracked);
}
