import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openProjectStatus } from '../src/index.js';

const root = mkdtempSync(join(tmpdir(), 'ps-sqlite-exec-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('lets code inside a SQLite transaction read through the store without deadlocking', async () => {
  const ps = await openProjectStatus({ databaseUrl: `sqlite:${join(root, 'x.db')}`, root, create: true });
  try {
    const seen = await ps.store.transaction(async (tx) => {
      await tx.insertVendor({
        id: '01a30000-0000-7000-8000-0000000000aa', name: 'inside', status: 'broken', extractor_version: '1',
        metadata: { format_support: { excel: false, csv: false, pdf: false, ocr: false }, test_results: { passing: 0, total: 0, skipped: 0 }, extractor_version: '1', manifest_compliant: false },
        version: 1, created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z', created_by: 't', updated_by: 't',
      });
      // The outer store, not `tx`: used to wait for the transaction forever.
      return ps.store.getVendorByName('inside');
    });
    expect(seen?.name).toBe('inside');
    // A read from outside still waits for the commit and then sees it.
    const [outside] = await Promise.all([ps.store.getVendorByName('inside')]);
    expect(outside?.id).toBe('01a30000-0000-7000-8000-0000000000aa');
  } finally {
    await ps.close();
  }
});
