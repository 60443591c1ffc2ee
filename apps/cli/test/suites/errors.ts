import { afterAll, beforeAll, expect, it } from 'vitest';
import { createProject, describeEngine, jsonError, type Project } from '../helpers.js';

interface Item {
  id: string;
  title: string;
  version: number;
}

/** Every error kind reaches the shell as its own exit code, with a next step, and changes nothing. */
export function errorsSuite(engine: 'sqlite' | 'postgres'): void {
  describeEngine(engine, 'errors at the shell', () => {
    let p: Project;
    let task: Item;
    const count = async () => (await p.json<{ total_count: number }>('work', 'list', '--deleted')).total_count;

    beforeAll(async () => {
      p = await createProject(engine, 'cli-errors');
      task = await p.json<Item>('work', 'create', 'task', 'Contested task');
    });
    afterAll(async () => {
      await p?.drop();
    });

    it('lets exactly one of two shells win an update made with the same --version', async () => {
      const [a, b] = await Promise.all([
        p.cli('work', 'update', task.id, '--version', '1', '--title', 'Title from shell A'),
        p.cli('work', 'update', task.id, '--version', '1', '--title', 'Title from shell B'),
      ]);
      expect([a.code, b.code].sort()).toEqual([0, 4]);
      const loser = a.code === 4 ? a : b;
      const winnerTitle = a.code === 0 ? 'Title from shell A' : 'Title from shell B';
      expect(loser.stderr).toContain(`re-run \`project-status work show ${task.id}\``);
      expect(loser.stderr).toContain('retry with --version 2');
      const after = await p.json<{ item: Item }>('work', 'show', task.id);
      expect(after.item).toMatchObject({ title: winnerTitle, version: 2 });
    });

    it('reports a version conflict as JSON on stderr for scripts', async () => {
      const r = await p.cli('work', 'update', task.id, '--version', '1', '--status', 'blocked', '--json');
      expect(r.code).toBe(4);
      expect(r.stdout).toBe('');
      const error = jsonError(r);
      expect(error).toMatchObject({ code: 'VERSION_CONFLICT', exit_code: 4, details: { expected_version: 1, current_version: 2 } });
      expect(error.next).toContain('--version 2');
    });

    it('rejects an invalid UUID with the validation code and writes nothing', async () => {
      const [show, create, deps] = await Promise.all([
        p.cli('work', 'show', 'not-a-uuid'),
        p.cli('work', 'create', 'task', 'Child', '--parent', '12-34'),
        p.cli('work', 'deps', 'add', task.id, 'blocks', 'also-not-a-uuid', '--json'),
      ]);
      expect(show.code).toBe(2);
      expect(show.stderr).toContain('must be a work item id');
      expect(show.stderr).toContain('next: fix the value(s) above (<id>); `project-status work show --help`');
      expect(create.code).toBe(2);
      expect(create.stderr).toContain('parent_id');
      expect(deps.code).toBe(2);
      expect(jsonError(deps).details.issues).toEqual([expect.objectContaining({ path: 'target_id' })]);
      // The suite's only item is still the only one.
      expect(await count()).toBe(1);
    });

    it('names the flags to fix when a field the schema requires is missing or out of range, and writes nothing', async () => {
      const [project, session, labels] = await Promise.all([
        p.cli('work', 'create', 'project', 'No description'),
        p.cli('work', 'create', 'session', 'Tiny budget', '--token-budget', '5', '--prompts-count', '1'),
        p.cli('work', 'create', 'task', 'Empty label', '--labels', ''),
      ]);
      expect(project.code, project.stderr).toBe(2);
      // The error speaks in field paths; the next step in what to type at the shell.
      expect(project.stderr).toContain('metadata.description: required');
      expect(project.stderr).toContain('next: fix the value(s) above (--description); `project-status work create --help`');
      expect(session.code, session.stderr).toBe(2);
      expect(session.stderr).toContain('next: fix the value(s) above (--token-budget, --yaml-frontmatter);');
      expect(labels.code, labels.stderr).toBe(2);
      expect(labels.stderr).toContain('(--labels)');
      expect(await count()).toBe(1);
    });

    it('names the flag that holds bad JSON or a bad number, and writes nothing', async () => {
      const [json, nested, number, unknownKey] = await Promise.all([
        p.cli('work', 'create', 'task', 'Broken', '--metadata', '{"estimated_hours":'),
        p.cli('vendor', 'create', 'broken-vendor', '--format-support', 'excel'),
        p.cli('work', 'list', '--limit', 'many'),
        p.cli('work', 'create', 'task', 'Unknown key', '--metadata', '{"colour":"red"}'),
      ]);
      expect(json.code).toBe(2);
      expect(json.stderr).toContain('--metadata is not valid JSON');
      expect(nested.code).toBe(2);
      expect(nested.stderr).toContain('--format-support is not valid JSON');
      expect(number.code).toBe(2);
      expect(number.stderr).toContain('--limit expects a whole number, got "many"');
      expect(unknownKey.code).toBe(2);
      expect(unknownKey.stderr).toContain('colour');
      const [items, vendor] = await Promise.all([count(), p.cli('vendor', 'show', 'broken-vendor')]);
      expect(items).toBe(1);
      expect(vendor.code).toBe(3);
    });

    it('uses the not-found code for unknown ids and names', async () => {
      const [item, vendor] = await Promise.all([p.cli('work', 'show', '01a20000-0000-7000-8000-000000000000'), p.cli('vendor', 'show', 'nobody')]);
      expect(item.code).toBe(3);
      expect(vendor.code).toBe(3);
      expect(vendor.stderr).toContain('next: check the id or name');
    });

    it('uses the conflict code for a vendor name taken in another letter case, and keeps the first', async () => {
      expect((await p.cli('vendor', 'create', 'Acme')).code).toBe(0);
      const dup = await p.cli('vendor', 'create', 'ACME', '--extractor-version', '9.9.9');
      expect(dup.code).toBe(5);
      expect(dup.stderr).toContain('already exists');
      const list = await p.json<{ vendors: { name: string; extractor_version: string }[] }>('vendor', 'list');
      expect(list.vendors).toEqual([expect.objectContaining({ name: 'Acme', extractor_version: '0.0.0' })]);
    });

    it('uses the usage code for unknown commands, unknown flags and missing arguments', async () => {
      const [command, flag, missing, group] = await Promise.all([
        p.cli('work', 'explode'),
        p.cli('work', 'list', '--colour', 'red'),
        p.cli('work', 'show'),
        p.cli('vendor'),
      ]);
      for (const r of [command, flag, missing, group]) expect(r.code).toBe(64);
      expect(flag.stderr).toContain('Unknown argument: colour');
      expect(flag.stderr).toContain('`project-status work list --help`');
      expect(missing.stderr).toContain('missing argument <id> (usage: project-status work show <id>)');
      expect(missing.stderr).toContain('`project-status work show --help`');
    });

    it('rejects a yes/no flag given a word other than true or false, names the flag, and writes nothing', async () => {
      const vendor = await p.json<{ version: number; metadata: Record<string, unknown> }>('vendor', 'create', 'flag-vendor', '--manifest-compliant');
      expect(vendor.metadata.manifest_compliant).toBe(true);
      const [spaced, joined, scripted] = await Promise.all([
        p.cli('vendor', 'update', 'flag-vendor', '--manifest-compliant', 'maybe'),
        // yargs alone reads `--flag=anything` as false, which would write the opposite of what was meant.
        p.cli('vendor', 'update', 'flag-vendor', '--manifest-compliant=yes'),
        p.cli('vendor', 'update', 'flag-vendor', '--manifest-compliant', 'maybe', '--json'),
      ]);
      for (const r of [spaced, joined]) {
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toContain('--manifest-compliant takes true or false, or no value for true');
        expect(r.stderr).toContain('next: fix the value(s) above (--manifest-compliant); `project-status vendor update --help`');
      }
      expect(spaced.stderr).toContain('got "maybe"');
      expect(joined.stderr).toContain('got "yes"');
      expect(jsonError(scripted)).toMatchObject({ code: 'VALIDATION_ERROR', exit_code: 2, details: { flag: '--manifest-compliant', accepted: ['true', 'false'], received: 'maybe' } });
      const after = await p.json<{ version: number; metadata: Record<string, unknown> }>('vendor', 'show', 'flag-vendor');
      expect(after).toMatchObject({ version: vendor.version, metadata: { manifest_compliant: true } });
      // The accepted spellings still work.
      expect((await p.json<{ metadata: Record<string, unknown> }>('vendor', 'update', 'flag-vendor', '--manifest-compliant', 'false')).metadata.manifest_compliant).toBe(false);
    });
  });
}
