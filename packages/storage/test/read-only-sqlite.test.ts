import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError } from '@project-status/core';
import { openProjectStatus } from '../src/open/open.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A project with one work item in its default SQLite database. */
async function project(): Promise<{ root: string; file: string; id: string }> {
  const root = mkdtempSync(join(tmpdir(), 'ps-readonly-'));
  roots.push(root);
  const ps = await openProjectStatus({ root, clientId: 'owner' });
  const item = await ps.create_work_item({ item_type: 'project', title: 'Kept', metadata: { description: 'd' } });
  await ps.close();
  return { root, file: join(root, '.project-status', 'status.db'), id: item.id };
}

const built = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/index.js');
const NOBODY = 65534;
/** Root ignores file modes, so the real check runs as another user. */
const asOtherUser = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0 && existsSync(built);

/** Runs a read and a write as `nobody` against the project, through the built library. */
function readAndWriteAsNobody(root: string): { read?: string[]; readError?: string; write?: { code: string; message: string; details: Record<string, unknown> } } {
  const script = `
    const { openProjectStatus } = await import(${JSON.stringify(built)});
    const out = {};
    try {
      const ps = await openProjectStatus({ root: ${JSON.stringify(root)} });
      out.read = (await ps.list_work_items({})).items.map((i) => i.title);
      try { await ps.create_work_item({ item_type: 'project', title: 'New', metadata: { description: 'd' } }); out.write = { code: 'none' }; }
      catch (e) { out.write = { code: e.code, message: e.message, details: e.details }; }
      await ps.close();
    } catch (e) { out.readError = e.message; }
    console.log(JSON.stringify(out));`;
  const run = spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, '--input-type=module', '-e', script], { encoding: 'utf8', cwd: '/' });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!);
}

describe('a read-only SQLite database', () => {
  it('opened read-only answers reads and refuses every write with a non-retryable error naming the file', async () => {
    const { root, file, id } = await project();
    const ps = await openProjectStatus({ root, readOnly: true });
    expect((await ps.list_work_items({})).items.map((i) => i.id)).toEqual([id]);
    expect((await ps.health_check({})).healthy).toBe(true);
    const error = await ps.create_work_item({ item_type: 'project', title: 'New', metadata: { description: 'd' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).details).toEqual({ reason: 'read_only', path: file });
    expect((error as ConflictError).message).toContain(`the SQLite database ${file} is read-only`);
    expect((error as ConflictError).message).toContain('chmod u+w');
    await expect(ps.update_work_item({ id, version: 1, title: 'Changed' })).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'read_only' } });
    await ps.close();
    const again = await openProjectStatus({ root });
    expect((await again.list_work_items({})).items.map((i) => i.title)).toEqual(['Kept']);
    await again.close();
  });

  it.skipIf(!asOtherUser)('with chmod 0444 in a folder the user may write: reads work, writes say read-only', async () => {
    const { root, file } = await project();
    chmodSync(root, 0o755);
    for (const p of [join(root, '.project-status'), file]) chownSync(p, NOBODY, NOBODY);
    chmodSync(file, 0o444);
    const result = readAndWriteAsNobody(root);
    expect(result.readError).toBeUndefined();
    expect(result.read).toEqual(['Kept']);
    expect(result.write).toMatchObject({ code: 'CONFLICT', details: { reason: 'read_only', path: file } });
  });

  it.skipIf(!asOtherUser)('with chmod 0444 in a folder the user may not write either: reads still work', async () => {
    const { root, file } = await project();
    chmodSync(root, 0o755);
    chmodSync(join(root, '.project-status'), 0o755);
    chmodSync(file, 0o444);
    const result = readAndWriteAsNobody(root);
    expect(result.readError).toBeUndefined();
    expect(result.read).toEqual(['Kept']);
    expect(result.write).toMatchObject({ code: 'CONFLICT', details: { reason: 'read_only', path: file } });
  });
});
