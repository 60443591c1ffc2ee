/**
 * `pnpm --filter @project-status/bench bench:http`: end-to-end latency of the
 * real `project-status-http` binary, as a client on the same machine sees it.
 * For each engine and scale it seeds a project (PostgreSQL is then vacuumed
 * and analysed), starts the binary on a free port, and times N sequential
 * `GET /vendors/{name}` and `GET /work-items/{id}` requests (fetch, keep-alive,
 * body parsed) beside a bare `node:http` server running the same SQL through
 * the raw driver (the same work with none of our code), the same operations
 * in process, and a bare `node:http` server answering a fixed JSON body (what
 * HTTP alone costs).
 * Prints p50/p95/p99 tables; never a CI gate.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLatencyBench, type LatencyOperation } from './latency-harness.js';
import { startServer as start, stopServer as stop } from './spawn-server.js';

const require = createRequire(import.meta.url);
const HTTP_BIN = join(dirname(require.resolve('@project-status/http/package.json')), 'dist', 'main.js');
const NOOP_SERVER = join(dirname(fileURLToPath(import.meta.url)), 'http-noop-server.ts');
const RAW_SERVER = join(dirname(fileURLToPath(import.meta.url)), 'http-raw-server.ts');
const TSX_CLI = require.resolve('tsx/cli');

/** A request that must succeed, with its JSON body read as a client would. */
async function get(url: string): Promise<unknown> {
  const response = await fetch(url);
  const body: unknown = await response.json();
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status} during the benchmark: ${JSON.stringify(body)}`);
  return body;
}

const PATHS: Record<LatencyOperation, (args: Record<string, string>) => string> = {
  query_vendor_status: (a) => `/vendors/${encodeURIComponent(a.name!)}`,
  query_work_item: (a) => `/work-items/${a.id!}`,
};

await runLatencyBench({
  script: 'bench:http',
  transport: 'HTTP',
  heading: (o) => `HTTP end-to-end latency (fetch with keep-alive, body parsed), ${o.iterations} sequential requests per row after ${o.warmup} warm-up; times in ms.`,
  floor: {
    title: 'Bare node:http round trip (fixed JSON body, no database)',
    label: 'noop',
    async open() {
      const { base, child } = await start([TSX_CLI, NOOP_SERVER], 'stdout', (line) => (/^\d+$/.test(line) ? `http://127.0.0.1:${line}` : null));
      return { call: () => get(`${base}/`), close: () => stop(child) };
    },
  },
  async open(db) {
    const args = [HTTP_BIN, '--port', '0', '--database-url', db.url, '--root', db.root, '--auto-archive', 'off'];
    const { base, child } = await start(args, 'stderr', (line) => /listening on (http:\/\/\S+)/.exec(line)?.[1] ?? null);
    return { call: (op, a) => get(`${base}${PATHS[op](a)}`), close: () => stop(child) };
  },
  sameWork: {
    title: 'bare node:http + raw driver',
    async open(db) {
      const args = [TSX_CLI, RAW_SERVER, db.engine, db.engine === 'sqlite' ? db.file! : db.url];
      const { base, child } = await start(args, 'stdout', (line) => (/^\d+$/.test(line) ? `http://127.0.0.1:${line}` : null));
      return { call: (op, a) => get(`${base}${PATHS[op](a)}`), close: () => stop(child) };
    },
  },
});
