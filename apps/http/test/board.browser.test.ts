/// <reference lib="dom" />
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openProjectStatus } from '@project-status/storage';
import { createTestDatabase, executeRawSql, POSTGRES_REQUIRED, postgresUnavailableReason, type TestDatabase } from '@project-status/storage/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_REQUIRED, browserUnavailableReason, launchChromium, screenshot, seriousViolations } from './support/browser.js';
import { requireBuiltBinary, startServer, stop, stopAll, type Running } from './support/binary.js';

/**
 * The board in real Chromium against the real binary on a real SQLite
 * database: every flow a person uses, the XSS corpus, keyboard-only use and
 * axe-core. Screenshots of each view go to apps/http/test-artifacts/board/.
 */

const CLI = fileURLToPath(new URL('../../cli/dist/main.js', import.meta.url));
const reason = browserUnavailableReason();
if (reason && !BROWSER_REQUIRED) console.warn(`[skip] board in Chromium: ${reason}`);
if (reason && BROWSER_REQUIRED) throw new Error(`CI=true and the board's browser tests cannot run: ${reason}`);

type Json = Record<string, unknown>;

async function api(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Json> {
  const res = await fetch(`${base}${path}`, { method, headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers }, body: body ? JSON.stringify(body) : undefined });
  const json = (await res.json()) as Json;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Runs the real CLI against the same project; answers its parsed --json output. */
function cli(root: string, args: string[]): Promise<Json> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--root', root, '--client-id', 'cli-user', '--json', ...args], { env: { PATH: process.env.PATH ?? '' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Json) : reject(new Error(`cli ${args.join(' ')} exited ${code}: ${err}`))));
  });
}

const XSS = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=2">',
  '"><svg onload=window.__pwned=3>',
  "javascript:window.__pwned=4//'",
  '<a href="javascript:window.__pwned=5">click</a>',
];

interface Seed {
  project: string;
  sprint1: string;
  sprint2: string;
  parser: string;
  board: string;
  release: string;
  blocked: string;
  done: string;
  claimed: string;
  xss: string;
}

async function seed(base: string): Promise<Seed> {
  const id = async (body: Json) => (await api(base, 'POST', '/work-items', body)).id as string;
  const project = await id({ item_type: 'project', title: 'Apollo', metadata: { description: 'The moon, but in software' } });
  const session = (title: string) => id({ item_type: 'session', title, parent_id: project, metadata: { token_budget: 100_000, prompts_count: 0, yaml_frontmatter: { schema_version: 1 } } });
  const sprint1 = await session('Sprint one');
  const sprint2 = await session('Sprint two');
  const parser = await id({ item_type: 'task', title: 'Fix the parser', parent_id: sprint1, labels: ['backend'], priority: 1 });
  const board = await id({ item_type: 'task', title: 'Design the board', parent_id: sprint1, labels: ['ui'] });
  const release = await id({ item_type: 'task', title: 'Ship the release', parent_id: sprint2, labels: ['ops'] });
  const blocked = await id({ item_type: 'task', title: 'Migrate the archive', parent_id: sprint2, status: 'blocked', metadata: { blocked_reason: 'waiting for storage' } });
  const done = await id({ item_type: 'task', title: 'Write the spec', parent_id: sprint1, status: 'completed', labels: ['docs'] });
  const claimed = await id({ item_type: 'research', title: 'Compare chart libraries', parent_id: sprint2, labels: ['ui'] });
  await api(base, 'POST', `/work-items/${claimed}/claim`, { assignee: 'alice' });
  await api(base, 'POST', `/work-items/${release}/dependencies`, { target_id: parser, dependency_type: 'depends_on' });
  const xss = await id({ item_type: 'task', title: XSS[0], parent_id: sprint2, labels: XSS.map((x) => x.slice(0, 50)), metadata: { blocked_reason: XSS[1] } });
  await api(base, 'POST', '/vendors', { name: 'acme', status: 'operational' });
  await api(base, 'POST', '/vendors', { name: 'globex', status: 'broken' });
  await api(base, 'POST', '/deployments', {
    commit_hash: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2',
    metadata: { pr_number: 7, pr_title: 'First release', test_summary: { passed: 10, failed: 0 }, constitutional_compliance: true },
    affected_vendor_ids: ['acme'],
    related_work_item_ids: [parser],
  });
  return { project, sprint1, sprint2, parser, board, release, blocked, done, claimed, xss };
}

/** Cards shown in a column, by title. */
function column(page: Page, key: string): Promise<string[]> {
  return page.locator(`section[data-col="${key}"] .card .title`).allTextContents();
}

async function openBoard(page: Page, base: string, hash = '#/board'): Promise<void> {
  // A goto that only changes the hash keeps the page: the board shown so far must not pass for the new one.
  await page.evaluate(() => document.querySelector('.columns')?.setAttribute('data-stale', '')).catch(() => undefined);
  await page.goto(`${base}/${hash}`);
  await page.waitForSelector('.columns[aria-busy="false"]:not([data-stale])');
}

