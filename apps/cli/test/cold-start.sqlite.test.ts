/**
 * What a cold `project-status work ready` must not do, checked by what it
 * loads and builds — never by how long it takes (timings live in
 * bench/src/cli-cold-start.ts). Each of these once cost every CLI start
 * milliseconds: the database drivers and MikroORM of the other paths, Node
 * modules only a fallback or help needs, and the zod schemas of every other
 * operation.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog, CreateWorkItemInput, GenerateStatusReportInput, ImportLegacyStatusInput, isSchemaBuilt, lazySchemaCounts, ListReadyWorkInput, WorkItem } from '@project-status/core';
import { openProjectStatus } from '@project-status/storage';
import { createCli } from '../src/cli.js';
import { CLI, run } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ps-cli-cold-'));
  // Set up by the bin, in another process: this one has built no schema yet.
  expect((await run(['init'], { cwd: dir })).code).toBe(0);
  expect((await run(['work', 'create', 'task', 'Ready one'], { cwd: dir })).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a cold `work ready` on SQLite', () => {
  it('loads no PostgreSQL driver, MikroORM, yaml, and none of the Node modules only other paths need', () => {
    // A preload that records, at exit, every file module and Node built-in the run loaded.
    const preload = join(dir, 'record-loads.cjs');
    const out = join(dir, 'loads.json');
    writeFileSync(
      preload,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({ files: Object.keys(require.cache), builtins: process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)) })));`,
    );
    const stdout = execFileSync(process.execPath, ['-r', preload, CLI, 'work', 'ready'], { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir }, encoding: 'utf8' });
    expect(stdout).toContain('Ready one');
    const { files, builtins } = JSON.parse(readFileSync(out, 'utf8')) as { files: string[]; builtins: string[] };
    expect(files.some((f) => f.includes('better-sqlite3'))).toBe(true);
    expect(files.filter((f) => /[\\/]node_modules[\\/](pg|pg-[a-z]+|@mikro-orm|knex|yaml)[\\/]/.test(f))).toEqual([]);
    // The launcher and the bundled program (run from the code cache, so not always a required file) are the only files of ours.
    const ours = files.filter((f) => /@project-status[\\/]/.test(f) || /[\\/](packages|apps)[\\/][a-z-]+[\\/]dist[\\/]/.test(f)).map((f) => f.split(/[\\/]/).pop());
    expect(ours).toContain('main.cjs');
    expect(ours.filter((name) => name !== 'main.cjs' && name !== 'program.cjs')).toEqual([]);
    // child_process and crypto: the git and markdown fallback layers, the launcher's old cache key; assert: yargs' sanity checks.
    expect(builtins.filter((m) => ['child_process', 'crypto', 'assert', 'http', 'tls'].includes(m))).toEqual([]);
  });

  it('builds the zod schemas of its own operation only', async () => {
    expect(lazySchemaCounts().built).toBe(0);
    let stdout = '';
    const cli = createCli({
      operations: catalog,
      open: openProjectStatus,
      config: { databaseUrl: undefined, clientId: undefined, color: false },
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: () => true },
      cwd: dir,
    });
    expect(await cli.run(['work', 'ready'])).toBe(0);
    expect(stdout).toContain('Ready one');
    expect(isSchemaBuilt(ListReadyWorkInput)).toBe(true);
    for (const other of [CreateWorkItemInput, WorkItem, ImportLegacyStatusInput, GenerateStatusReportInput]) expect(isSchemaBuilt(other)).toBe(false);
    expect(Object.values(catalog).filter((op) => isSchemaBuilt(op.input)).map((op) => op.name)).toEqual(['list_ready_work']);
    // Its input and what it is made of, the flags' JSON Schema, the CLI's own configuration: a handful of some 150.
    expect(lazySchemaCounts().built).toBeLessThan(20);
    expect(lazySchemaCounts().defined).toBeGreaterThan(100);
  });
});
