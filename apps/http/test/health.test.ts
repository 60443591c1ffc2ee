import { openProjectStatus } from '@project-status/storage';
import { createTcpForwarder, describeEachEngine } from '@project-status/storage/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalog, type Operation } from '@project-status/core';
import { expect, it } from 'vitest';
import { activeRoutes, buildOpenApiDocument, createHttpApp, routes } from '../src/index.js';
import { send } from './support/send.js';

describeEachEngine('GET /health for machines', (ctx) => {
  it('answers 200 while the database answers', async () => {
    const res = await send(createHttpApp(ctx.ps()), 'GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ healthy: true, data_source: ctx.engine });
  });
});

it('answers 503 with the report and its cause while PostgreSQL is down, and every other route a retryable 503', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ps-http-down-'));
  const nowhere = await createTcpForwarder({ host: '127.0.0.1', port: 1 });
  const ps = await openProjectStatus({ databaseUrl: nowhere.rewrite('postgres://postgres@127.0.0.1:5432/none'), root, whenUnavailable: 'defer' });
  try {
    const app = createHttpApp(ps);
    const health = await send(app, 'GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ healthy: false, data_source: 'postgres' });
    expect(health.body.warnings.join('\n')).toMatch(/ECONNREFUSED/);
    const list = await send(app, 'GET', '/work-items');
    expect(list.status).toBe(503);
    expect(list.body).toMatchObject({ code: 'DATABASE_ERROR', details: { retryable: true } });
    expect(list.body.message).toMatch(/could not open the postgres database/);
  } finally {
    await ps.close();
    rmSync(root, { recursive: true, force: true });
  }
});

it('documents the 503 of /health in OpenAPI', () => {
  const operations = catalog as unknown as Record<string, Operation>;
  const document = buildOpenApiDocument(operations, activeRoutes(operations, routes)) as unknown as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
  expect(document.paths['/health']!.get!.responses['503']).toMatchObject({ description: expect.stringMatching(/healthy/) });
});