(reason ? describe.skip : describe)('the board in Chromium [sqlite]', () => {
  let db: TestDatabase;
  let server: Running;
  let browser: Browser;
  let s: Seed;
  const pwned: string[] = [];
  const contexts: BrowserContext[] = [];

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('dialog', (d) => {
      pwned.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => pwned.push(`pageerror: ${e.message}`));
    return page;
  }

  beforeAll(async () => {
    requireBuiltBinary();
    db = await createTestDatabase('sqlite');
    server = await startServer(['--root', db.root, '--client-id', 'seed']);
    s = await seed(server.base);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await stopAll();
    await db?.drop();
  });

  it('serves the page and its assets with a strict Content-Security-Policy, without the token', async () => {
    const res = await fetch(`${server.base}/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await res.text();
    expect(html).not.toMatch(/<script>|<style|style=/);
    const js = await fetch(`${server.base}/board/board.js`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });

  it('opens the board on a seeded project: Ready, In progress, Blocked and Done from the API', { timeout: 60_000 }, async () => {
    const page = await newPage();
    await openBoard(page, server.base);
    expect(await column(page, 'ready')).toEqual(expect.arrayContaining(['Fix the parser', 'Design the board']));
    expect(await column(page, 'ready')).not.toContain('Ship the release'); // it waits for the parser
    expect(await column(page, 'progress')).toEqual(['Compare chart libraries']);
    expect(await column(page, 'blocked')).toEqual(['Migrate the archive']);
    expect(await column(page, 'done')).toEqual(['Write the spec']);
    await expect.poll(() => page.locator('section[data-col="progress"] .card .assignee').allTextContents()).toEqual(['@alice']);
    await screenshot(page, 'board');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('filters by label, subtree, assignee and type, and searches with the search operation', { timeout: 60_000 }, async () => {
    const page = await newPage();
    await openBoard(page, server.base);
    await page.fill('#f-label', 'ui');
    await page.click('form.filters button[type="submit"]');
    await page.waitForURL(/label=ui/);
    await page.waitForSelector('.columns[aria-busy="false"]');
    expect(await column(page, 'ready')).toEqual(['Design the board']);
    expect(await column(page, 'progress')).toEqual(['Compare chart libraries']);
    expect(await column(page, 'done')).toEqual([]);

    await openBoard(page, server.base, `#/board?within=${s.sprint2}`);
    expect(await column(page, 'ready')).toEqual([XSS[0]]); // 'Ship the release' waits for the parser
    expect(await column(page, 'blocked')).toEqual(['Migrate the archive']);
    expect(await column(page, 'progress')).toEqual(['Compare chart libraries']);

    // Every column honours the label inside a subtree, not only Ready.
    await openBoard(page, server.base, `#/board?within=${s.sprint2}&label=ui`);
    expect(await column(page, 'progress')).toEqual(['Compare chart libraries']);
    expect(await column(page, 'blocked')).toEqual([]); // 'Migrate the archive' has no label
    expect(await column(page, 'ready')).toEqual([]);
    expect(await page.locator('section[data-col="progress"] .card .label').allTextContents()).toEqual(['ui']);
    await openBoard(page, server.base, `#/board?within=${s.sprint1}&label=docs`);
    expect(await column(page, 'done')).toEqual(['Write the spec']);
    expect(await column(page, 'ready')).toEqual([]);
    await openBoard(page, server.base, `#/board?within=${s.sprint1}&label=ui`);
    expect(await column(page, 'done')).toEqual([]);
    expect(await column(page, 'ready')).toEqual(['Design the board']);

    await openBoard(page, server.base, '#/board?assignee=alice');
    expect(await column(page, 'progress')).toEqual(['Compare chart libraries']);
    expect(await column(page, 'ready')).toEqual([]);

    await openBoard(page, server.base, '#/board?type=research');
    expect(await column(page, 'ready')).toEqual([]);
    expect(await column(page, 'progress')).toEqual(['Compare chart libraries']);

    await openBoard(page, server.base);
    await page.fill('#f-q', 'parser');
    await page.press('#f-q', 'Enter');
    await page.waitForURL(/q=parser/);
    await page.waitForSelector('.columns[aria-busy="false"]');
    expect(await column(page, 'ready')).toEqual(['Fix the parser']);
    expect(await column(page, 'done')).toEqual([]);
    await screenshot(page, 'board-search');
  });

  it('opens an item with its history and follows a dependency link', { timeout: 60_000 }, async () => {
    const page = await newPage();
    await page.goto(`${server.base}/#/item/${s.release}`);
    await page.waitForSelector('.item-detail[aria-busy="false"]');
    expect(await page.textContent('#item-title')).toContain('Ship the release');
    expect(await page.locator('.timeline li').first().textContent()).toContain('seed');
    await page.click('section[aria-labelledby="waits-h"] a');
    await page.waitForURL(new RegExp(`#/item/${s.parser}`));
    await page.waitForFunction(() => document.querySelector('#item-title')?.textContent?.includes('Fix the parser'));
    expect(await page.locator('section[aria-labelledby="blocks-h"] a').textContent()).toContain('Ship the release');
    expect(await page.locator('section[aria-labelledby="deploy-h"] li').count()).toBe(1);
    await screenshot(page, 'item');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('claims and releases an item from its page, without an If-Match the API would not check', { timeout: 60_000 }, async () => {
    const task = (await api(server.base, 'POST', '/work-items', { item_type: 'task', title: 'Claim me from the page', parent_id: s.sprint1 })).id as string;
    const page = await newPage();
    const sent: { url: string; ifMatch: string | undefined }[] = [];
    page.on('request', (r) => {
      if (/\/(claim|release)$/.test(r.url())) sent.push({ url: r.url(), ifMatch: r.headers()['if-match'] });
    });
    await page.goto(`${server.base}/#/item/${task}`);
    await page.waitForSelector('.item-detail[aria-busy="false"]');
    await page.click('#claim');
    await page.waitForSelector('#release');
    expect(((await api(server.base, 'GET', `/work-items/${task}`)) as { item: { assignee: string | null } }).item.assignee).toBe('board');
    await page.click('#release');
    await page.waitForSelector('#claim');
    expect(((await api(server.base, 'GET', `/work-items/${task}`)) as { item: { assignee: string | null } }).item.assignee).toBeNull();
    expect(sent.map((r) => r.url.split('/').pop())).toEqual(['claim', 'release']);
    expect(sent.map((r) => r.ifMatch)).toEqual([undefined, undefined]);
  });

  it('changes a status; a second browser context sees it live, and so does the API', { timeout: 60_000 }, async () => {
    const watcher = await newPage();
    await openBoard(watcher, server.base);
    await watcher.waitForSelector('.live.live');
    const editor = await newPage();
    await editor.goto(`${server.base}/#/item/${s.board}`);
    await editor.waitForSelector('.item-detail[aria-busy="false"]');
    await editor.selectOption('#edit-status', 'completed');
    await editor.click('#save-status');
    await editor.waitForFunction(() => document.querySelector('[data-testid="item-status"]')?.textContent === 'completed');
    await watcher.waitForFunction(() => [...document.querySelectorAll('section[data-col="done"] .card .title')].some((e) => e.textContent === 'Design the board'));
    expect(await column(watcher, 'ready')).not.toContain('Design the board');
    const item = (await api(server.base, 'GET', `/work-items/${s.board}`)) as { item: { status: string; updated_by: string } };
    expect(item.item.status).toBe('completed');
    expect(item.item.updated_by).toBe('board');
  });

  it('shows a conflicting edit made by the CLI and lets the user re-apply theirs on top', { timeout: 60_000 }, async () => {
    const page = await newPage();
    await page.goto(`${server.base}/#/item/${s.parser}`);
    await page.waitForSelector('.item-detail[aria-busy="false"]');
    const held = Number(await page.textContent('[data-testid="item-version"]'));
    await page.fill('#edit-title', 'Fix the parser (from the page)');
    // Another writer, in another process, while the page holds version `held`.
    const theirs = await cli(db.root, ['work', 'update', s.parser, '--labels', 'backend', '--labels', 'urgent', '--title', 'Fix the parser (from the CLI)']);
    expect(theirs.version).toBe(held + 1);
    await page.waitForFunction(() => /changed this item while you were editing/.test(document.querySelector('.notice')?.textContent ?? ''));
    await page.click('#save-text');
    await page.waitForSelector('.conflict');
    expect(await page.locator('.conflict tr[data-field="title"] .theirs').textContent()).toBe('Fix the parser (from the CLI)');
    expect(await page.locator('.conflict tr[data-field="title"] .mine').textContent()).toBe('Fix the parser (from the page)');
    expect(await page.locator('.conflict tr[data-field="labels"] .theirs').textContent()).toBe('["backend","urgent"]');
    // Nothing of the page's was written.
    expect(((await api(server.base, 'GET', `/work-items/${s.parser}`)) as { item: { title: string } }).item.title).toBe('Fix the parser (from the CLI)');
    await screenshot(page, 'conflict');
    expect(await seriousViolations(page)).toEqual([]);
    await page.click('.conflict .reapply');
    await page.waitForFunction(() => document.querySelector('#item-title')?.textContent?.includes('(from the page)'));
    const after = (await api(server.base, 'GET', `/work-items/${s.parser}`)) as { item: { title: string; labels: string[]; version: number } };
    expect(after.item.title).toBe('Fix the parser (from the page)');
    expect(after.item.labels).toEqual(['backend', 'urgent']); // theirs kept: only the page's own field was re-applied
    expect(after.item.version).toBe(held + 2);

    // Dropping instead leaves the other writer's change alone.
    await page.fill('#edit-title', 'dropped title');
    await cli(db.root, ['work', 'update', s.parser, '--priority', '2']);
    await page.waitForFunction(() => /changed this item while you were editing/.test(document.querySelector('.notice')?.textContent ?? ''));
    await page.click('#save-text');
    await page.waitForSelector('.conflict');
    await page.click('.conflict .drop');
    await page.waitForFunction(() => !document.querySelector('.conflict') && document.querySelector('.notice')?.textContent === 'Your change was dropped.');
    const dropped = (await api(server.base, 'GET', `/work-items/${s.parser}`)) as { item: { title: string; priority: number } };
    expect(dropped.item).toMatchObject({ title: 'Fix the parser (from the page)', priority: 2 });
  });

  it('renders an XSS corpus in titles, labels and metadata as inert text in every view', { timeout: 90_000 }, async () => {
    const page = await newPage();
    await openBoard(page, server.base, `#/board?within=${s.sprint2}`);
    await page.goto(`${server.base}/#/board`);
    await page.waitForSelector('.columns[aria-busy="false"]');
    await expect.poll(() => page.locator('.card .title').allTextContents()).toContain(XSS[0]);
    await page.goto(`${server.base}/#/item/${s.xss}`);
    await page.waitForSelector('.item-detail[aria-busy="false"]');
    expect(await page.textContent('#item-title')).toContain(XSS[0]);
    expect(await page.locator('.item-detail .label').allTextContents()).toEqual(XSS.map((x) => x.slice(0, 50)));
    expect(await page.locator('dl.metadata dd').allTextContents()).toContain(XSS[1]);
    for (const view of ['report', 'tree']) {
      await page.goto(`${server.base}/#/${view}`);
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
      await page.waitForTimeout(0);
    }
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator('main script, main img, main svg[onload], main a[href^="javascript"]').count()).toBe(0);
    expect(pwned).toEqual([]);
    await screenshot(page, 'xss');
  });

  it('works from the keyboard alone: skip link, cards by Tab and arrows, Enter opens an item', { timeout: 60_000 }, async () => {
    const page = await newPage();
    await openBoard(page, server.base);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    // Tab through the filters until the first card has focus.
    for (let i = 0; i < 20 && !(await page.evaluate(() => document.activeElement?.classList.contains('card-link'))); i++) await page.keyboard.press('Tab');
    const first = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.col);
    expect(first).toBe('ready');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.col)).toBe('progress');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.col)).toBe('blocked');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`#/item/${s.claimed}`));
    await page.waitForSelector('.item-detail[aria-busy="false"]');
    expect(await page.textContent('#item-title')).toContain('Compare chart libraries');
  });

  it('starts the four column requests from the page itself (preloaded), before the bundle runs, and uses them', { timeout: 60_000 }, async () => {
    const page = await newPage();
    await page.goto(`${server.base}/`);
    await page.waitForSelector('.columns[aria-busy="false"]');
    const entries = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((e) => ({ url: e.name.replace(location.origin, ''), by: (e as PerformanceResourceTiming).initiatorType })),
    );
    const columns = entries.filter((e) => /^\/work-items(\/ready)?\?/.test(e.url) && e.url.includes('detail=full'));
    // One request per column, each started by a <link rel="preload"> in the page, none sent again by fetch().
    expect(columns.map((e) => e.url).sort()).toEqual(
      ['/work-items/ready?detail=full&limit=25', '/work-items?detail=full&status=active&held=true&limit=25&offset=0', '/work-items?detail=full&status=blocked&limit=25&offset=0', '/work-items?detail=full&status=completed&limit=25&offset=0'].sort(),
    );
    expect(columns.every((e) => e.by === 'link')).toBe(true);
  });

  it('applies a live change to the changed card only, and re-reads Ready when a prerequisite finishes', { timeout: 60_000 }, async () => {
    const create = (body: Json) => api(server.base, 'POST', '/work-items', body) as Promise<{ id: string; version: number }>;
    const pre = await create({ item_type: 'task', title: 'Live prerequisite', priority: 2, parent_id: s.sprint1 });
    const follower = await create({ item_type: 'task', title: 'Live follower', priority: 2, parent_id: s.sprint1 });
    await api(server.base, 'POST', `/work-items/${follower.id}/dependencies`, { target_id: pre.id, dependency_type: 'depends_on' });
    const other = await create({ item_type: 'task', title: 'Live rename me', priority: 2, parent_id: s.sprint1 });
    const page = await newPage();
    await openBoard(page, server.base);
    await page.waitForSelector('.live.live');
    expect(await column(page, 'ready')).toEqual(expect.arrayContaining(['Live prerequisite', 'Live rename me']));
    expect(await column(page, 'ready')).not.toContain('Live follower');
    const doneCount = async () => Number((await page.textContent('section[data-col="done"] .count'))!.replace(/\D/g, ''));
    const doneBefore = await doneCount();
    const lists: string[] = [];
    page.on('request', (r) => {
      const path = r.url().replace(server.base, '');
      if (/^\/work-items(\/ready)?\?/.test(path)) lists.push(path);
    });

    await api(server.base, 'PATCH', `/work-items/${other.id}`, { title: 'Live renamed' }, { 'If-Match': `"${other.version}"` });
    await page.waitForFunction(() => [...document.querySelectorAll('section[data-col="ready"] .card .title')].some((e) => e.textContent === 'Live renamed'));
    await api(server.base, 'POST', `/work-items/${other.id}/claim`, { assignee: 'bob' });
    await page.waitForFunction(() => [...document.querySelectorAll('section[data-col="progress"] .card .title')].some((e) => e.textContent === 'Live renamed'));
    expect(await column(page, 'ready')).not.toContain('Live renamed');
    // A new item nothing waits on takes its place in Ready from its own answer.
    await create({ item_type: 'task', title: 'Live newcomer', priority: 2, parent_id: s.sprint1 });
    await page.waitForFunction(() => [...document.querySelectorAll('section[data-col="ready"] .card .title')].some((e) => e.textContent === 'Live newcomer'));
    expect(lists).toEqual([]); // no column was read again: only the changed items

    // Finishing the prerequisite (from the CLI, another process) makes its follower ready.
    await cli(db.root, ['work', 'update', pre.id, '--status', 'completed']);
    await page.waitForFunction(() => [...document.querySelectorAll('section[data-col="ready"] .card .title')].some((e) => e.textContent === 'Live follower'));
    expect(await column(page, 'ready')).not.toContain('Live prerequisite');
    expect((await column(page, 'done'))[0]).toBe('Live prerequisite');
    expect(await doneCount()).toBe(doneBefore + 1);
    expect(lists.every((u) => u.startsWith('/work-items/ready?'))).toBe(true); // only Ready was read again
  });

  it('passes axe-core with no serious or critical violations on every view, and saves a screenshot of each', { timeout: 120_000 }, async () => {
    const page = await newPage();
    for (const view of ['tree', 'vendors', 'vendor/acme', 'deployments', 'report', 'charts']) {
      await page.goto(`${server.base}/#/${view}`);
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && !/loading…/.test(document.querySelector('main')?.textContent ?? ''));
      if (view === 'tree') {
        await page.locator('.tree > li > .toggle').first().click();
        await page.waitForSelector('.tree > li > ul:not([hidden]) li');
      }
      if (view === 'vendors') expect(await page.locator('table.grid tbody tr').count()).toBe(2);
      if (view === 'deployments') expect(await page.locator('.deployments li').count()).toBe(1);
      if (view === 'charts') expect(await page.locator('figure.chart-box svg[role="img"]').count()).toBe(4);
      await screenshot(page, view.replace('/', '-'));
      expect({ view, violations: await seriousViolations(page) }).toEqual({ view, violations: [] });
    }
  });

  it('resumes the live stream after the server restarts and shows what changed meanwhile', { timeout: 90_000 }, async () => {
    const page = await newPage();
    await openBoard(page, server.base);
    await page.waitForSelector('.live.live');
    const port = new URL(server.base).port;
    await stop(server);
    await page.waitForSelector('.live.reconnecting');
    // Written while the page had no connection.
    await cli(db.root, ['work', 'create', 'task', 'Written while offline', '--parent-id', s.sprint1]);
    server = await startServer(['--root', db.root, '--client-id', 'seed', '--port', port]);
    await page.waitForFunction(() => [...document.querySelectorAll('section[data-col="ready"] .card .title')].some((e) => e.textContent === 'Written while offline'));
  });

  it('pages the Ready column past 100 cards with list_ready_work\'s offset', { timeout: 90_000 }, async () => {
    const items = Array.from({ length: 110 }, (_, n) => ({ ref: `p${n}`, item_type: 'task', title: `Paged ${String(n).padStart(3, '0')}`, priority: 1 }));
    await api(server.base, 'POST', '/work-items/batch', { items });
    const page = await newPage();
    await openBoard(page, server.base);
    const ready = page.locator('section[data-col="ready"] .card');
    for (let i = 0; i < 10 && (await page.locator('section[data-col="ready"] button.more').count()); i++) {
      const shown = await ready.count();
      await page.click('section[data-col="ready"] button.more');
      await page.waitForFunction((n) => document.querySelectorAll('section[data-col="ready"] .card').length > n, shown);
    }
    const titles = await column(page, 'ready');
    expect(titles.filter((t) => t.startsWith('Paged ')).sort()).toEqual(items.map((i) => i.title));
    expect(new Set(titles).size).toBe(titles.length);
    expect(await page.locator('section[data-col="ready"] button.more').count()).toBe(0);
  });

  it('shows a held item in In progress on first render under 520 newer unheld ones, and a lapsed claim in Ready', { timeout: 90_000 }, async () => {
    const held = (await api(server.base, 'POST', '/work-items', { item_type: 'task', title: 'Held under the pile', priority: 5 })).id as string;
    await api(server.base, 'POST', `/work-items/${held}/claim`, { assignee: 'carol' });
    const leases = (await api(server.base, 'POST', '/work-items', { item_type: 'project', title: 'Leases', metadata: { description: 'lapsed claims' } })).id as string;
    const lapsed = (await api(server.base, 'POST', '/work-items', { item_type: 'task', title: 'Lapsed claim', parent_id: leases })).id as string;
    await api(server.base, 'POST', `/work-items/${lapsed}/claim`, { assignee: 'dave', lease_seconds: 60 });
    // The lease ended a minute ago (written by hand: the server's clock is the real one).
    await executeRawSql(db, 'update work_items set lease_expires_at = ? where id = ?', [new Date(Date.now() - 60_000).toISOString(), lapsed]);
    // More newer, active, unheld items than the old scan of active items (100 before the first render, 400 after) ever reached.
    for (const batch of [0, 1]) {
      const items = Array.from({ length: 260 }, (_, n) => ({ ref: `pile${n}`, item_type: 'task', title: `Pile ${batch}-${n}`, priority: 5 }));
      await api(server.base, 'POST', '/work-items/batch', { items });
    }
    const heldTotal = (await api(server.base, 'GET', '/work-items?status=active&held=true&limit=1')).total_count as number;
    const page = await newPage();
    await openBoard(page, server.base);
    const progress = await column(page, 'progress');
    expect(progress).toContain('Held under the pile');
    expect(progress).not.toContain('Lapsed claim');
    expect(progress.some((t) => t.startsWith('Pile '))).toBe(false);
    expect(await page.locator('section[data-col="progress"] .count').textContent()).toBe(`(${heldTotal})`);
    // Nobody holds an item whose lease ended: it is ready, also in a subtree (whose columns the page sorts itself).
    const within = await newPage();
    await openBoard(within, server.base, `#/board?within=${leases}`);
    expect(await column(within, 'ready')).toEqual(['Lapsed claim']);
    expect(await column(within, 'progress')).toEqual([]);
  });

  it('saves a new title without rewriting labels that hold a comma or a quote, and edits labels one per line', { timeout: 60_000 }, async () => {
    const labels = ['team:a,b', 'say "hi"', 'x'];
    const { id } = (await api(server.base, 'POST', '/work-items', { item_type: 'task', title: 'Comma labels', labels, parent_id: s.sprint1 })) as { id: string };
    const page = await newPage();
    await page.goto(`${server.base}/#/item/${id}`);
    await page.waitForSelector('.item-detail[aria-busy="false"]');
    await page.fill('#edit-title', 'Comma labels, renamed');
    await page.click('#save-text');
    await page.waitForFunction(() => document.querySelector('#item-title')?.textContent?.includes('renamed') && document.querySelector('.notice')?.textContent === 'Saved.');
    const renamed = (await api(server.base, 'GET', `/work-items/${id}`)) as { item: { title: string; labels: string[] } };
    expect(renamed.item).toMatchObject({ title: 'Comma labels, renamed', labels });
    const history = (await api(server.base, 'GET', `/work-items/${id}/history?limit=1`)) as { entries: { changes: Record<string, unknown> }[] };
    expect(Object.keys(history.entries[0]!.changes)).toEqual(['title']); // only what the user changed was sent
    expect(await page.inputValue('#edit-labels')).toBe(labels.join('\n'));
    // A label added on its own line keeps its comma too.
    await page.fill('#edit-labels', [...labels, 'y, z'].join('\n'));
    await page.click('#save-text');
    await page.waitForFunction(() => document.querySelectorAll('.item-detail dd .label').length === 4);
    expect(((await api(server.base, 'GET', `/work-items/${id}`)) as { item: { labels: string[] } }).item.labels).toEqual([...labels, 'y, z']);
    // Saving with nothing changed (a blank line added is not a label) writes nothing and says so.
    const version = Number(await page.textContent('[data-testid="item-version"]'));
    await page.fill('#edit-labels', `${await page.inputValue('#edit-labels')}\n\n`);
    await page.click('#save-text');
    await page.waitForFunction(() => /Nothing to save/.test(document.querySelector('.notice')?.textContent ?? ''));
    expect(((await api(server.base, 'GET', `/work-items/${id}`)) as { item: { version: number } }).item.version).toBe(version);
  });

  it('keeps a picked but unsaved status across a live change, and sends it through the conflict view', { timeout: 60_000 }, async () => {
    const { id } = (await api(server.base, 'POST', '/work-items', { item_type: 'task', title: 'Status picked', parent_id: s.sprint1 })) as { id: string };
    const page = await newPage();
    await page.goto(`${server.base}/#/item/${id}`);
    await page.waitForSelector('.item-detail[aria-busy="false"]');
    await page.waitForSelector('.live.live');
    const held = Number(await page.textContent('[data-testid="item-version"]'));
    await page.selectOption('#edit-status', 'completed');
    await cli(db.root, ['work', 'update', id, '--title', 'Status picked (renamed by the CLI)']);
    await page.waitForFunction(() => /changed this item while you were editing/.test(document.querySelector('.notice')?.textContent ?? ''));
    expect(await page.inputValue('#edit-status')).toBe('completed'); // not replaced by the live reload
    await page.click('#save-status');
    await page.waitForSelector('.conflict');
    expect(await page.locator('.conflict tr[data-field="status"] .mine').textContent()).toBe('completed');
    expect(await page.locator('.conflict tr[data-field="title"] .theirs').textContent()).toBe('Status picked (renamed by the CLI)');
    await page.click('.conflict .reapply');
    await page.waitForFunction(() => document.querySelector('[data-testid="item-status"]')?.textContent === 'completed');
    const after = (await api(server.base, 'GET', `/work-items/${id}`)) as { item: { status: string; title: string; version: number } };
    expect(after.item).toMatchObject({ status: 'completed', title: 'Status picked (renamed by the CLI)', version: held + 2 });
    // "Set status" with the status it already has writes nothing and never says Saved.
    await page.click('#save-status');
    await page.waitForFunction(() => /Nothing to save/.test(document.querySelector('.notice')?.textContent ?? ''));
    expect(((await api(server.base, 'GET', `/work-items/${id}`)) as { item: { version: number } }).item.version).toBe(held + 2);
  });

  it('keeps text typed in the dependency box across a live change', { timeout: 60_000 }, async () => {
    const { id } = (await api(server.base, 'POST', '/work-items', { item_type: 'task', title: 'Dependency typed', parent_id: s.sprint1 })) as { id: string };
    const page = await newPage();
    await page.goto(`${server.base}/#/item/${id}`);
    await page.waitForSelector('.item-detail[aria-busy="false"]');
    await page.waitForSelector('.live.live');
    await page.fill('#dep-target', 'abc123');
    await cli(db.root, ['work', 'update', id, '--priority', '2']); // a real change: an update that changes nothing writes nothing and announces nothing
    await page.waitForFunction(() => /changed this item while you were editing/.test(document.querySelector('.notice')?.textContent ?? ''));
    expect(await page.inputValue('#dep-target')).toBe('abc123');
  });

  it('updates an item opened by its short id live', { timeout: 60_000 }, async () => {
    const created = (await api(server.base, 'POST', '/work-items', { item_type: 'task', title: 'Opened by short id', parent_id: s.sprint1 })) as { id: string; short_id: string };
    const page = await newPage();
    await page.goto(`${server.base}/#/item/${created.short_id}`);
    await page.waitForSelector('.item-detail[aria-busy="false"]');
    await page.waitForSelector('.live.live');
    await cli(db.root, ['work', 'update', created.id, '--title', 'Opened by short id, renamed live']);
    await page.waitForFunction(() => document.querySelector('#item-title')?.textContent?.includes('renamed live'));
  });

  it('fills Ready under a label filter from later pages of list_ready_work', { timeout: 60_000 }, async () => {
    // More urgent unlabelled ready items than one page, then the one with the label.
    const items = Array.from({ length: 30 }, (_, n) => ({ ref: `u${n}`, item_type: 'task', title: `Unlabelled ${n}`, priority: 1 }));
    await api(server.base, 'POST', '/work-items/batch', { items });
    await api(server.base, 'POST', '/work-items', { item_type: 'task', title: 'Rare ready', priority: 1, labels: ['rare-label'] });
    const page = await newPage();
    await openBoard(page, server.base, '#/board?label=rare-label');
    expect(await column(page, 'ready')).toEqual(['Rare ready']);
  });
});

