import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createProject, describeEngine, jsonError, type Project } from '../helpers.js';

interface Item {
  id: string;
  short_id: string;
  title: string;
  priority: number;
  version: number;
  assignee: string | null;
  lease_expires_at: string | null;
  close_reason: string | null;
}

/** The agent workflow as an assistant drives it through the spawned CLI, on one engine. */
export function agentWorkflowSuite(engine: 'sqlite' | 'postgres'): void {
  describeEngine(engine, 'agent workflow through the CLI', () => {
    let p: Project;
    let project: Item;

    beforeAll(async () => {
      p = await createProject(engine, 'cli-agents');
      project = await p.json<Item>('work', 'create', 'project', 'Agents', '--description', 'agent workflow');
    });
    afterAll(async () => {
      await p?.drop();
    });

    it('plans in one call, orders ready work by priority and shows short ids', async () => {
      const items = [
        { ref: 'design', item_type: 'task', title: 'Design', priority: 2 },
        { ref: 'build', item_type: 'task', title: 'Build', depends_on: ['design'] },
        { ref: 'urgent', item_type: 'task', title: 'Hotfix', priority: 1 },
      ];
      const plan = await p.json<{ items: (Item & { ref: string })[]; dependencies: number }>('work', 'plan', '--parent', project.short_id, '--items', JSON.stringify(items));
      expect(plan.items.map((i) => i.ref)).toEqual(['design', 'build', 'urgent']);
      const ready = await p.json<{ items: Item[] }>('work', 'ready', '--parent', project.short_id);
      expect(ready.items.map((i) => i.title)).toEqual(['Hotfix', 'Design']);
      const human = await p.cli('work', 'ready', '--parent', project.short_id);
      expect(human.stdout).toMatch(/SHORT ID\s+ITEM TYPE\s+STATUS\s+PRIORITY\s+TITLE/);
      expect(human.stdout).toContain(plan.items[2]!.short_id);

      const cycle = await p.cli('work', 'plan', '--items', JSON.stringify([{ ref: 'a', item_type: 'task', title: 'A', depends_on: ['a'] }]), '--json');
      expect(cycle.code).toBe(2);
      expect(jsonError(cycle).message).toContain('cannot depend on itself');
    });

    it('claims with a lease, notes, lists held work, releases and closes with a reason, all by short id', async () => {
      const { items } = await p.json<{ items: Item[] }>('work', 'ready', '--parent', project.id);
      const hotfix = items[0]!;
      const claimed = await p.json<Item>('work', 'claim', hotfix.short_id, '--lease', '900', '--client-id', 'agent-a');
      expect(claimed.assignee).toBe('agent-a');
      expect(claimed.lease_expires_at).not.toBeNull();
      await p.json('work', 'note', hotfix.short_id.slice(0, 4), 'root cause found', '--client-id', 'agent-a');
      const mine = await p.json<{ items: Item[] }>('work', 'mine', '--client-id', 'agent-a');
      expect(mine.items.map((i) => i.short_id)).toEqual([hotfix.short_id]);
      const released = await p.json<Item>('work', 'release', hotfix.short_id, '--note', 'handing over', '--client-id', 'agent-a');
      expect(released.assignee).toBeNull();
      const done = await p.json<Item>('work', 'update', hotfix.short_id, '--status', 'completed', '--close-reason', 'fixed in #7');
      expect(done.close_reason).toBe('fixed in #7');
      const show = await p.cli('work', 'show', hotfix.short_id);
      expect(show.code, show.stderr).toBe(0);
      expect(show.stdout).toContain('Hotfix');
    });

    it('lists and searches only what someone holds (--held) or nobody holds (--no-held), refusing --held maybe', async () => {
      const parent = await p.json<Item>('work', 'create', 'project', 'Holding', '--description', 'held filter');
      const held = await p.json<Item>('work', 'create', 'task', 'Held gizmo', '--parent', parent.id);
      await p.json<Item>('work', 'create', 'task', 'Free gizmo', '--parent', parent.id);
      await p.json('work', 'claim', held.short_id, '--client-id', 'agent-h');
      type Page = { items: Item[]; total_count: number };
      const titles = (page: Page) => page.items.map((i) => i.title);
      const yes = await p.json<Page>('work', 'list', '--parent', parent.id, '--held');
      expect(titles(yes)).toEqual(['Held gizmo']);
      expect(yes.total_count).toBe(1);
      expect(titles(await p.json<Page>('work', 'list', '--parent', parent.id, '--no-held'))).toEqual(['Free gizmo']);
      expect(titles(await p.json<Page>('work', 'search', 'gizmo', '--held'))).toEqual(['Held gizmo']);
      expect(titles(await p.json<Page>('work', 'search', 'gizmo', '--held=false'))).toEqual(['Free gizmo']);
      const human = await p.cli('work', 'list', '--parent', parent.id, '--held');
      expect(human.stdout).toContain('agent-h');
      expect(human.stdout).not.toContain('Free gizmo');
      const bad = await p.cli('work', 'list', '--held', 'maybe', '--json');
      expect(bad.code).toBe(2);
      expect(jsonError(bad).message).toContain('--held takes true or false');
      expect((await p.cli('work', 'list', '--help')).stdout).toMatch(/--held\s+someone holds it/);
    });

    it('writes the agents section idempotently without touching the text around it', async () => {
      const file = join(p.dir, 'CLAUDE.md');
      writeFileSync(file, '# My project\n\nUser notes above.\n');
      const first = await p.json<{ files: { action: string; path: string }[] }>('agents');
      expect(first.files.map((f) => [f.action, f.path])).toEqual([['updated', file]]);
      const once = readFileSync(file, 'utf8');
      expect(once.startsWith('# My project\n\nUser notes above.\n\n<!-- project-status:agents:start')).toBe(true);
      writeFileSync(file, `${once}\n## After\nUser notes below.\n`);
      const around = readFileSync(file, 'utf8');
      const second = await p.json<{ files: { action: string }[] }>('agents');
      expect(second.files.map((f) => f.action)).toEqual(['unchanged']);
      expect(readFileSync(file, 'utf8')).toBe(around);
      // A stale section between the markers is replaced; the user's text stays byte for byte.
      writeFileSync(file, around.replace('Several assistants share', 'OLD TEXT'));
      expect((await p.json<{ files: { action: string }[] }>('agents')).files.map((f) => f.action)).toEqual(['updated']);
      expect(readFileSync(file, 'utf8')).toBe(around);
    });

    it('primes a session of a 1 200-item project in at most 600 tokens', async () => {
      for (let batch = 0; batch < 6; batch++) {
        const items = Array.from({ length: 200 }, (_, i) => ({ ref: `b${batch}i${i}`, item_type: 'task', title: `Migrate extractor module ${batch}-${i} to the new ledger API`, priority: 1 + (i % 5) }));
        await p.json('work', 'plan', '--parent', project.id, '--items', JSON.stringify(items));
      }
      const { items } = await p.json<{ items: Item[] }>('work', 'ready', '--limit', '3');
      await p.json('work', 'claim', items[0]!.short_id, '--lease', '1800', '--client-id', 'agent-b');
      const r = await p.cli('prime', '--client-id', 'agent-b');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('# Session context for agent-b');
      expect(r.stdout).toMatch(/## You hold \(1\)\n- [0-9a-z]+ P1 task/);
      expect(r.stdout).toContain('## Ready (8+)');
      expect(Math.ceil(r.stdout.length / 4)).toBeLessThanOrEqual(600);
    });

    it('explains an ambiguous short id prefix with its candidates, and a prefix that names nothing', async () => {
      // 1 200 short ids share some 3-character prefixes (about 20 pairs are expected): find one.
      // A few processes at a time: thirteen at once can exhaust a shared PostgreSQL's connections.
      const pages: { items: Item[] }[] = [];
      for (let i = 0; i < 13; i += 4) {
        pages.push(...(await Promise.all([i, i + 1, i + 2, i + 3].filter((n) => n < 13).map((n) => p.json<{ items: Item[] }>('work', 'list', '--limit', '100', '--offset', String(n * 100))))));
      }
      const seen = new Map<string, Item>();
      let pair: [Item, Item] | undefined;
      for (const item of pages.flatMap((page) => page.items)) {
        const other = seen.get(item.short_id.slice(0, 3));
        if (other) pair = [other, item];
        seen.set(item.short_id.slice(0, 3), item);
      }
      expect(pair).toBeDefined();
      const prefix = pair![0].short_id.slice(0, 3);
      const r = await p.cli('work', 'show', prefix, '--json');
      expect(r.code).toBe(2);
      const error = jsonError(r);
      expect(error.code).toBe('VALIDATION_ERROR');
      expect(error.message).toContain(`"${prefix}" is ambiguous`);
      for (const item of pair!) expect(error.message).toContain(item.short_id);
      expect((await p.json<{ item: Item }>('work', 'show', pair![1].short_id)).item.id).toBe(pair![1].id);

      const none = await p.cli('work', 'show', 'zzzzzzzzzz', '--json');
      expect(none.code).toBe(3);
      expect(jsonError(none).code).toBe('NOT_FOUND');
    });
  });
}
