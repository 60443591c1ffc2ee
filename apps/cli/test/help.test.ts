import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalog, type Operation } from '@project-status/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_TABLE, GROUPS } from '../src/commands/table.js';
import { shellTokens } from '../src/output/help-examples.js';
import { run, type RunResult } from './helpers.js';

const operations = catalog as unknown as Record<string, Operation>;
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** Runs many commands, a few at a time (each is a node process). */
async function runAll(commands: string[][], cwd: string, concurrency = 4): Promise<RunResult[]> {
  const results: RunResult[] = new Array(commands.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < commands.length) {
        const i = next++;
        results[i] = await run(commands[i] ?? [], { cwd });
      }
    }),
  );
  return results;
}

describe('the binary without a database', { timeout: 120_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ps-cli-help-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints help with examples and the exit codes for every command and group', { timeout: 300_000 }, async () => {
    const leaves = COMMAND_TABLE.filter((l) => operations[l.operation]).map((l) => [...l.words]);
    const commands = [...leaves, ...Object.keys(GROUPS).map((g) => g.split(' ')), ['init'], ['migrate'], ['call']];
    const results = await runAll(commands.map((c) => [...c, '--help']), dir);
    commands.forEach((words, i) => {
      const r = results[i] as RunResult;
      expect(r.code, `${words.join(' ')} --help: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain(`project-status ${words.join(' ')}`);
      if (!GROUPS[words.join(' ')]) {
        expect(r.stdout, words.join(' ')).toContain('Examples:');
        // Examples break between shell words only, so each word (a JSON value too) is printed whole.
        const line = COMMAND_TABLE.find((l) => l.words.join(' ') === words.join(' '));
        for (const [example] of line?.examples ?? []) for (const token of shellTokens(example)) expect(r.stdout, `${words.join(' ')}: ${token}`).toContain(token);
        // yargs wraps the epilog to the terminal width.
        expect(r.stdout.replace(/\s+/g, ' '), words.join(' ')).toContain('Exit codes: 0 ok, 1 unexpected, 2 validation, 3 not found, 4 version conflict, 5 conflict, 6 database, 64 usage.');
      }
    });
    // Help never opens (and so never creates) a database.
    expect(existsSync(join(dir, '.project-status'))).toBe(false);
  });

  it('derives flag help from the operation schema and the catalog', async () => {
    const r = await run(['work', 'create', '--help'], { cwd: dir });
    expect(r.stdout).toContain(catalog.create_work_item.description.slice(0, 60));
    expect(r.stdout).toMatch(/--token-budget\s+metadata\.token_budget \(session\); integer 1000–1000000/);
    expect(r.stdout).toMatch(/--labels, --label\s+each up to 50 chars; repeat the flag for several/);
    expect(r.stdout).toMatch(/--parent-id, --parent\s+a work item id: UUID, short id, or a prefix of it; "null" clears it/);
  });

  it('lists every command group, the exit codes and the environment in the top-level help', async () => {
    const r = await run(['--help'], { cwd: dir });
    expect(r.code).toBe(0);
    for (const group of ['init', 'migrate', 'work', 'vendor', 'deploy', 'config', 'enhancement', 'history', 'health', 'call', 'completion']) expect(r.stdout).toContain(`project-status ${group}`);
    expect(r.stdout).toMatch(/^ {3}4 {2}it changed since you read it/m);
    expect(r.stdout).toMatch(/^ {2}64 {2}unknown command or flag/m);
    expect(r.stdout).toContain('PROJECT_STATUS_DATABASE_URL');
  });

  it('prints its version and a shell completion script', async () => {
    const [version, completion] = await Promise.all([run(['--version'], { cwd: dir }), run(['completion'], { cwd: dir })]);
    expect(version).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    expect(completion.code).toBe(0);
    expect(completion.stdout).toContain('project-status --get-yargs-completions');
  });

  it('completes command words for the shell', async () => {
    const r = await run(['--get-yargs-completions', 'work', 'de'], { cwd: dir });
    expect(r.stdout.split('\n')).toContain('delete');
    expect(r.stdout.split('\n')).toContain('deps');
  });

  it('exits with the database code when PostgreSQL cannot be reached, without touching the project', async () => {
    const r = await run(['vendor', 'list', '--database-url', 'postgres://nobody:secret@127.0.0.1:1/none'], { cwd: dir });
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('postgres://nobody:***@127.0.0.1:1/none');
    expect(r.stderr).not.toContain('secret');
    expect(r.stderr).toContain('project-status health');
    expect(existsSync(join(dir, '.project-status'))).toBe(false);
  });

  it('names a missing argument and points to --help', async () => {
    const [show, deps, call, group] = await runAll([['work', 'show'], ['work', 'deps', 'add', 'a-id'], ['call'], ['vendor']], dir);
    for (const r of [show, deps, call, group]) expect(r?.code).toBe(64);
    expect(show?.stderr).toBe('error: missing argument <id> (usage: project-status work show <id>)\nnext: run `project-status work show --help` for the commands, arguments and flags\n');
    expect(deps?.stderr).toContain('missing arguments <dependency_type> <target_id> (usage: project-status work deps add <source_id> <dependency_type> <target_id>)');
    expect(call?.stderr).toContain('missing argument <operation>');
    expect(group?.stderr).toContain('missing <command>: say which "vendor" command to run: create, show, update, list');
    expect(existsSync(join(dir, '.project-status'))).toBe(false);
  });

  it('suggests the closest command for a typo, at any level', async () => {
    const [vendr, shw, wrok, migrat, far] = await runAll([['vendr', 'list'], ['work', 'shw', 'x'], ['wrok', 'ready'], ['migrat'], ['frobnicate']], dir);
    expect(vendr?.code).toBe(64);
    expect(vendr?.stderr).toContain('Unknown command: vendr (did you mean vendor?)');
    expect(vendr?.stderr).toContain('`project-status --help`');
    expect(shw?.stderr).toContain('Unknown command: work shw (did you mean work show?)');
    expect(shw?.stderr).toContain('`project-status work --help`');
    expect(wrok?.stderr).toContain('did you mean work?');
    expect(migrat?.stderr).toContain('did you mean migrate?');
    // Nothing close: the choices instead of a guess.
    expect(far?.stderr).toContain('Unknown command: frobnicate; say which command to run: init, migrate, work,');
  });

  it('suggests the closest flag, and calls surplus words too many arguments', async () => {
    const [flag, words] = await runAll([['import', 'legacy.md', '--dryrun'], ['work', 'create', 'task', 'Write', 'the', 'importer']], dir);
    expect(flag?.code).toBe(64);
    expect(flag?.stderr).toContain('Unknown argument: dryrun (did you mean --dry-run?)');
    expect(words?.code).toBe(64);
    expect(words?.stderr).toContain('too many arguments: "the", "importer" (usage: project-status work create <item_type> <title>; quote a value that contains spaces)');
    expect(existsSync(join(dir, '.project-status'))).toBe(false);
  });

  it('rejects bad JSON before it creates any database', async () => {
    const r = await run(['work', 'create', 'task', 'x', '--metadata', '{oops'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(existsSync(join(dir, '.project-status'))).toBe(false);
  });

  it('colours output only when asked to when stdout is not a terminal', async () => {
    const env = { FORCE_COLOR: '1' };
    const plain = await run(['vendor', 'list', '--root', dir], { cwd: dir });
    const [coloured, off] = await Promise.all([
      run(['vendor', 'list', '--root', dir], { cwd: dir, env }),
      run(['vendor', 'list', '--root', dir], { cwd: dir, env: { FORCE_COLOR: '0' } }),
    ]);
    expect(plain.stdout).not.toContain('\u001b[');
    expect(coloured.stdout).toContain('\u001b[');
    expect(off.stdout).not.toContain('\u001b[');
  });
});
