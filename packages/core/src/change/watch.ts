import type { ChangeSignal } from '../ports/store.js';
import type { Change, ChangePage, ListChangesInput } from './schema.js';

/** A live, ordered stream of changes; `for await` it, `close()` it when done. */
export interface ChangeWatch extends AsyncIterableIterator<Change> {
  /** Where this watch stands: resume a later watch (or `list_changes`) with `after: cursor` and nothing is missed or repeated. */
  readonly cursor: number | undefined;
  /** Stops the watch; a pending `next()` ends the iteration. */
  close(): Promise<void>;
}

export interface WatchSource {
  /** One page of the feed (the `list_changes` operation). */
  list(input: Partial<ListChangesInput> & { after: number }): Promise<ChangePage>;
  /** The newest sequence number now. */
  head(): Promise<number>;
  /** Push when the store has it. */
  signal?: ChangeSignal;
  /** Re-read this often even without a wake-up: a lost notification then costs latency, never a change. */
  recheckMs: number;
}

const PAGE = 200;

/**
 * Follows the feed from `after` (or from now): reads a page, yields it, and
 * waits for a wake-up or the re-check interval before reading again. It
 * subscribes before its first read, so a commit between a read and the wait
 * is never slept through.
 */
export function watchChanges(source: WatchSource, options: { after?: number; entity_types?: ListChangesInput['entity_types']; ids?: ListChangesInput['ids'] }): ChangeWatch {
  let readCursor = options.after;
  // "From now" means from when watch() was called, not from the first next().
  const startingHead = readCursor === undefined ? source.head() : undefined;
  startingHead?.catch(() => undefined); // reported by the first next()
  let lastYielded: number | undefined;
  let pageStart: number | undefined;
  const buffer: Change[] = [];
  let closed = false;
  let dirty = true;
  let wake: (() => void) | undefined;
  const unsubscribe = source.signal?.subscribe(() => {
    dirty = true;
    wake?.();
  });

  const sleep = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, source.recheckMs);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  const close = async () => {
    if (closed) return;
    closed = true;
    unsubscribe?.();
    wake?.();
  };

  const next = async (): Promise<IteratorResult<Change>> => {
    while (!closed) {
      const change = buffer.shift();
      if (change) {
        lastYielded = change.seq;
        return { value: change, done: false };
      }
      if (readCursor === undefined) readCursor = await startingHead!;
      if (!dirty) await sleep();
      if (closed) break;
      dirty = false;
      let page: ChangePage;
      try {
        page = await source.list({ after: readCursor, entity_types: options.entity_types, ids: options.ids, limit: PAGE });
      } catch (error) {
        if (closed) break; // closed (and perhaps the store with it) while the read was in flight
        throw error;
      }
      buffer.push(...page.changes);
      pageStart = readCursor;
      lastYielded = undefined;
      readCursor = page.next_cursor;
      if (page.has_more) dirty = true;
    }
    return { value: undefined, done: true };
  };

  const watch: ChangeWatch = {
    get cursor() {
      return buffer.length > 0 ? (lastYielded ?? pageStart) : readCursor;
    },
    next,
    close,
    return: async () => {
      await close();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return watch;
    },
  };
  return watch;
}
