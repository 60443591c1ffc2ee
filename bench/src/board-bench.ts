/// <reference lib="dom" />
/**
 * `pnpm --filter @project-status/bench bench:board [-- --scale 1,100 --engine sqlite --loads 15 --changes 40]`:
 * (`--database-url URL --root DIR` measures an already seeded project instead, for one `--scale`, and keeps it)
 * the board (`project-status-http` at `/`) measured in real Chromium
 * (Debian's `chromium`, or PROJECT_STATUS_CHROMIUM), per scale:
 *
 * 1. Time to a usable board: a fresh browser context (empty cache) opens
 *    `/`; the page records `performance.now()` when the four columns first
 *    render with data (`data-board-loaded`). Beside it: the same column
 *    requests sent from Node with fetch (the raw work the page waits for).
 * 2. Change → visible: another process (the library, as an MCP server or the
 *    CLI would write) renames a priority-1 task (first in Ready); a
 *    MutationObserver in the page stamps the wall-clock time the new title
 *    appears in the Ready column.
 *    Latency = that stamp − the moment the writer started the call.
 * 3. Bytes shipped: the page, board.js and board.css, raw and gzip.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openProjectStatus } from '@project-status/storage';
import { chromium } from 'playwright-core';
import { createBenchDatabase } from './databases.js';
import { ms } from './result-table.js';
import { seedProject } from './seed.js';
import { startServer, stopServer } from './spawn-server.js';
import { summarize, type Summary } from './stats.js';

const now = () => performance.timeOrigin + performance.now();

// ---- child mode: the writer in another process -------------------------------------------
if (process.argv[2] === '--writer') {
  const [url, root] = process.argv.slice(3);
  const ps = await openProjectStatus({ databaseUrl: url, root, clientId: 'bench-writer' });
  // One priority-1 root task, first in the Ready column; each change renames it.
  let item = await ps.create_work_item({ item_type: 'task', title: 'bench target', priority: 1 });
  process.stdout.write('ready\n');
  for await (const line of createInterface({ input: process.stdin })) {
    if (!line) continue;
    const start = now();
    item = await ps.update_work_item({ id: item.id, version: item.version, title: line });
    process.stdout.write(`${JSON.stringify({ start, end: now() })}\n`);
  }
  await ps.close();
  process.exit(0);
}

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { scale: { type: 'string', default: '1,100' }, engine: { type: 'string', default: 'sqlite' }, loads: { type: 'string', default: '15' }, changes: { type: 'string', default: '40' }, 'postgres-url': { type: 'string' }, 'database-url': { type: 'string' }, root: { type: 'string' } },
});
const scales = values.scale.split(',').map(Number);
const engine = values.engine as 'sqlite' | 'postgres';
const adminUrl = values['postgres-url'] ?? process.env.PROJECT_STATUS_BENCH_POSTGRES_URL ?? process.env.PROJECT_STATUS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CHROMIUM = process.env.PROJECT_STATUS_CHROMIUM || '/usr/bin/chromium';
const require = createRequire(import.meta.url);
const HTTP_BIN = join(dirname(require.resolve('@project-status/http/package.json')), 'dist', 'main.js');
const TSX_CLI = require.resolve('tsx/cli');
const SELF = fileURLToPath(import.meta.url);
const log = (line: string) => process.stderr.write(`${line}\n`);

/** The requests the board's first render waits for, as the page sends them. */
const COLUMN_REQUESTS = ['/work-items/ready?detail=full&limit=25', '/work-items?detail=full&status=active&held=true&limit=25&offset=0', '/work-items?detail=full&status=blocked&limit=25&offset=0', '/work-items?detail=full&status=completed&limit=25&offset=0'];

function row(name: string, s: Summary): string {
  return `| ${name} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${ms(s.max)} | ${s.n} |`;
}

