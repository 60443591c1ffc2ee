import { parseArgs } from 'node:util';
import { z } from 'zod';
import { TOOLSETS, type Toolset } from '@project-status/core';
import { isLoopbackHost, UnsafeBindError } from './http/guards.js';
import { DEFAULT_MAX_SESSIONS, DEFAULT_MAX_SESSIONS_PER_CLIENT, DEFAULT_SESSION_IDLE_TIMEOUT_MS } from './http/sessions.js';

/** Default cap on one HTTP request body: MCP messages are small; anything bigger is a mistake or an attack. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Default port of the Streamable HTTP transport. */
export const DEFAULT_PORT = 3717;

/** Everything the server reads from its command line and environment, parsed once. */
export const McpConfig = z.strictObject({
  /** `--database-url`; wins over the environment. */
  databaseUrl: z.string().min(1).optional(),
  /** `PROJECT_STATUS_DATABASE_URL`, handed to storage so it can report where the choice came from. */
  envDatabaseUrl: z.string().min(1).optional(),
  root: z.string().min(1).optional(),
  clientId: z.string().trim().min(1).max(100).optional(),
  toolsets: z.array(z.enum(TOOLSETS)).min(1).optional(),
  http: z.boolean().default(false),
  host: z.string().min(1).default('127.0.0.1'),
  port: z.int().min(0).max(65_535).default(DEFAULT_PORT),
  token: z.string().min(16, 'a bearer token must be at least 16 characters').optional(),
  allowedOrigins: z.array(z.url()).default([]),
  maxBodyBytes: z.int().min(1024).max(64 * 1024 * 1024).default(DEFAULT_MAX_BODY_BYTES),
  /** Seconds without a request (or open stream) after which an HTTP session is closed. */
  sessionIdleTimeout: z.int().min(1).max(7 * 24 * 3600).default(DEFAULT_SESSION_IDLE_TIMEOUT_MS / 1000),
  maxSessions: z.int().min(1).max(100_000).default(DEFAULT_MAX_SESSIONS),
  maxSessionsPerClient: z.int().min(1).max(100_000).default(DEFAULT_MAX_SESSIONS_PER_CLIENT),
  /** Background archiving at most once a day (SPEC §3.7). */
  autoArchive: z.enum(['on', 'off'], { error: 'auto-archive must be on or off' }).default('on'),
});
export type McpConfig = z.infer<typeof McpConfig>;

/** What the command line asks for: run with a config, or print help/version, or fail with a message. */
export type ConfigResult =
  | { kind: 'run'; config: McpConfig }
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'error'; message: string };

