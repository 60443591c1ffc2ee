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