(reason ? describe.skip : describe)('the charts [sqlite]', () => {
  it('dates completed work by when its status became completed, not by a later edit', { timeout: 60_000 }, async () => {
    requireBuiltBinary();
    const db = await createTestDatabase('sqlite');
    // Completed three weeks ago (a clock the test sets), renamed today.
    let now = Date.now() - 21 * 86_400_000;
    const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, clientId: 'seed', clock: () => new Date(now) });
    const item = await ps.create_work_item({ item_type: 'task', title: 'Finished three weeks ago', status: 'completed' });
    now = Date.now();
    await ps.update_work_item({ id: item.id, version: item.version, title: 'Finished three weeks ago, renamed today' });
    await ps.close();
    const server = await startServer(['--root', db.root]);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${server.base}/#/charts`);
      const rows = page.locator('figure.chart-box:has(figcaption:text("Work completed per week")) tbody tr td');
      await page.waitForFunction(() => !/loading…/.test(document.querySelector('main')?.textContent ?? ''));
      const values = (await rows.allTextContents()).map(Number);
      expect(values).toHaveLength(12);
      expect(values.at(-1)).toBe(0); // not this week, when it was renamed
      expect(values.at(-4)).toBe(1); // the week it was completed
      expect(values.reduce((a, b) => a + b, 0)).toBe(1);
    } finally {
      await browser.close();
      await stop(server);
      await db.drop();
    }
  });
});