async function bytesShipped(base: string): Promise<{ raw: number; gzip: number }> {
  let raw = 0;
  let gzip = 0;
  for (const path of ['/', '/board/board.js', '/board/board.css']) {
    raw += (await (await fetch(`${base}${path}`, { headers: { 'Accept-Encoding': 'identity' } })).arrayBuffer()).byteLength;
    const res = await fetch(`${base}${path}`, { headers: { 'Accept-Encoding': 'gzip' } });
    gzip += Number(res.headers.get('content-length') ?? (await res.arrayBuffer()).byteLength);
  }
  return { raw, gzip };
}

function startWriter(db: { url: string; root: string }): Promise<{ write: (title: string) => Promise<number>; close: () => Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [TSX_CLI, SELF, '--writer', db.url, db.root], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  return next().then(() => ({
    write: async (title: string) => {
      const reply = next();
      child.stdin!.write(`${title}\n`);
      return (JSON.parse(await reply) as { start: number }).start;
    },
    close: async () => {
      child.stdin!.end();
      await new Promise((r) => child.once('exit', r));
    },
  }));
}

/** The response headers of the board page that change how Chromium loads a page (security policy headers). */
async function securityHeadersOf(url: string): Promise<Record<string, string>> {
  const response = await fetch(url);
  await response.arrayBuffer();
  const names = ['content-security-policy', 'cross-origin-opener-policy', 'x-content-type-options', 'referrer-policy'];
  return Object.fromEntries(names.flatMap((name) => (response.headers.get(name) ? [[name, response.headers.get(name) as string]] : [])));
}

/**
 * Time to a rendered bare page in a fresh context (one untimed warm-up load): the HTML (and its
 * script, when `script` is given, at `/__bare.js`) fulfilled by Playwright with `headers`.
 */
async function timeBarePage(base: string, html: string, headers: Record<string, string>, script: string | undefined): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i <= Number(values.loads); i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route(`${base}/__bare`, (route) => route.fulfill({ contentType: 'text/html', headers, body: html }));
    if (script !== undefined) await page.route(`${base}/__bare.js`, (route) => route.fulfill({ contentType: 'text/javascript', headers, body: script }));
    await page.goto(`${base}/__bare`);
    await page.waitForFunction(() => document.documentElement.dataset.boardLoaded);
    const at = Number(await page.evaluate(() => document.documentElement.dataset.boardLoaded));
    if (i > 0) times.push(at);
    await context.close();
  }
  return times;
}

