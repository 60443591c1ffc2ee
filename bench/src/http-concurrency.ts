/**
 * `pnpm --filter @project-status/bench bench:http-concurrency`: the real
 * `project-status-http` binary under a burst of concurrent requests. For each
 * engine it seeds a project, starts the binary on a free port, and sends
 * rounds of N requests at once (default 1 000: half `GET /work-items/{id}`,
 * half `GET /vendors/{name}`), after one untimed round. Prints p50/p95/p99/max
 * latency of every request from send to parsed body, the wall time of a
 * round, and every non-2xx answer by status — the goal is none. With
 * PostgreSQL a burst far larger than the pool (10 connections by default)
 * must queue, not fail. Never a CI gate.
 */
import { Agent, get } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { openProjectStatus } from '@project-status/storage';
import { z } from 'zod';
import { createBenchDatabase } from './databases.js';
import { ms } from './result-table.js';
import { seedProject } from './seed.js';
import { startServer, stopServer } from './spawn-server.js';
import { summarize } from './stats.js';

const require = createRequire(import.meta.url);
const HTTP_BIN = join(dirname(require.resolve('@project-status/http/package.json')), 'dist', 'main.js');

const Options = z.strictObject({
  engines: z.array(z.enum(['sqlite', 'postgres'])).min(1),
  concurrency: z.coerce.number().int().min(1).max(20_000),
  rounds: z.coerce.number().int().min(1).max(100),
  scale: z.coerce.number().int().min(1).max(1000),
  poolSize: z.coerce.number().int().min(1).max(1000).optional(),
  bin: z.string().min(1),
  postgresUrl: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL where the bench may create and drop databases'),
});

const USAGE = `Usage: pnpm --filter @project-status/bench bench:http-concurrency [-- options]
  --engine sqlite,postgres  engines to run                                [sqlite,postgres]
  --concurrency N           requests sent at once per round               [1000]
  --rounds N                timed rounds (after one untimed)              [3]
  --scale N                 seed scale                                    [1]
  --pool-size N             PostgreSQL pool_size in the URL               [the default, 10]
  --bin PATH                the HTTP binary (e.g. another checkout's)     [this workspace's]
  --postgres-url URL        server for a scratch database                 [$PROJECT_STATUS_TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test]`;

function parseOptions(): z.infer<typeof Options> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      engine: { type: 'string', default: 'sqlite,postgres' },
      concurrency: { type: 'string', default: '1000' },
      rounds: { type: 'string', default: '3' },
      scale: { type: 'string', default: '1' },
      'pool-size': { type: 'string' },
      bin: { type: 'string', default: HTTP_BIN },
      'postgres-url': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const parsed = Options.safeParse({
    engines: values.engine.split(','),
    concurrency: values.concurrency,
    rounds: values.rounds,
    scale: values.scale,
    poolSize: values['pool-size'],
    bin: values.bin,
    postgresUrl: values['postgres-url'] ?? process.env.PROJECT_STATUS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  });
  if (!parsed.success) {
    console.error(`${parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('\n')}\n\n${USAGE}`);
    process.exit(2);
  }
  return parsed.data;
}

interface Round {
  samples: number[];
  wallMs: number;
  errors: Map<string, number>;
}

/** One GET: its status and parsed JSON body. */
function request(url: string, agent: Agent): Promise<{ status: number; body: { error?: { message?: string } } }> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => {
        try {
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as { error?: { message?: string } } });
        } catch (error) {
          reject(error as Error);
        }
      });
      response.on('error', reject);
    }).on('error', reject);
  });
}

/** Sends `paths` all at once; every request's time runs from its send to its parsed body. */
async function burst(base: string, paths: readonly string[], agent: Agent): Promise<Round> {
  const errors = new Map<string, number>();
  const started = performance.now();
  const samples = await Promise.all(
    paths.map(async (path) => {
      const t = performance.now();
      try {
        const { status, body } = await request(`${base}${path}`, agent);
        if (status < 200 || status > 299) {
          const key = `${status} ${body.error?.message?.slice(0, 80) ?? ''}`;
          errors.set(key, (errors.get(key) ?? 0) + 1);
        }
      } catch (error) {
        const key = `network: ${(error as Error).message}`;
        errors.set(key, (errors.get(key) ?? 0) + 1);
      }
      return performance.now() - t;
    }),
  );
  return { samples, wallMs: performance.now() - started, errors };
}

const options = parseOptions();
console.log(
  `HTTP under ${options.concurrency} concurrent requests (half GET /work-items/{id}, half GET /vendors/{name}), ${options.rounds} timed round(s) after 1 untimed, scale ${options.scale}${options.poolSize ? `, pool_size=${options.poolSize}` : ''}; times in ms.\n`,
);
console.log('| engine | requests | errors | p50 | p95 | p99 | max | round wall time (median) |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
const failures: string[] = [];
for (const engine of options.engines) {
  const db = await createBenchDatabase(engine, options.postgresUrl, `httpburst${options.scale}`);
  try {
    const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, clientId: 'bench' });
    const seed = await seedProject(ps, { scale: options.scale });
    await ps.close();
    let url = db.url;
    if (engine === 'postgres' && options.poolSize) url = `${url}${url.includes('?') ? '&' : '?'}pool_size=${options.poolSize}`;
    const args = [options.bin, '--port', '0', '--database-url', url, '--root', db.root, '--auto-archive', 'off'];
    const { base, child } = await startServer(args, 'stderr', (line) => /listening on (http:\/\/\S+)/.exec(line)?.[1] ?? null);
    // One fresh connection per request, as that many separate clients would open. (Reusing kept-alive
    // sockets across rounds measured the server's 5 s keep-alive timeout racing the client — "socket
    // hang up" — not the store.)
    const dispatcher = new Agent({ keepAlive: false, maxSockets: options.concurrency });
    try {
      const paths = Array.from({ length: options.concurrency }, (_, i) =>
        i % 2 === 0 ? `/work-items/${seed.workItemIds[(i * 7919) % seed.workItemIds.length]!}` : `/vendors/${encodeURIComponent(seed.vendorNames[i % seed.vendorNames.length]!)}`,
      );
      await burst(base, paths, dispatcher);
      const rounds: Round[] = [];
      for (let r = 0; r < options.rounds; r++) rounds.push(await burst(base, paths, dispatcher));
      const all = summarize(rounds.flatMap((r) => r.samples));
      const errors = new Map<string, number>();
      for (const round of rounds) for (const [k, n] of round.errors) errors.set(k, (errors.get(k) ?? 0) + n);
      const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
      const wall = rounds.map((r) => r.wallMs).sort((a, b) => a - b)[Math.floor(rounds.length / 2)]!;
      console.log(`| ${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'} | ${all.n} | ${errorCount} | ${ms(all.p50)} | ${ms(all.p95)} | ${ms(all.p99)} | ${ms(all.max)} | ${ms(wall)} |`);
      for (const [k, n] of errors) failures.push(`${engine}: ${n} × ${k}`);
    } finally {
      dispatcher.destroy();
      await stopServer(child);
    }
  } finally {
    await db.drop();
  }
}
if (failures.length) console.log(`\nNon-2xx answers:\n${failures.map((f) => `- ${f}`).join('\n')}`);
