import { expect, it } from 'vitest';
import type { WorkItem } from '@project-status/core';
import type { ProjectStatusHandle } from '../src/index.js';
import { describeEachEngine } from '../src/testing/index.js';

const CLIENTS = 8;
const UPDATES_PER_CLIENT = 100;
const SHARED_ITEMS = 4;

describeEachEngine('concurrency across independent clients', (ctx) => {
  const clients: ProjectStatusHandle[] = [];

  it('opens eight independent clients on the same database', async () => {
    for (let i = 0; i < CLIENTS; i++) clients.push(await ctx.openClient({ clientId: `agent-${i}` }));
    expect(clients).toHaveLength(CLIENTS);
  });

  it('loses no update: final versions equal accepted updates and every rejection is a version conflict', async () => {
    const items: WorkItem[] = [];
    for (let i = 0; i < SHARED_ITEMS; i++) items.push(await ctx.ps().create_work_item({ item_type: 'task', title: `shared ${i}`, metadata: { estimated_hours: 0 } }));
    const accepted = new Map<string, number>(items.map((i) => [i.id, 0]));
    const otherErrors: unknown[] = [];
    let conflicts = 0;

    await Promise.all(
      clients.map(async (client, c) => {
        for (let n = 0; n < UPDATES_PER_CLIENT; n++) {
          const id = items[(c + n) % SHARED_ITEMS]!.id;
          const { item } = await client.query_work_item({ id });
          // Read-modify-write of a counter: a lost update would leave it short.
          const hours = Number(item.metadata.estimated_hours ?? 0);
          try {
            await client.update_work_item({ id, version: item.version, metadata: { estimated_hours: hours + 1 } });
            accepted.set(id, accepted.get(id)! + 1);
          } catch (error) {
            if ((error as { code?: string }).code === 'VERSION_CONFLICT') conflicts++;
            else otherErrors.push(error);
          }
        }
      }),
    );

    expect(otherErrors).toEqual([]);
    // The clients really did race (otherwise this test would prove nothing).
    expect(conflicts).toBeGreaterThan(0);
    const total = [...accepted.values()].reduce((a, b) => a + b, 0);
    expect(total + conflicts).toBe(CLIENTS * UPDATES_PER_CLIENT);
    for (const item of items) {
      const { item: final } = await ctx.ps().query_work_item({ id: item.id });
      expect(final.version).toBe(1 + accepted.get(item.id)!);
      expect(final.metadata.estimated_hours).toBe(accepted.get(item.id));
      const history = await ctx.ps().get_history({ entity_type: 'work_item', entity_id: item.id, limit: 1 });
      expect(history.total_count).toBe(1 + accepted.get(item.id)!);
    }
  });

  it('lets exactly one of eight concurrent creations win when names differ only in case', async () => {
    for (let round = 0; round < 5; round++) {
      const spellings = Array.from({ length: CLIENTS }, (_, i) => `race_vendor_${round}`.split('').map((ch, j) => ((i >> j % 3) & 1 ? ch.toUpperCase() : ch)).join(''));
      const results = await Promise.allSettled(clients.map((client, i) => client.create_vendor({ name: spellings[i]! })));
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost.map((r) => r.reason.code)).toEqual(Array(CLIENTS - 1).fill('CONFLICT'));
      expect((await ctx.ps().list_vendors({})).vendors.filter((v) => v.name.toLowerCase() === `race_vendor_${round}`)).toHaveLength(1);
    }
  });

  it('never lets two agents claim the same item', async () => {
    const parent = await ctx.ps().create_work_item({ item_type: 'project', title: 'claims', metadata: { description: 'race' } });
    const tasks: WorkItem[] = [];
    for (let i = 0; i < 10; i++) tasks.push(await ctx.ps().create_work_item({ item_type: 'task', title: `claim ${i}`, parent_id: parent.id }));
    for (const task of tasks) {
      const results = await Promise.allSettled(clients.map((client, i) => client.claim_work_item({ id: task.id, assignee: `agent-${i}` })));
      const won = results.filter((r): r is PromiseFulfilledResult<WorkItem> => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.code === 'CONFLICT')).toBe(true);
      const final = (await ctx.ps().query_work_item({ id: task.id })).item;
      expect(final.assignee).toBe(won[0]!.value.assignee);
      expect(final.version).toBe(2);
    }
  });

  it('keeps the dependency graph acyclic when clients add opposite edges at once', async () => {
    for (let round = 0; round < 5; round++) {
      const a = await ctx.ps().create_work_item({ item_type: 'task', title: `cyc-a-${round}` });
      const b = await ctx.ps().create_work_item({ item_type: 'task', title: `cyc-b-${round}` });
      const results = await Promise.allSettled([
        clients[0]!.add_dependency({ source_id: a.id, target_id: b.id, dependency_type: 'blocks' }),
        clients[1]!.add_dependency({ source_id: b.id, target_id: a.id, dependency_type: 'blocks' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const detail = await ctx.ps().query_work_item({ id: a.id });
      expect(detail.dependencies.waits_for.length + detail.dependencies.blocks.length).toBe(1);
    }
  });
});
