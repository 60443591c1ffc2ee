import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createProject, type Project } from './helpers.js';

let project: Project;
beforeAll(async () => {
  project = await createProject('sqlite', 'outage');
});
afterAll(async () => {
  await project.drop();
});

it('answers from the cache with one notice on stderr and clean JSON on stdout, and queues writes', async () => {
  const created = await project.json<{ id: string }>('work', 'create', 'task', 'cached for the outage');
  // A second call lets the first one's background cache fill finish before the file is destroyed (close waits for it).
  await project.json('work', 'list');
  writeFileSync(join(project.dir, '.project-status', 'status.db'), Buffer.alloc(8192, 7));

  const show = await project.cli('work', 'show', created.id, '--json');
  expect(show.code).toBe(0);
  expect(JSON.parse(show.stdout)).toMatchObject({ item: { title: 'cached for the outage' } });
  expect(show.stderr).toMatch(/^notice: served from cache \(\d+ s old; database_unavailable\)\n$/);

  const update = await project.cli('work', 'update', created.id, '--title', 'changed offline', '--version', '1', '--json');
  expect(update.code).toBe(0);
  expect(JSON.parse(update.stdout)).toMatchObject({ title: 'changed offline', version: 2 });
  expect(update.stderr).toContain('write queued for sync at outbox position 1');

  const health = await project.cli('health', '--json');
  expect(JSON.parse(health.stdout)).toMatchObject({ status: 'degraded', layer: 'cache', pending_outage_writes: 1 });
});

it('says that a NOT_FOUND came from the cache, with the notice on stderr and details.served in --json', async () => {
  const missing = await project.cli('work', 'show', '01930000-0000-7000-8000-000000000001', '--json');
  expect(missing.code).not.toBe(0);
  const [notice, error] = missing.stderr.trimEnd().split('\n');
  expect(notice).toMatch(/^notice: served from cache \(\d+ s old; database_unavailable\): not found in this copy/);
  expect(JSON.parse(error!)).toMatchObject({ error: { code: 'NOT_FOUND', details: { served: { data_source: 'cache' } } } });
});
