#!/usr/bin/env node
/**
 * `project-status-http`: reads the configuration, opens the project's store
 * and serves the API. Everything else lives in `createHttpApp`.
 */
import { serve } from '@hono/node-server';
import { describeArchiveRun, openProjectStatus, startArchiveScheduler } from '@project-status/storage';
import { createRequire } from 'node:module';
import { createHttpApp } from './app.js';
import { DEFAULT_CLIENT_ID, HELP, loadConfig } from './config.js';

/** Read at run time: importing package.json would inline the whole source manifest into the bundle. */
const packageJson = createRequire(import.meta.url)('../package.json') as { version: string };

const result = loadConfig(process.argv.slice(2), process.env);
if (!result.ok) {
  process.stderr.write(`project-status-http: ${result.message}\nRun project-status-http --help for the options.\n`);
  process.exit(2);
}
const { config } = result;
if (config.action === 'help') {
  process.stdout.write(HELP);
  process.exit(0);
}
if (config.action === 'version') {
  process.stdout.write(`${packageJson.version}\n`);
  process.exit(0);
}

const { serve: options } = config;
const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);

let ps: Awaited<ReturnType<typeof openProjectStatus>>;
try {
  // Listen even while the database is down: /health answers 503 with the cause, every other route a
  // retryable 503 DATABASE_ERROR when no fallback layer (cache, git, markdown) can answer either, and the
  // store connects on a later request once the database answers (docs/outage.md).
  ps = await openProjectStatus({ databaseUrl: options.databaseUrl, root: options.root, env: config.storageEnv, clientId: options.clientId, defaultClientId: DEFAULT_CLIENT_ID, whenUnavailable: 'defer', fallback: true });
} catch (error) {
  process.stderr.write(`project-status-http: ${(error as Error).message}\n`);
  process.exit(1);
}

const startHealth = await ps.store.ping();
if (!startHealth.ok && startHealth.outage === false) log(`the database refused the connection, serving anyway (requests answer 503 DATABASE_ERROR until this is fixed): ${startHealth.error ?? 'unknown error'}`);
else if (!startHealth.ok) log(`the database is unavailable, serving anyway (requests answer 503 until it answers): ${startHealth.error ?? 'unknown error'}`);

const app = createHttpApp(ps, {
  clientId: ps.clientId,
  token: options.token,
  corsOrigin: options.corsOrigin,
  allowedHosts: config.allowedHosts,
  maxBodyBytes: options.maxBodyBytes,
  log,
  info: { version: packageJson.version },
});

const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info) => {
  const host = options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host;
  const where = ps.target.engine === 'sqlite' ? ps.target.file : 'postgres';
  process.stderr.write(`project-status-http listening on http://${host}:${info.port} (${where}; auth ${options.token ? 'bearer token' : 'off'})\n`);
});
server.on('error', (error: NodeJS.ErrnoException) => {
  process.stderr.write(`project-status-http: cannot listen on ${options.host}:${options.port}: ${error.message}\n`);
  void ps.close().finally(() => process.exit(1));
});

// SPEC §3.7: a long-running surface archives old finished work at most once a day.
const archiver = startArchiveScheduler(ps, {
  root: ps.root,
  enabled: options.autoArchive === 'on',
  onRun: (r) => log(describeArchiveRun(r)),
});

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  log(`${signal}: shutting down`);
  archiver.stop();
  server.close(() => void ps.close().finally(() => process.exit(0)));
  // Keep-alive connections may hold close() open; do not hang forever.
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
