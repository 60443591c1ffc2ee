import { describe, expect, it } from 'vitest';
import type { ChangePage } from './schema.js';
import { watchChanges, type WatchSource } from './watch.js';

const change = (seq: number) => ({ seq, entity_type: 'work_item' as const, entity_id: `id-${seq}`, version: 1, action: 'create' as const, actor: 't', at: '2026-11-30T00:00:00.000Z' });

describe('watchChanges', () => {
  it('ends quietly when closed while a read is in flight, even if the store closes with it', async () => {
    let fail!: (e: Error) => void;
    const source: WatchSource = { list: () => new Promise<ChangePage>((_, reject) => (fail = reject)), head: async () => 0, recheckMs: 10_000 };
    const watch = watchChanges(source, { after: 0 });
    const pending = watch.next();
    await new Promise((r) => setTimeout(r, 0));
    await watch.close();
    fail(new Error('Cannot use a pool after calling end on the pool'));
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
  });

  it('reports a failed read of an open watch to its reader', async () => {
    const source: WatchSource = { list: async () => Promise.reject(new Error('down')), head: async () => 0, recheckMs: 10_000 };
    await expect(watchChanges(source, { after: 0 }).next()).rejects.toThrow('down');
  });

  it('starts "from now" at the head when watch() is called, pages on, and keeps its cursor exact', async () => {
    const pages: ChangePage[] = [
      { changes: [change(6), change(7)], next_cursor: 7, has_more: true, head: 9 },
      { changes: [change(9)], next_cursor: 9, has_more: false, head: 9 },
    ];
    const asked: number[] = [];
    const source: WatchSource = { list: async (input) => (asked.push(input.after), pages.shift()!), head: async () => 5, recheckMs: 10_000 };
    const watch = watchChanges(source, {});
    expect((await watch.next()).value?.seq).toBe(6);
    expect(watch.cursor).toBe(6);
    expect((await watch.next()).value?.seq).toBe(7);
    expect((await watch.next()).value?.seq).toBe(9);
    expect(watch.cursor).toBe(9);
    expect(asked).toEqual([5, 7]);
    await watch.close();
  });
});
