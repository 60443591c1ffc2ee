/**
 * `project-status-mcp`: reads the configuration once, opens the store and
 * serves MCP over stdio (default) or Streamable HTTP. stdout carries only the
 * protocol; every log line goes to stderr.
 *
 * Bundled whole into `dist/program.cjs`, which the bin (`dist/main.cjs`, the
 * shared launcher of `tooling/tsup`) runs with a code cache.
 */
import { HELP, parseConfig } from './config.js';
import { createMcpServer } from './server.js';
import { strictUtf8Lines } from './strict-stdin.js';
import { VERSION } from './version.js';

const log = (message: string): void => void process.stderr.write(`[project-status-mcp] ${message}\n`);

async function main(): Promise<number | undefined> {
  const parsed = parseConfig(process.argv.slice(2), process.env);
  if (parsed.kind === 'help' || parsed.kind === 'version') {
    process.stdout.write(`${parsed.kind === 'help' ? HELP : VERSION}\n`);
    return 0;
  }
  if (parsed.kind === 'error') {
    log(parsed.message);
    return 2;
  }
  const config = parsed.config;

  // Loaded after the arguments are checked, so --help, --version and mistakes answer at once.
  const { openProjectStatus, startArchiveScheduler, describeArchiveRun } = await import('@project-status/storage');
  const ps = await openProjectStatus({
    databaseUrl: config.databaseUrl,
    root: config.root,
    env: { PROJECT_STATUS_DATABASE_URL: config.envDatabaseUrl },
    clientId: config.clientId,
    defaultClientId: 'mcp',
    // Start even while the database is down: every tool then answers with the cause (and
    // health_check reports it) instead of the assistant seeing only "connection closed",
    // and the store connects on a later call once the database answers.
    whenUnavailable: 'defer',
    // …and keep answering from the local cache, git or markdown meanwhile, queueing writes (docs/outage.md).
    fallback: true,
  });
  // --client-id (or its env), then config.json, then "mcp"; a tool argument or the MCP client's name wins per call.
  const clientId = ps.clientId;
  const where = ps.target.engine === 'sqlite' ? ps.target.file : 'postgres';
  const serverOptions = { clientId, toolsets: config.toolsets, log };
  const health = await ps.store.ping();
  if (!health.ok && health.outage === false) log(`the database refused the connection, serving anyway (tools answer a non-retryable DATABASE_ERROR until this is fixed): ${health.error ?? 'unknown error'}`);
  else if (!health.ok) log(`the database is unavailable, serving anyway (tools answer DATABASE_ERROR until it answers): ${health.error ?? 'unknown error'}`);

  // SPEC §3.7: archive old finished work in the background, at most once a day across restarts.
  const archiver = startArchiveScheduler(ps, {
    root: ps.root,
    enabled: config.autoArchive === 'on',
    onRun: (r) => log(describeArchiveRun(r)),
  });

  let stopping = false;
  let stopTransport: () => Promise<void> = async () => undefined;
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    archiver.stop();
    await stopTransport().catch(() => undefined);
    await ps.close().catch(() => undefined);
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  if (config.http) {
    // Loaded only in HTTP mode, so stdio start-up does not pay for the HTTP transport.
    const { startHttpServer } = await import('./http/http-server.js');
    const running = await startHttpServer({
      host: config.host,
      port: config.port,
      token: config.token,
      allowedOrigins: config.allowedOrigins,
      maxBodyBytes: config.maxBodyBytes,
      sessionIdleTimeoutMs: config.sessionIdleTimeout * 1000,
      maxSessions: config.maxSessions,
      maxSessionsPerClient: config.maxSessionsPerClient,
      createServer: () => createMcpServer(ps, serverOptions),
      log,
    });
    stopTransport = () => running.close();
    log(`serving ${where} over Streamable HTTP at ${running.url}${config.token ? ' (bearer token required)' : ''}`);
    return undefined;
  }

  const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
  const server = createMcpServer(ps, serverOptions);
  // The SDK reads lines lossily (a Latin-1 byte becomes U+FFFD); lines that are not UTF-8 are answered here instead.
  const transport = new StdioServerTransport(strictUtf8Lines(process.stdin, (line) => void process.stdout.write(line), log), process.stdout);
  stopTransport = () => server.close();
  // The client closing stdin is how a stdio session ends.
  process.stdin.once('end', () => void stop(0));
  transport.onclose = () => void stop(0);
  await server.connect(transport);
  log(`serving ${where} over stdio`);
  return undefined;
}

main().then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
