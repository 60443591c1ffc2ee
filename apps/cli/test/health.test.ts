import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTcpForwarder } from '@project-status/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../src/errors/exit-codes.js';
import { run } from './helpers.js';

describe('project-status health', { timeout: 120_000 }, () => {
  let dir: string;
  let unreachable: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ps-cli-health-'));
    // A port nothing listens on: the forwarder is never brought up.
    unreachable = (await createTcpForwarder({ host: '127.0.0.1', port: 1 })).rewrite('postgres://postgres@127.0.0.1:5432/nowhere');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports an unreachable database with its cause and exits with the database code', async () => {
    const r = await run(['health', '--database-url', unreachable], { cwd: dir });
    expect(r.code).toBe(EXIT_CODES.DATABASE_ERROR.exit);
    expect(r.stdout).toMatch(/healthy/i);
    expect(r.stdout).toMatch(/ECONNREFUSED/);
  });

  it('prints the report as JSON with --json, still exiting with the database code', async () => {
    const r = await run(['health', '--json', '--database-url', unreachable], { cwd: dir });
    expect(r.code).toBe(EXIT_CODES.DATABASE_ERROR.exit);
    const report = JSON.parse(r.stdout) as { healthy: boolean; data_source: string; warnings: string[] };
    expect(report).toMatchObject({ healthy: false, data_source: 'postgres' });
    expect(report.warnings.join('\n')).toMatch(/could not open the postgres database .*ECONNREFUSED/);
  });

  it('exits 0 while the database answers', async () => {
    const r = await run(['health', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ healthy: true, data_source: 'sqlite' });
  });

  it('still fails other commands with the database code and the cause, never answering from the cache of another database', async () => {
    const r = await run(['work', 'list', '--database-url', unreachable], { cwd: dir });
    expect(r.code).toBe(EXIT_CODES.DATABASE_ERROR.exit);
    expect(r.stderr).toMatch(/ECONNREFUSED/);
  });
});
