import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProjectStatus, generateLegacyStatus, type ProjectStatus, type Store, type StoreWriter } from '@project-status/core';
import { expect, it } from 'vitest';
import { createProjectFiles } from '../src/index.js';
import { describeEachEngine } from '../src/testing/index.js';

/**
 * A store whose transactions hand out a writer with one method replaced:
 * the real database underneath, one write sabotaged. Proves that whatever
 * goes wrong mid-import, the transaction takes everything with it.
 */
function sabotaged(store: Store, method: keyof StoreWriter, replacement: (real: StoreWriter, calls: number, ...args: unknown[]) => Promise<unknown>): Store {
  let calls = 0;
  const wrap = (tx: StoreWriter): StoreWriter => {
    const view = Object.create(tx) as StoreWriter;
    const real = tx[method] as (...args: unknown[]) => Promise<unknown>;
    (view as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => replacement({ ...tx, [method]: real.bind(tx) } as StoreWriter, ++calls, ...args);
    return view;
  };
  const outer = Object.create(store) as Store;
  outer.transaction = (fn, options) => store.transaction((tx) => fn(wrap(tx)), options);
  return outer;
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describeEachEngine('legacy import rollback', (ctx) => {
  const fixture = generateLegacyStatus({ seed: 3 });
  let file = '';
  const withStore = (store: Store): ProjectStatus => createProjectStatus({ store, clientId: 'test', files: createProjectFiles(ctx.db().root) });

  async function nothingWritten(): Promise<void> {
    const ps = ctx.ps();
    expect((await ps.list_vendors({})).count).toBe(0);
    expect((await ps.list_deployments({})).total_count).toBe(0);
    expect((await ps.list_enhancements({})).total_count).toBe(0);
    expect((await ps.list_work_items({ include_deleted: true })).total_count).toBe(0);
  }

  it('rolls everything back when a reconciliation check fails, leaving the file unchanged', async () => {
    file = join(ctx.db().root, 'legacy.md');
    writeFileSync(file, fixture.text);
    const before = sha(file);
    // The enhancement insert "succeeds" but drops the third row: the enhancement count check must catch it.
    const ps = withStore(sabotaged(ctx.ps().store, 'insertEnhancements', async (real, _calls, rows) => real.insertEnhancements((rows as never[]).filter((_, i) => i !== 2))));
    const error = await ps.import_legacy_status({ path: 'legacy.md' }).then(
      () => null,
      (e: unknown) => e as { code: string; message: string; details: { report: { checks: { check: string; source: number; migrated: number; match: boolean }[] } } },
    );
    expect(error?.code).toBe('VALIDATION_ERROR');
    expect(error?.message).toMatch(/rolled back, nothing was written: enhancement_count: 8 importable in the file but 7 in the store/);
    expect(error?.details.report.checks.find((c) => c.check === 'enhancement_count')).toEqual({ check: 'enhancement_count', source: 8, skipped: 0, migrated: 7, match: false });
    await nothingWritten();
    expect(sha(file)).toBe(before);
  });

  it('rolls everything back when a write fails halfway', async () => {
    const before = sha(file);
    const ps = withStore(
      // Vendors, sessions and enhancements are written by then; the database refuses the deployments (the first one twice: a real unique violation).
      sabotaged(ctx.ps().store, 'insertDeployments', async (real, _calls, rows) => {
        const [first] = rows as Parameters<StoreWriter['insertDeployments']>[0][number][];
        return real.insertDeployments([first!, first!]);
      }),
    );
    await expect(ps.import_legacy_status({ path: 'legacy.md' })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('same unique key') });
    await nothingWritten();
    expect(sha(file)).toBe(before);
  });

  it("rolls everything back when the host's own code fails halfway, and gives its error back as it is", async () => {
    const before = sha(file);
    const boom = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
    const ps = withStore(
      sabotaged(ctx.ps().store, 'insertDeployments', async () => {
        throw boom;
      }),
    );
    await expect(ps.import_legacy_status({ path: 'legacy.md' })).rejects.toBe(boom);
    await nothingWritten();
    expect(sha(file)).toBe(before);
  });

  it('imports cleanly afterwards, proving the failures left no half-written rows behind', async () => {
    const report = await ctx.ps().import_legacy_status({ path: 'legacy.md' });
    expect(report.committed).toBe(true);
    expect(report.created).toEqual({ vendors: 45, deployments: 12, enhancements: 8, sessions: 25 });
    expect(report.preservation_percent).toBe(100);
  });
});
