import { expect, it } from 'vitest';
import type { ProjectStatusHandle } from '../src/index.js';
import { describeEachEngine } from '../src/testing/index.js';

const READS = 300;
const WRITERS = 2;

interface Read {
  what: string;
  offset: number;
  limit: number;
  returned: number;
  total_count: number;
}

/** The invariant of every page: exactly the rows the total leaves after the offset, up to the limit. */
const consistent = (r: Read) => r.returned === Math.max(0, Math.min(r.limit, r.total_count - r.offset));

/**
 * A page and its `total_count` come from one moment while other clients
 * (their own connections or pools) keep adding rows. Read near the end of the
 * list, where the page is partial, so a count taken at another moment than
 * the page shows.
 */
describeEachEngine('a page and its total_count while other clients write', (ctx) => {
  it('agree on every read of list_work_items, search_work_items and get_history', async () => {
    const label = `race-${Date.now().toString(36)}`;
    const word = `zebrafence${Date.now().toString(36)}`;
    const target = await ctx.ps().create_work_item({ item_type: 'task', title: 'history target' });
    const writers: ProjectStatusHandle[] = [];
    for (let i = 0; i < WRITERS; i++) writers.push(await ctx.openClient({ clientId: `writer-${i}` }));
    let done = false;
    let written = 0;
    const writing = writers.map(async (w, i) => {
      while (!done) {
        await w.create_work_item({ item_type: 'task', title: `${word} ${i} ${written}`, labels: [label] });
        await w.add_note({ id: target.id, text: `note ${written}` });
        written++;
      }
    });

    const reads: Read[] = [];
    try {
      let listTotal = 0;
      let searchTotal = 0;
      let historyTotal = 0;
      for (let n = 0; n < READS; n++) {
        const limit = 3 + (n % 3);
        const near = (total: number) => Math.max(0, total - 2 - (n % 4));
        const what = n % 3;
        if (what === 0) {
          const offset = near(listTotal);
          const page = await ctx.ps().list_work_items({ label, limit, offset });
          listTotal = page.total_count;
          reads.push({ what: 'list', offset, limit, returned: page.items.length, total_count: page.total_count });
        } else if (what === 1) {
          const offset = near(searchTotal);
          const page = await ctx.ps().search_work_items({ query: word, limit, offset });
          searchTotal = page.total_count;
          reads.push({ what: 'search', offset, limit, returned: page.items.length, total_count: page.total_count });
        } else {
          const offset = near(historyTotal);
          const page = await ctx.ps().get_history({ entity_type: 'work_item', entity_id: target.id, limit, offset });
          historyTotal = page.total_count;
          reads.push({ what: 'history', offset, limit, returned: page.entries.length, total_count: page.total_count });
        }
      }
    } finally {
      done = true;
      await Promise.all(writing);
    }
    // The writers really wrote while the reads ran (otherwise this proves nothing).
    expect(written).toBeGreaterThan(20);
    expect(reads.filter((r) => !consistent(r))).toEqual([]);
  });
});
