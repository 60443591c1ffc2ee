import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from './helpers.js';

const dirs: string[] = [];

/** A fresh project directory; with `clientId`, its `.project-status/config.json` names that client. */
function project(clientId?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ps-cli-client-'));
  dirs.push(dir);
  mkdirSync(join(dir, '.project-status'), { recursive: true });
  if (clientId !== undefined) writeFileSync(join(dir, '.project-status', 'config.json'), JSON.stringify({ clientId }));
  return dir;
}

/** Creates a task in `dir` the way a user would and returns who the store recorded as its creator. */
async function createdBy(dir: string, args: string[] = [], env: Record<string, string> = {}): Promise<string> {
  const r = await run(['work', 'create', 'task', 'Who made me', '--json', ...args], { cwd: dir, env });
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { created_by: string }).created_by;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the client id of the project-status binary [sqlite]', { timeout: 120_000 }, () => {
  it('records clientId from .project-status/config.json when neither the flag nor the environment names one', async () => {
    expect(await createdBy(project('cfg-bot'))).toBe('cfg-bot');
  });

  it('lets PROJECT_STATUS_CLIENT_ID win over config.json', async () => {
    expect(await createdBy(project('cfg-bot'), [], { PROJECT_STATUS_CLIENT_ID: 'env-bot' })).toBe('env-bot');
  });

  it('lets --client-id win over the environment and config.json', async () => {
    expect(await createdBy(project('cfg-bot'), ['--client-id', 'flag-bot'], { PROJECT_STATUS_CLIENT_ID: 'env-bot' })).toBe('flag-bot');
  });

  it('records "cli" when nobody names a client', async () => {
    expect(await createdBy(project())).toBe('cli');
  });

  it('uses config.json for `call` too', async () => {
    const r = await run(['call', 'create_work_item', '{"item_type":"task","title":"by call"}', '--json'], { cwd: project('cfg-bot') });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { created_by: string }).created_by).toBe('cfg-bot');
  });

  it('states the precedence in --help', async () => {
    const r = await run(['work', 'create', '--help'], { cwd: project() });
    // yargs wraps the description to the terminal width.
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('(default: $PROJECT_STATUS_CLIENT_ID, then "clientId" in .project-status/config.json, then "cli")');
    const top = await run(['--help'], { cwd: project() });
    expect(top.stdout.replace(/\s+/g, ' ')).toContain('`--client-id` wins over it, and it wins over `clientId` in `.project-status/config.json` (default `cli`)');
  });
});