(reason ? describe.skip : describe)('the board on an empty project and a narrow screen [sqlite]', () => {
  it('says there are no deployments yet, shows a load error, and scrolls the vendors table inside its box at 390 px', { timeout: 60_000 }, async () => {
    requireBuiltBinary();
    const db = await createTestDatabase('sqlite');
    const server = await startServer(['--root', db.root]);
    const browser = await launchChromium();
    try {
      for (const n of [1, 2, 3]) {
        await api(server.base, 'POST', '/vendors', { name: `vendor-with-a-rather-long-name-${n}`, status: 'operational', extractor_version: `extractor-build-2026.11.30-${n}-long`, initial_metadata: { format_support: { excel: true, csv: true, pdf: true, ocr: true } } });
      }
      const page = await (await browser.newContext({ viewport: { width: 390, height: 800 } })).newPage();
      await page.goto(`${server.base}/#/deployments`);
      await page.waitForSelector('section[aria-labelledby="deployments-h"][aria-busy="false"]');
      expect(await page.locator('section[aria-labelledby="deployments-h"] .empty').textContent()).toBe('No deployments yet.');
      expect(await page.locator('section[aria-labelledby="deployments-h"] button.more').isVisible()).toBe(false);
      expect({ violations: await seriousViolations(page) }).toEqual({ violations: [] });

      await page.goto(`${server.base}/#/vendors`);
      await page.waitForSelector('section[aria-labelledby="vendors-h"][aria-busy="false"]');
      expect(await page.locator('table.grid tbody tr').count()).toBe(3);
      const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth, table: document.querySelector('table.grid')!.scrollWidth }));
      expect(widths.page).toBeLessThanOrEqual(widths.view); // the page itself does not scroll sideways
      await screenshot(page, 'vendors-390');
      expect({ violations: await seriousViolations(page) }).toEqual({ violations: [] });

      // With the server gone, the view says the deployments could not be read instead of a bare heading.
      await stop(server);
      await page.evaluate(() => (location.hash = '#/deployments'));
      await page.waitForSelector('section[aria-labelledby="deployments-h"] [role="alert"]');
      expect(await page.locator('section[aria-labelledby="deployments-h"] [role="alert"]').textContent()).toMatch(/^Deployments not loaded: /);
      expect(await page.locator('section[aria-labelledby="deployments-h"] .empty').textContent()).toBe('');
    } finally {
      await browser.close();
      await stop(server);
      await db.drop();
    }
  });
});

