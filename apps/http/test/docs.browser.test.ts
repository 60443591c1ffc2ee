import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createSqliteDatabase, type TestDatabase } from '@project-status/storage/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_REQUIRED, browserUnavailableReason, launchChromium } from './support/browser.js';
import { requireBuiltBinary, startServer, stopAll } from './support/binary.js';

/** The `/docs` page in real Chromium against the real binary: its `/events` entry sends a request that streams. */
const reason = browserUnavailableReason();
if (reason && !BROWSER_REQUIRED) console.warn(`[skip] /docs in Chromium: ${reason}`);
if (reason && BROWSER_REQUIRED) throw new Error(`CI=true and the /docs browser test cannot run: ${reason}`);

describe.skipIf(reason !== null && !BROWSER_REQUIRED)('/docs in Chromium', () => {
  let db: TestDatabase;
  let browser: Browser;
  beforeAll(async () => {
    requireBuiltBinary();
    db = createSqliteDatabase();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stopAll();
    await db?.drop();
  });

  it('lists GET /events and shows the start of the stream when sent, instead of waiting forever', { timeout: 60_000 }, async () => {
    const project = join(db.root, 'project');
    mkdirSync(join(project, '.git'), { recursive: true });
    const server = await startServer(['--root', project]);
    const page = await browser.newPage();
    await page.goto(`${server.base}/docs`);
    const entry = page.locator('details', { has: page.locator('summary .p', { hasText: /^\/events$/ }) });
    await expect(entry.count()).resolves.toBe(1);
    await entry.locator('summary').first().click();
    await expect(entry.locator('td', { hasText: 'Last-Event-ID' }).count()).resolves.toBe(1);
    await entry.getByRole('button', { name: 'Send GET /events' }).click();
    const out = entry.locator('pre').last();
    await out.filter({ hasText: 'event: ready' }).waitFor({ timeout: 20_000 });
    expect(await out.textContent()).toMatch(/^200 OK[^]*event: ready[^]*\(stream closed by this page\)$/);
    await page.close();
  });
});
