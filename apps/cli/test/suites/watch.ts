import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI, createProject, describeEngine, jsonError, type Project } from '../helpers.js';

/** A running `project-status watch`: its stdout lines as they arrive, and a way to interrupt it. */
function startWatch(p: Project, ...args: string[]) {
  const child = spawn(process.execPath, [CLI, 'watch', ...args, ...p.flags], { cwd: p.dir, env: { PATH: process.env.PATH ?? '', HOME: p.dir }, stdio: 'pipe' });
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  let out = '';
  let err = '';
  child.stdout.on('data', (c: string) => (out += c));
  child.stderr.on('data', (c: string) => (err += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    stderr: () => err,
    /** Resolves once `n` complete lines have been printed. */
    async lines(n: number): Promise<string[]> {
      for (let waited = 0; waited < 60_000; waited += 20) {
        const lines = out.split('\n').filter(Boolean);
        if (lines.length >= n) return lines;
        if (child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`watch printed ${out.split('\n').filter(Boolean).length} of ${n} lines; stderr:\n${err}`);
    },
    /** Ready once the watch has said where it starts. */
    async started(): Promise<void> {
      for (let waited = 0; waited < 60_000 && !/watching/.test(err); waited += 20) await new Promise((r) => setTimeout(r, 20));
    },
    interrupt: () => {
      child.kill('SIGINT');
      return exited;
    },
  };
}

/** `project-status watch` and `changes` on one engine: a real watcher process, writes from other processes. */
export function watchSuite(engine: 'sqlite' | 'postgres'): void {
  describeEngine(engine, 'project-status watch', () => {
    let p: Project;
    beforeAll(async () => {
      p = await createProject(engine, 'cli_watch');
      await p.json('init');
    });
    afterAll(async () => p?.drop());

    it('streams changes other processes commit as JSON Lines until interrupted, and resumes with --after', async () => {
      const watch = startWatch(p, '--type', 'work_item', '--json');
      await watch.started();
      expect(JSON.parse(watch.stderr())).toEqual({ watching: { after: expect.any(Number) } });
      const a = await p.json<{ id: string }>('work', 'create', 'task', 'first');
      await p.json('vendor', 'create', 'skipped-vendor');
      const b = await p.json<{ id: string; version: number }>('work', 'create', 'task', 'second');
      const lines = (await watch.lines(2)).map((l) => JSON.parse(l) as { seq: number; entity_id: string; action: string });
      expect(lines.map((c) => [c.entity_id, c.action])).toEqual([
        [a.id, 'create'],
        [b.id, 'create'],
      ]);
      expect(lines[1]!.seq).toBeGreaterThan(lines[0]!.seq);
      expect(await watch.interrupt()).toBe(0);

      // Written while nobody watched: --after the last line picks up exactly there.
      await p.json('work', 'update', b.id, '--title', 'second, renamed');
      const resumed = startWatch(p, '--json', '--after', String(lines[1]!.seq));
      const [next, ...rest] = (await resumed.lines(1)).map((l) => JSON.parse(l) as { entity_id: string; action: string; version: number });
      expect(next).toMatchObject({ entity_id: b.id, action: 'update', version: 2 });
      expect(rest).toEqual([]);
      expect(await resumed.interrupt()).toBe(0);
    });

    it('prints one readable line per change without --json', async () => {
      const watch = startWatch(p);
      await watch.started();
      const item = await p.json<{ id: string }>('work', 'create', 'task', 'human');
      const [line] = await watch.lines(1);
      expect(line).toMatch(new RegExp(`^#\\d+ \\S+Z work_item ${item.id} create v1 by cli$`));
      expect(await watch.interrupt()).toBe(0);
    });

    it('refuses a garbage or stale cursor with a validation error before streaming', async () => {
      for (const after of ['soon', '-1', '99999999']) {
        const r = await p.cli('watch', '--after', after, '--json');
        expect(r.code).not.toBe(0);
        expect(jsonError(r).code).toBe('VALIDATION_ERROR');
      }
      const page = await p.json<{ changes: unknown[]; head: number }>('changes', '--after', '0', '--limit', '2');
      expect(page.changes).toHaveLength(2);
    });
  });
}
