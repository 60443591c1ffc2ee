import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ConflictError, NotFoundError, ValidationError, VersionConflictError } from '@project-status/core';
import { describe, expect, it } from 'vitest';
import { describeEachEngine } from '../src/testing/index.js';

const STORAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

/**
 * The built core (its dist, as a consumer installs it), in a plain Node
 * process: the bundler renames classes that refer to themselves
 * (`_ValidationError`), which only the built package shows.
 */
describe('error class names in the built @project-status/core', () => {
  it('are the names as written, in `name`, the stack and the class, and subclasses keep their own', () => {
    const script = `
      import * as core from '@project-status/core';
      class HostError extends core.ConflictError {}
      const errors = {
        ValidationError: core.ValidationError.field('title', 'is required'),
        NotFoundError: core.NotFoundError.entity('work_item', 'id', 'x'),
        VersionConflictError: core.VersionConflictError.mismatch({ entity: 'work_item', id: 'x', expected_version: 1, current_version: 2, last_updated_by: null, updated_at: null }),
        ConflictError: core.ConflictError.duplicate('vendor', 'name', 'acme'),
        DatabaseError: new core.DatabaseError('down'),
        HostError: new HostError('mine'),
      };
      const seen = Object.entries(errors).map(([expected, e]) => ({ expected, name: e.name, stack: String(e.stack).split('\\n')[0].split(':')[0], className: e.constructor.name, domain: core.isDomainError(e) }));
      console.log(JSON.stringify(seen));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: STORAGE_DIR, encoding: 'utf8' });
    const seen = JSON.parse(out) as { expected: string; name: string; stack: string; className: string; domain: boolean }[];
    for (const s of seen) expect(s).toEqual({ expected: s.expected, name: s.expected, stack: s.expected, className: s.expected, domain: true });
  });
});

describeEachEngine('errors of the operations', (ctx) => {
  it('carry their class name', async () => {
    const bad = await ctx.ps().create_work_item({ item_type: 'task', title: '' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as Error).name).toBe('ValidationError');
    const missing = await ctx.ps().query_work_item({ id: '01a20000-0000-7000-8000-0000000000ff' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as Error).name).toBe('NotFoundError');
    const item = await ctx.ps().create_work_item({ item_type: 'task', title: 'named' });
    const stale = await ctx.ps().update_work_item({ id: item.id, version: item.version + 5, title: 'late' }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(VersionConflictError);
    expect((stale as Error).name).toBe('VersionConflictError');
    expect(String((stale as Error).stack)).toMatch(/^VersionConflictError: /);
    expect(ConflictError.name).toBe('ConflictError');
  });
});
