import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProjectStatus, type ProjectStatusHandle } from '../src/index.js';
import { postgresUnavailableReason, POSTGRES_REQUIRED, type OutageProxy, type TestDatabase } from '../src/testing/index.js';
import { closeProxiedPostgres, openProxiedPostgres } from './support/outage.js';

const pgReason = await postgresUnavailableReason();
if (pgReason && POSTGRES_REQUIRED) throw new Error(pgReason);

describe.skipIf(pgReason !== null)('a release queued during an outage keeps its note', () => {
  let db: TestDatabase;
  let proxy: OutageProxy;
  let direct: ProjectStatusHandle;

  beforeAll(async () => void ({ db, proxy, direct } = await openProxiedPostgres('release_note')));
  afterAll(() => closeProxiedPostgres({ db, proxy, direct }));

  it('lands the note even when the item was released on the server meanwhile', async () => {
    const ps = await openProjectStatus({
      databaseUrl: proxy.rewrite(db.url),
      root: db.root,
      clientId: 'laptop',
      fallback: { probeIntervalMs: 50, refreshEveryMs: 0 },
      postgres: { connectTimeoutMs: 1000, statementTimeoutMs: 1000, poolTimeoutMs: 1000 },
    });
    try {
      const task = await ps.create_work_item({ item_type: 'task', title: 'hand-off' });
      await ps.claim_work_item({ id: task.id });
      await ps.fallback!.refresh();
      await proxy.set('refuse');
      await ps.release_work_item({ id: task.id, note: 'important hand-off finding' });
      // Meanwhile the server side releases it too (for the laptop).
      await direct.release_work_item({ id: task.id, assignee: 'laptop' });
      await proxy.set('up');
      expect(await ps.fallback!.drain()).toMatchObject({ conflicts: 0, remaining: 0 });
      const seen = await direct.query_work_item({ id: task.id });
      expect(seen.item.assignee).toBeNull();
      expect(seen.notes.map((n) => [n.text, n.author])).toEqual([['important hand-off finding', 'laptop']]);
    } finally {
      await ps.close();
    }
  });
});