(reason ? describe.skip : describe)('the board with a token [sqlite]', () => {
  it('asks for the token once, sends it only as a bearer header, and never puts it in a URL', { timeout: 60_000 }, async () => {
    const TOKEN = 'board-token-0123456789abcdef';
    requireBuiltBinary();
    const db = await createTestDatabase('sqlite');
    const server = await startServer(['--root', db.root, '--token', TOKEN]);
    const browser = await launchChromium();
    try {
      await api(server.base, 'POST', '/work-items', { item_type: 'task', title: 'Behind a token' }, { Authorization: `Bearer ${TOKEN}` });
      const page = await browser.newPage();
      const urls: string[] = [];
      const auth = new Set<string>();
      page.on('request', (r) => {
        urls.push(r.url());
        const h = r.headers().authorization;
        if (h) auth.add(h);
      });
      await page.goto(`${server.base}/`);
      await page.waitForSelector('dialog.token-dialog[open]');
      expect(await page.locator('dialog.token-dialog').count()).toBe(1); // one form for every refused call
      await screenshot(page, 'token');
      await page.fill('#token-input', TOKEN);
      await page.press('#token-input', 'Enter');
      await page.waitForFunction(() => [...document.querySelectorAll('.card .title')].some((e) => e.textContent === 'Behind a token'));
      await page.waitForSelector('.live.live');
      expect([...auth]).toEqual([`Bearer ${TOKEN}`]);
      expect(urls.filter((u) => u.includes(TOKEN))).toEqual([]);
      expect(await page.locator('dialog.token-dialog').count()).toBe(0);
      // A page from another origin is refused by the same Origin rule as any API client.
      const foreign = await fetch(`${server.base}/work-items`, { headers: { Authorization: `Bearer ${TOKEN}`, Origin: 'https://evil.example' } });
      expect(foreign.status).toBe(403);
    } finally {
      await browser.close();
      await stop(server);
      await db.drop();
    }
  });
});