const OPTIONS = {
  'database-url': { type: 'string' },
  root: { type: 'string' },
  'client-id': { type: 'string' },
  toolsets: { type: 'string' },
  http: { type: 'boolean' },
  host: { type: 'string' },
  port: { type: 'string' },
  token: { type: 'string' },
  'allowed-origins': { type: 'string' },
  'max-body-bytes': { type: 'string' },
  'session-idle-timeout': { type: 'string' },
  'max-sessions': { type: 'string' },
  'max-sessions-per-client': { type: 'string' },
  'auto-archive': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** The `--help` text; flags and environment variables in one place. */
export const HELP = `project-status-mcp — Project Status as an MCP server (stdio by default)

Usage: project-status-mcp [options]

Options:
  --database-url URL     postgres://… or sqlite:path (env PROJECT_STATUS_DATABASE_URL);
                         default: .project-status/status.db under the project root
  --root DIR             project root (default: nearest folder upwards with .git or
                         .project-status, else the working directory)
  --client-id ID         actor for writes when neither the tool call nor the MCP client
                         names one (env PROJECT_STATUS_CLIENT_ID, default "mcp")
  --toolsets LIST        comma-separated tool groups to advertise (env PROJECT_STATUS_TOOLSETS):
                         ${TOOLSETS.join(', ')}; default: all
  --http                 serve Streamable HTTP at /mcp instead of stdio
  --host HOST            HTTP bind address (default 127.0.0.1)
  --port PORT            HTTP port (default ${DEFAULT_PORT}; 0 picks a free one)
  --token TOKEN          bearer token clients must send (env PROJECT_STATUS_MCP_TOKEN);
                         required when --host is not a loopback address
  --allowed-origins LIST comma-separated browser origins (scheme://host:port) allowed besides the
                         server's own, e.g. http://localhost:6274 for the MCP Inspector
  --max-body-bytes N     largest accepted HTTP request body (default ${DEFAULT_MAX_BODY_BYTES})
  --session-idle-timeout SECONDS
                         close an HTTP session unused (no request, no open stream) this long
                         (default ${DEFAULT_SESSION_IDLE_TIMEOUT_MS / 1000}); its client gets 404 and starts a new one
  --max-sessions N       open HTTP sessions at most (default ${DEFAULT_MAX_SESSIONS}); when full, the least
                         recently used idle session is closed to make room
  --max-sessions-per-client N
                         open HTTP sessions of one remote address at most (default
                         ${DEFAULT_MAX_SESSIONS_PER_CLIENT}); beyond it, that client's least recently used one closes
  --auto-archive on|off  archive old finished work in the background at most once a day
                         (env PROJECT_STATUS_AUTO_ARCHIVE; default on)
  -h, --help             show this help
  -v, --version          show the version

Without a token, HTTP answers only to loopback Host names (DNS-rebinding protection).
If the database is down at start the server still starts: tools answer DATABASE_ERROR with the
cause, health_check reports it, and later calls connect once the database answers.
Logs go to stderr; on stdio, stdout carries only the protocol.`;

const list = (value: string | undefined): string[] | undefined =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

const integer = (value: string | undefined): number | undefined => (value === undefined || value.trim() === '' ? undefined : Number(value));

/**
 * Parses the command line and the environment into a validated {@link McpConfig}.
 * This is the only place the server reads `process.env` (it is passed in).
 *
 * @example
 * const result = parseConfig(process.argv.slice(2), process.env);
 * if (result.kind === 'run') await run(result.config);
 */
export function parseConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ConfigResult {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    return { kind: 'error', message: `${(error as Error).message}\nRun project-status-mcp --help for the options.` };
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const str = (key: keyof typeof OPTIONS): string | undefined => values[key] as string | undefined;
  const raw = {
    databaseUrl: str('database-url'),
    envDatabaseUrl: env.PROJECT_STATUS_DATABASE_URL || undefined,
    root: str('root'),
    clientId: str('client-id') ?? (env.PROJECT_STATUS_CLIENT_ID || undefined),
    toolsets: list(str('toolsets') ?? (env.PROJECT_STATUS_TOOLSETS || undefined)),
    http: values.http === true,
    host: str('host'),
    port: integer(str('port')),
    token: str('token') ?? (env.PROJECT_STATUS_MCP_TOKEN || undefined),
    allowedOrigins: list(str('allowed-origins')),
    maxBodyBytes: integer(str('max-body-bytes')),
    sessionIdleTimeout: integer(str('session-idle-timeout')),
    maxSessions: integer(str('max-sessions')),
    maxSessionsPerClient: integer(str('max-sessions-per-client')),
    autoArchive: str('auto-archive') ?? (env.PROJECT_STATUS_AUTO_ARCHIVE || undefined),
  };
  const unknown = raw.toolsets?.filter((t) => !(TOOLSETS as readonly string[]).includes(t)) ?? [];
  if (unknown.length > 0) {
    return { kind: 'error', message: `Unknown toolset(s): ${unknown.join(', ')}. Choose from ${TOOLSETS.join(', ')}.` };
  }
  const parsed = McpConfig.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || 'options'}: ${issue.message}`);
    return { kind: 'error', message: `Invalid configuration:\n${lines.join('\n')}\nRun project-status-mcp --help for the options.` };
  }
  // Refused before anything opens (exit 2, as the HTTP server does); startHttpServer checks again for library callers.
  if (parsed.data.http && !parsed.data.token && !isLoopbackHost(parsed.data.host)) return { kind: 'error', message: new UnsafeBindError(parsed.data.host).message };
  return { kind: 'run', config: parsed.data };
}

export type { Toolset };
