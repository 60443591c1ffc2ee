import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from './helpers.js';

// The bin is tooling/tsup/bin-launcher.cjs running dist/program.cjs with a V8 code cache.
const builtIn = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
const ourCacheFiles = (dir: string) => readdirSync(dir).filter((f) => /^project-status-[0-9a-f]{32}\.bin$/.test(f));

describe('the bin’s code cache', () => {
  let dir: string;
  let cache: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ps-cli-cache-'));
    cache = join(dir, 'cache');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a cache in NODE_COMPILE_CACHE and answers the same with it', async () => {
    const first = await run(['--version'], { cwd: dir, env: { NODE_COMPILE_CACHE: cache } });
    expect(first.code).toBe(0);
    expect(readdirSync(cache).length).toBeGreaterThan(0);
    const second = await run(['--version'], { cwd: dir, env: { NODE_COMPILE_CACHE: cache } });
    expect(second).toEqual(first);
  });

  it.skipIf(builtIn)('answers with a garbled cache and writes a good one in its place', async () => {
    await run(['--version'], { cwd: dir, env: { NODE_COMPILE_CACHE: cache } });
    const [file] = ourCacheFiles(cache);
    expect(file).toBeDefined();
    writeFileSync(join(cache, file!), 'not a code cache');
    const again = await run(['work', 'list', '--json'], { cwd: dir, env: { NODE_COMPILE_CACHE: cache } });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ total_count: 0 });
    expect(readFileSync(join(cache, file!), 'utf8')).not.toBe('not a code cache');
  });

  it.skipIf(builtIn)('writes the cache again after the first run of each command, so it covers every command in use', async () => {
    const env = { NODE_COMPILE_CACHE: cache };
    expect((await run(['--version'], { cwd: dir, env })).code).toBe(0);
    const [file] = ourCacheFiles(cache);
    const commands = join(cache, file!.replace(/\.bin$/, '.commands'));
    const first = statSync(join(cache, file!)).size;
    expect(readFileSync(commands, 'utf8')).toBe('(none)\n');
    expect((await run(['work', 'list', '--json'], { cwd: dir, env })).code).toBe(0);
    expect(readFileSync(commands, 'utf8')).toBe('(none)\nwork list\n');
    const second = statSync(join(cache, file!));
    // V8 writes what this run compiled and what it read from the cache.
    expect(second.size).toBeGreaterThan(first);
    expect((await run(['work', 'list', '--json'], { cwd: dir, env })).code).toBe(0);
    expect(statSync(join(cache, file!)).mtimeMs).toBe(second.mtimeMs);
    expect(readFileSync(commands, 'utf8')).toBe('(none)\nwork list\n');
  });

  it('writes no cache with NODE_DISABLE_COMPILE_CACHE', async () => {
    const result = await run(['--version'], { cwd: dir, env: { NODE_COMPILE_CACHE: cache, NODE_DISABLE_COMPILE_CACHE: '1' } });
    expect(result.code).toBe(0);
    expect(() => readdirSync(cache)).toThrow(/ENOENT/);
  });

  // Cached code runs as whoever reads it: a file another user could have placed is never used.
  it.skipIf(builtIn || process.getuid?.() !== 0)('ignores a cache file another user owns and replaces it with its own', async () => {
    await run(['--version'], { cwd: dir, env: { NODE_COMPILE_CACHE: cache } });
    const file = join(cache, ourCacheFiles(cache)[0]!);
    chownSync(file, 4242, 4242);
    const result = await run(['--version'], { cwd: dir, env: { NODE_COMPILE_CACHE: cache } });
    expect(result.code).toBe(0);
    expect(statSync(file).uid).toBe(0);
  });
});
