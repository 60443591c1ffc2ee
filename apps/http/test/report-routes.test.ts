import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeEachEngine } from '@project-status/storage/testing';
import { expect, it } from 'vitest';
import { createHttpApp } from '../src/index.js';
import { send } from './support/send.js';

const LEGACY = `# Project Status

## Vendors (1 total)
- vendor_http: operational (3/4 tests passed, 1 skipped) [Excel, CSV] v1.0.0
`;

describeEachEngine('http report, import and export routes', (ctx) => {
  const http = () => createHttpApp(ctx.ps());
  // These operations come from the report module of core; the routes exist only where the catalog has them.
  const hasReports = () => 'generate_status_report' in ctx.ps().operations;

  it('answers GET /report with the markdown and writes no file', async () => {
    if (!hasReports()) return expect((await send(http(), 'GET', '/report')).status).toBe(404);
    await send(http(), 'POST', '/vendors', { body: { name: 'report vendor' } });
    const res = await send(http(), 'GET', '/report');
    expect(res.status).toBe(200);
    expect(res.body.markdown).toMatch(/## Vendors \(1 total/);
    expect(res.body.written_to).toBeUndefined();
    expect(existsSync(join(ctx.db().root, '.project_status.md'))).toBe(false);
    expect((await send(http(), 'GET', '/report?write_file=true')).status).toBe(400);
  });

  it('sends the markdown alone to a client that asks for text/markdown, and JSON otherwise', async () => {
    if (!hasReports()) return;
    const markdown = await send(http(), 'GET', '/report', { headers: { Accept: 'text/markdown' } });
    expect(markdown.status).toBe(200);
    expect(markdown.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(markdown.headers.get('vary')).toBe('Accept');
    expect(markdown.text).toMatch(/^# Project Status\n/);
    for (const accept of ['application/json', 'application/json, text/markdown', 'text/markdown;q=0, application/json', '*/*']) {
      const json = await send(http(), 'GET', '/report', { headers: { Accept: accept } });
      expect(json.body?.markdown, accept).toMatch(/^# Project Status/);
    }
    expect((await send(http(), 'GET', '/report')).body.markdown).toMatch(/^# Project Status/);
  });

  it('writes .project_status.md with POST /report and write_file, and a snapshot with POST /export', async () => {
    if (!hasReports()) return expect((await send(http(), 'POST', '/report', { body: { write_file: true } })).status).toBe(404);
    const written = await send(http(), 'POST', '/report', { body: { write_file: true, include_markdown: false } });
    expect(written.status).toBe(200);
    expect(existsSync(join(ctx.db().root, '.project_status.md'))).toBe(true);
    const exported = await send(http(), 'POST', '/export');
    expect(exported.status).toBe(200);
    expect(existsSync(exported.body.path)).toBe(true);
  });

  it('imports a legacy file inside the project root with POST /import and refuses a path outside it', async () => {
    if (!hasReports()) return expect((await send(http(), 'POST', '/import', { body: { path: 'x.md' } })).status).toBe(404);
    writeFileSync(join(ctx.db().root, 'legacy.md'), LEGACY);
    const dry = await send(http(), 'POST', '/import', { body: { path: 'legacy.md', dry_run: true } });
    expect(dry.status).toBe(200);
    expect((await send(http(), 'GET', '/vendors/vendor_http')).status).toBe(404);
    const outside = await send(http(), 'POST', '/import', { body: { path: '../../etc/passwd' } });
    expect(outside.status).toBe(400);
    expect(outside.body.code).toBe('VALIDATION_ERROR');
  });
});