const out: string[] = [`# Board in Chromium (${engine}), ${new Date().toISOString()}`, ''];
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
try {
  for (const scale of scales) {
    const given = values['database-url'] && values.root ? { url: values['database-url'], root: values.root, drop: async () => undefined } : undefined;
    const db = given ?? (await createBenchDatabase(engine, adminUrl, `board${scale}`));
    try {
      if (!given) {
        log(`seeding scale ${scale} (${engine})…`);
        const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, clientId: 'bench-seed' });
        const seeded = await seedProject(ps, { scale, onProgress: () => undefined });
        await ps.close();
        log(`seeded ${seeded.counts.workItems ?? ''} work items in ${seeded.seconds.toFixed(1)} s`);
      }
      const { base, child } = await startServer([HTTP_BIN, '--port', '0', '--database-url', db.url, '--root', db.root, '--auto-archive', 'off'], 'stderr', (line) => /listening on (http:\/\/\S+)/.exec(line)?.[1] ?? null);
      try {
        // 1. Time to a usable board, fresh context each time (one untimed warm-up load).
        const loads: number[] = [];
        for (let i = 0; i <= Number(values.loads); i++) {
          const context = await browser.newContext();
          const page = await context.newPage();
          await page.goto(`${base}/`);
          await page.waitForFunction(() => document.documentElement.dataset.boardLoaded);
          const at = Number(await page.evaluate(() => document.documentElement.dataset.boardLoaded));
          if (i > 0) loads.push(at);
          await context.close();
        }
        // The floor with the raw tools: a bare page (same origin, fresh context) that fetches the
        // same four column requests and writes their titles as plain list items, no framework —
        // once as an inline script with no headers, and once doing the same work under the board's
        // own response headers (its CSP forbids inline scripts, so the script is a file, and its
        // Cross-Origin-Opener-Policy puts the page in a browsing context group of its own).
        const bareScript = `Promise.all(${JSON.stringify(COLUMN_REQUESTS)}.map((p) => fetch(p).then((r) => r.json()))).then((pages) => {
            const out = document.getElementById('out');
            for (const page of pages) for (const item of page.items ?? []) { const li = document.createElement('li'); li.textContent = item.title; out.append(li); }
            document.documentElement.dataset.boardLoaded = String(Math.round(performance.now()));
          });`;
        const bare = await timeBarePage(base, `<!doctype html><meta charset="utf-8"><title>bare</title><ul id="out"></ul><script>${bareScript}</script>`, {}, undefined);
        const boardHeaders = await securityHeadersOf(`${base}/`);
        const bareHeaded = await timeBarePage(base, '<!doctype html><meta charset="utf-8"><title>bare</title><script src="/__bare.js" defer></script><ul id="out"></ul>', boardHeaders, bareScript);
        const raw: number[] = [];
        for (let i = 0; i <= Number(values.loads); i++) {
          const start = performance.now();
          await Promise.all(COLUMN_REQUESTS.map(async (p) => (await fetch(`${base}${p}`)).json()));
          if (i > 0) raw.push(performance.now() - start);
        }

        // 2. Change in another process → visible in the page.
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${base}/`);
        await page.waitForFunction(() => document.documentElement.dataset.boardLoaded && document.documentElement.dataset.live === 'live');
        const writer = await startWriter(db);
        const latencies: number[] = [];
        for (let i = 0; i < Number(values.changes); i++) {
          const title = `bench change ${scale}-${i}-${Math.random().toString(36).slice(2, 8)}`;
          // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
          await page.evaluate(`window.__seen = new Promise((resolve) => {
            const t = ${JSON.stringify(title)};
            const observer = new MutationObserver(() => {
              if ([...document.querySelectorAll('section[data-col="ready"] .card .title')].some((e) => e.textContent === t)) {
                observer.disconnect();
                resolve(performance.timeOrigin + performance.now());
              }
            });
            observer.observe(document.body, { childList: true, subtree: true });
          }); 0`); // the trailing 0: evaluate would otherwise wait for the promise itself
          const start = await writer.write(title);
          const seenAt = await page.evaluate(() => (window as unknown as { __seen: Promise<number> }).__seen);
          latencies.push(seenAt - start);
          await new Promise((r) => setTimeout(r, 50));
        }
        await writer.close();
        await context.close();

        const bytes = await bytesShipped(base);
        out.push(
          `## Scale ${scale} (${scale === 1 ? '1 200' : '120 000'} work items)`,
          '',
          '| measure | p50 | p95 | p99 | max | n |',
          '|---|---|---|---|---|---|',
          row('time to usable board (navigation → columns rendered with data), fresh context', summarize(loads)),
          row('  beside: a bare page fetching the same four column requests, fresh context (no framework, no CSP)', summarize(bare)),
          row(`  beside: the same bare page under the board's headers (${Object.keys(boardHeaders).join(', ') || 'none'}), script as a file`, summarize(bareHeaded)),
          row('  beside: the same four column requests from Node (fetch, parallel)', summarize(raw)),
          row('change in another process → visible in the page', summarize(latencies)),
          '',
          `Shipped: page + board.js + board.css = ${(bytes.raw / 1024).toFixed(1)} kB raw, **${(bytes.gzip / 1024).toFixed(1)} kB gzip** (budget 80 kB).`,
          '',
        );
        log(out.slice(-8).join('\n'));
      } finally {
        await stopServer(child);
      }
    } finally {
      await db.drop();
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(`${out.join('\n')}\n`);
