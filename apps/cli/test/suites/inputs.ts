import { afterAll, beforeAll, expect, it } from 'vitest';
import { createProject, describeEngine, type Project } from '../helpers.js';

interface Item {
  id: string;
  title: string;
  version: number;
  parent_id: string | null;
}

/** Input as people type it at the shell: ids in capitals, words starting with "-", numbers, emoji. */
export function inputsSuite(engine: 'sqlite' | 'postgres'): void {
  describeEngine(engine, 'typed input at the shell', () => {
    let p: Project;
    beforeAll(async () => {
      p = await createProject(engine, 'cli-inputs');
    });
    afterAll(async () => {
      await p?.drop();
    });

    it('takes a UUID in capitals wherever an id is typed', async () => {
      const parent = await p.json<Item>('work', 'create', 'project', 'Upper parent', '--description', 'd');
      const child = await p.json<Item>('work', 'create', 'task', 'Upper child', '--parent', parent.id.toUpperCase());
      expect(child.parent_id).toBe(parent.id);
      const other = await p.json<Item>('work', 'create', 'task', 'Upper other');
      const shown = await p.json<{ item: Item }>('work', 'show', child.id.toUpperCase());
      expect(shown.item.id).toBe(child.id);
      await p.json('work', 'deps', 'add', other.id.toUpperCase(), 'blocks', child.id.toUpperCase());
      await p.json('work', 'update', child.id.toUpperCase(), '--title', 'Upper child renamed');
      const history = await p.json<{ entries: { entity_id: string; action: string }[] }>('history', 'work_item', child.id.toUpperCase());
      expect(history.entries.map((e) => e.action)).toEqual(['update', 'link', 'create']);
      expect(history.entries.every((e) => e.entity_id === child.id)).toBe(true);
    });
  });
}
