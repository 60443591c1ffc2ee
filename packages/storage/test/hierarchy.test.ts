import { expect, it } from 'vitest';
import { describeEachEngine } from '../src/testing/index.js';

const session = { token_budget: 5000, prompts_count: 0, yaml_frontmatter: { schema_version: '1' } };

describeEachEngine('hierarchy', (ctx) => {
  it('builds a chain to depth 5 and rejects depth 6', async () => {
    const ps = ctx.ps();
    let parent = await ps.create_work_item({ item_type: 'project', title: 'root', metadata: { description: 'd' } });
    expect(parent.depth).toBe(0);
    const chain = [parent];
    for (let depth = 1; depth <= 5; depth++) {
      parent = await ps.create_work_item({ item_type: depth === 1 ? 'session' : 'task', title: `level ${depth}`, parent_id: parent.id, metadata: depth === 1 ? session : {} });
      chain.push(parent);
      expect(parent.depth).toBe(depth);
      expect(parent.path).toBe('/' + chain.map((c) => c.id).join('/'));
    }
    await expect(ps.create_work_item({ item_type: 'task', title: 'too deep', parent_id: parent.id })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    const detail = await ps.query_work_item({ id: chain[0]!.id });
    let node = detail.descendants[0];
    let levels = 0;
    while (node) {
      levels++;
      node = node.children[0];
    }
    expect(levels).toBe(5);
    const leaf = await ps.query_work_item({ id: parent.id });
    expect(leaf.ancestors.map((a) => a.id)).toEqual(chain.slice(0, 5).map((c) => c.id));
  });

  it('moves a subtree and rewrites every descendant path in one go', async () => {
    const ps = ctx.ps();
    const a = await ps.create_work_item({ item_type: 'project', title: 'A', metadata: { description: 'a' } });
    const b = await ps.create_work_item({ item_type: 'project', title: 'B', metadata: { description: 'b' } });
    const t1 = await ps.create_work_item({ item_type: 'task', title: 't1', parent_id: a.id });
    const t2 = await ps.create_work_item({ item_type: 'task', title: 't2', parent_id: t1.id });
    const moved = await ps.update_work_item({ id: t1.id, version: t1.version, parent_id: b.id });
    expect(moved.path).toBe(`${b.path}/${t1.id}`);
    const child = (await ps.query_work_item({ id: t2.id })).item;
    expect(child.path).toBe(`${b.path}/${t1.id}/${t2.id}`);
    expect(child.depth).toBe(2);
    await expect(ps.update_work_item({ id: b.id, version: b.version, parent_id: t2.id })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(ps.update_work_item({ id: t1.id, version: moved.version, parent_id: t1.id })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
  });

  it('rejects a move that would exceed depth 5', async () => {
    const ps = ctx.ps();
    const deep = [await ps.create_work_item({ item_type: 'project', title: 'deep', metadata: { description: 'd' } })];
    for (let i = 1; i <= 4; i++) deep.push(await ps.create_work_item({ item_type: 'task', title: `d${i}`, parent_id: deep[i - 1]!.id }));
    const sub = await ps.create_work_item({ item_type: 'task', title: 'sub', metadata: {} });
    await ps.create_work_item({ item_type: 'task', title: 'subchild', parent_id: sub.id });
    await expect(ps.update_work_item({ id: sub.id, version: sub.version, parent_id: deep[4]!.id })).rejects.toThrow(/depth 6/);
    const unchanged = (await ps.query_work_item({ id: sub.id })).item;
    expect(unchanged.version).toBe(sub.version);
    expect(unchanged.parent_id).toBeNull();
  });
});
