import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createProjectFiles } from '../src/files/project-files.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'ps-atomic-'));
  roots.push(root);
  return root;
}

const built = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/index.js');
const strace = spawnSync('strace', ['-V']).status === 0;

/**
 * The system calls of one `writeTextAtomic` in a child process, as strace saw
 * them: `{ call, path }` in order, with file descriptors resolved to the
 * paths they were opened on. Lines strace split across threads
 * (`<unfinished ...>` / `<... resumed>`) are joined first.
 */
function tracedWrite(root: string, path: string): { call: string; path: string }[] {
  const log = join(root, 'strace.log');
  const script = `const { createProjectFiles } = await import(${JSON.stringify(built)}); await createProjectFiles(${JSON.stringify(root)}).writeTextAtomic(${JSON.stringify(path)}, 'report\\n');`;
  const run = spawnSync('strace', ['-f', '-qq', '-o', log, '-e', 'trace=openat,fsync,fdatasync,rename,renameat,renameat2', process.execPath, '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  const pending = new Map<string, string>();
  const calls: string[] = [];
  for (const raw of readFileSync(log, 'utf8').split('\n')) {
    const m = /^(\d+)\s+(.*)$/.exec(raw);
    if (!m) continue;
    const [, pid, rest] = m as unknown as [string, string, string];
    if (rest.endsWith('<unfinished ...>')) pending.set(pid, rest.replace(/\s*<unfinished \.\.\.>$/, ''));
    else if (rest.startsWith('<...')) {
      calls.push(`${pending.get(pid) ?? ''}${rest.replace(/^<\.\.\. \w+ resumed>\s*/, '')}`);
      pending.delete(pid);
    } else calls.push(rest);
  }
  const fds = new Map<string, string>();
  const out: { call: string; path: string }[] = [];
  for (const line of calls) {
    const open = /^openat\(AT_FDCWD, "([^"]+)".*= (\d+)$/.exec(line);
    if (open) fds.set(open[2]!, open[1]!);
    const sync = /^f(?:data)?sync\((\d+)\)\s*= 0/.exec(line);
    if (sync) out.push({ call: 'fsync', path: fds.get(sync[1]!) ?? `fd ${sync[1]}` });
    const ren = /^rename(?:at2?)?\((?:AT_FDCWD, )?"([^"]+)", (?:AT_FDCWD, )?"([^"]+)".*= 0/.exec(line);
    if (ren) out.push({ call: 'rename', path: `${ren[1]} -> ${ren[2]}` });
  }
  return out.filter((c) => c.path.startsWith(root));
}

describe('the atomic file write of report and export', () => {
  it('replaces the file whole and leaves no temp file behind', async () => {
    const root = project();
    const files = createProjectFiles(root);
    await files.writeTextAtomic('docs/report.md', 'one');
    await files.writeTextAtomic('docs/report.md', 'two');
    expect(readFileSync(join(root, 'docs', 'report.md'), 'utf8')).toBe('two');
    expect(readdirSync(join(root, 'docs'))).toEqual(['report.md']);
  });

  it.skipIf(!strace || !existsSync(built))('fsyncs the data before the rename and the folder after it', () => {
    const root = project();
    const folder = join(root, 'docs');
    const calls = tracedWrite(root, 'docs/report.md');
    const rename = calls.findIndex((c) => c.call === 'rename' && c.path.endsWith(' -> ' + join(folder, 'report.md')));
    expect(rename, JSON.stringify(calls)).toBeGreaterThan(0);
    const tmp = calls[rename]!.path.split(' -> ')[0]!;
    expect(calls.slice(0, rename), 'the temp file is fsynced before the rename').toContainEqual({ call: 'fsync', path: tmp });
    expect(calls.slice(rename + 1), 'the folder is fsynced after the rename').toContainEqual({ call: 'fsync', path: folder });
  });
});
