import { afterAll, beforeAll, expect, it } from 'vitest';
import { createProject, describeEngine, jsonError, run, type Project } from '../helpers.js';

interface Item {
  id: string;
  title: string;
  version: number;
  parent_id: string | null;
}

/** A lone UTF-16 surrogate: half of an emoji. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

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

    it('takes every word after -- as an argument, even one starting with "-"', async () => {
      // Flags go before the --: after it, --json and --database-url would be arguments too.
      const dashed = (words: string[], operands: string[], json = true) => run([...words, ...(json ? ['--json'] : []), ...p.flags, '--', ...operands], { cwd: p.dir });
      const parse = <T>(r: { code: number; stdout: string; stderr: string }): T => {
        expect(r.code, r.stderr).toBe(0);
        return JSON.parse(r.stdout) as T;
      };
      const task = await p.json<Item>('work', 'create', 'task', 'Dash note');
      expect(parse<{ text: string }>(await dashed(['work', 'note', task.id], ['- finished parser'])).text).toBe('- finished parser');
      // A flag-looking word after -- is text too.
      expect(parse<{ text: string }>(await dashed(['work', 'note', task.id], ['--help'])).text).toBe('--help');
      expect(parse<{ name: string }>(await dashed(['vendor', 'create'], ['-lead'])).name).toBe('-lead');
      const shown = await dashed(['vendor', 'show'], ['-lead'], false);
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).toMatch(/name\s+-lead/);
      const extra = await dashed(['work', 'note', task.id], ['a', '-b', '--json'], false);
      expect(extra.code).toBe(64);
      expect(extra.stderr).toContain('too many arguments: "-b"');
      expect((await p.json<{ item: Item; notes: unknown[] }>('work', 'show', task.id)).notes).toHaveLength(2);
    });

    it('refuses a whole number written as 2.0 or 1e1, as the HTTP query string does, and changes nothing', async () => {
      const task = await p.json<Item>('work', 'create', 'task', 'Numbers');
      for (const text of ['2.0', '1e1']) {
        const r = await p.cli('work', 'update', task.id, '--priority', text, '--json');
        expect(r.code, text).toBe(2);
        expect(jsonError(r).message).toContain(`--priority expects a whole number, got "${text}": digits only, such as 3`);
      }
      expect((await p.json<{ item: Item }>('work', 'show', task.id)).item.version).toBe(1);
    });

    it('cuts a long emoji title in a table between characters', async () => {
      await p.json('work', 'create', 'task', `${'🚀'.repeat(40)} liftoff`);
      const r = await p.cli('work', 'list');
      expect(r.code).toBe(0);
      expect(r.stdout).not.toContain('\ufffd');
      expect(r.stdout).not.toMatch(LONE_SURROGATE);
      expect(r.stdout).toMatch(/🚀…/);
    });
  });
}