const pgReason = await postgresUnavailableReason();
if (pgReason && !POSTGRES_REQUIRED) console.warn(`[skip] board in Chromium [postgres]: ${pgReason}`);

(reason || (pgReason && !POSTGRES_REQUIRED) ? describe.skip : describe)('the board in Chromium [postgres, two servers]', () => {
  it('shows changes made through another server process and the CLI on the same database, live', { timeout: 90_000 }, async () => {
    requireBuiltBinary();
    const db = await createTestDatabase('postgres', 'board_live');
    const env = { PROJECT_STATUS_DATABASE_URL: db.url };
    const [a, b] = await Promise.all([startServer(['--root', db.root, '--client-id', 'server-a'], env), startServer(['--root', db.root, '--client-id', 'server-b'], env)]);
    const browser = await launchChromium();
    try {
      const task = (await api(b.base, 'POST', '/work-items', { item_type: 'task', title: 'Seeded through B' })) as { id: string; version: number };
      const page = await browser.newPage();
      await openBoard(page, a.base);
      await page.waitForSelector('.live.live');
      expect(await column(page, 'ready')).toEqual(['Seeded through B']);
      await api(b.base, 'PATCH', `/work-items/${task.id}`, { status: 'blocked' }, { 'If-Match': `"${task.version}"` });
      await page.waitForFunction(() => [...document.querySelectorAll('section[data-col="blocked"] .card .title')].some((e) => e.textContent === 'Seeded through B'));
      await new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, '--root', db.root, '--client-id', 'cli-user', 'work', 'create', 'task', 'Created by the CLI'], { env: { PATH: process.env.PATH ?? '', ...env } });
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`cli exited ${code}`))));
      });
      await page.waitForFunction(() => [...document.querySelectorAll('section[data-col="ready"] .card .title')].some((e) => e.textContent === 'Created by the CLI'));
    } finally {
      await browser.close();
      await stopAll();
      await db.drop();
    }
  });
});
