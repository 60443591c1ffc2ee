import { parseArgs } from 'node:util';
import { Actor, allowedHostNames, isLoopbackHost } from '@project-status/core';
import { z } from 'zod';
import { DEFAULT_MAX_BODY_BYTES } from './app.js';

/**
 * The server's configuration, read once from the command line and the
 * environment and checked with zod. Nothing else in the app reads
 * `process.env`; storage gets the one variable it may use through `storageEnv`.
 */

/** The default port; 0 picks a free one. */
export const DEFAULT_PORT = 3700;

/** The actor when neither `--client-id`, `PROJECT_STATUS_CLIENT_ID` nor config.json names one. */
export const DEFAULT_CLIENT_ID = 'http';

/** `--help` text. */
export const HELP = `project-status-http — the Project Status HTTP API

Usage: project-status-http [options]

Options:
  --port <n>            port to listen on (default ${DEFAULT_PORT}; 0 = any free port)
  --host <name>         interface to bind (default 127.0.0.1); anything but loopback needs a token
  --token <secret>      require "Authorization: Bearer <secret>" on every route but /health
                        (env PROJECT_STATUS_HTTP_TOKEN; at least 16 characters)
  --cors-origin <url>   allow this one browser origin, e.g. http://localhost:5173 (CORS is off by default)
  --database-url <url>  postgres://… or sqlite:path (env PROJECT_STATUS_DATABASE_URL;
                        default .project-status/status.db under the project root)
  --root <dir>          project root (default: nearest folder upwards holding .git or .project-status)
  --client-id <id>      actor recorded for requests without X-Client-Id (env PROJECT_STATUS_CLIENT_ID,
                        then "clientId" in .project-status/config.json, then http)
  --max-body-bytes <n>  request body limit (default ${DEFAULT_MAX_BODY_BYTES}); larger bodies get 413
  --auto-archive <on|off>  archive old finished work in the background at most once a day
                        (env PROJECT_STATUS_AUTO_ARCHIVE; default on)
  -h, --help            show this help
  -v, --version         show the version

The server logs one line per request to stderr. API description: GET /openapi.json, GET /docs.
`;

/** True for an address that only this machine can reach (the check the MCP server's HTTP transport uses too). */
export const isLoopback: (host: string) => boolean = isLoopbackHost;

const Origin = z.string().refine(
  (value) => {
    try {
      return new URL(value).origin === value;
    } catch {
      return false;
    }
  },
  { message: 'must be an origin like http://localhost:5173 (scheme, host and optional port; no path or trailing slash)' },
);

const Port = z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0).max(65535);

/** The validated configuration of a running server. */
export const ServeConfig = z
  .strictObject({
    port: Port.default(DEFAULT_PORT),
    host: z.string().trim().min(1).default('127.0.0.1'),
    token: z.string().min(16, 'must be at least 16 characters (use a random secret, e.g. `openssl rand -hex 24`)').optional(),
    corsOrigin: Origin.optional(),
    databaseUrl: z.string().min(1).optional(),
    root: z.string().min(1).optional(),
    /** `--client-id`, else `PROJECT_STATUS_CLIENT_ID`; absent, main.ts takes config.json's `clientId`, then {@link DEFAULT_CLIENT_ID}. */
    clientId: Actor.optional(),
    maxBodyBytes: z.coerce.number().int().min(1024, 'must be at least 1024').max(100 * 1024 * 1024, 'must be at most 100 MiB').default(DEFAULT_MAX_BODY_BYTES),
    autoArchive: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  })
  .superRefine((config, ctx) => {
    if (!isLoopback(config.host) && !config.token) {
      ctx.addIssue({
        code: 'custom',
        path: ['token'],
        message: `refusing to listen on ${config.host} without a token: anyone who can reach it could change the project. Pass --token or set PROJECT_STATUS_HTTP_TOKEN, or bind 127.0.0.1`,
      });
    }
  });
export type ServeConfig = z.infer<typeof ServeConfig>;

/** What the command line asks for. */
export type Config =
  | { action: 'help' }
  | { action: 'version' }
  | {
      action: 'serve';
      serve: ServeConfig;
      /** Host names accepted in requests (DNS-rebinding protection) when bound to loopback. */
      allowedHosts: readonly string[] | undefined;
      /** The environment storage may read (only the database URL). */
      storageEnv: Record<string, string | undefined>;
    };

/** Either the configuration or a message saying what is wrong with the command line. */
export type ConfigResult = { ok: true; config: Config } | { ok: false; message: string };

/** Parses argv (without node and script) and the environment. Never throws. */
export function loadConfig(argv: readonly string[], env: Record<string, string | undefined>): ConfigResult {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        token: { type: 'string' },
        'cors-origin': { type: 'string' },
        'database-url': { type: 'string' },
        root: { type: 'string' },
        'client-id': { type: 'string' },
        'max-body-bytes': { type: 'string' },
        'auto-archive': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    }));
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  if (values.help) return { ok: true, config: { action: 'help' } };
  if (values.version) return { ok: true, config: { action: 'version' } };

  const nonEmpty = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  const parsed = ServeConfig.safeParse({
    port: values.port,
    host: values.host,
    token: (values.token as string | undefined) ?? nonEmpty(env.PROJECT_STATUS_HTTP_TOKEN),
    corsOrigin: values['cors-origin'],
    databaseUrl: values['database-url'],
    root: values.root,
    clientId: (values['client-id'] as string | undefined) ?? nonEmpty(env.PROJECT_STATUS_CLIENT_ID),
    maxBodyBytes: values['max-body-bytes'],
    autoArchive: (values['auto-archive'] as string | undefined) ?? nonEmpty(env.PROJECT_STATUS_AUTO_ARCHIVE),
  });
  if (!parsed.success) {
    const fromEnv: Record<string, string | false> = {
      token: values.token === undefined && 'PROJECT_STATUS_HTTP_TOKEN',
      clientId: values['client-id'] === undefined && 'PROJECT_STATUS_CLIENT_ID',
      autoArchive: values['auto-archive'] === undefined && 'PROJECT_STATUS_AUTO_ARCHIVE',
    };
    // A bad value from the environment is named by its variable, so nobody hunts for a flag they never passed.
    const flag = (key: string) => fromEnv[key] || `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    return { ok: false, message: parsed.error.issues.map((i) => `${i.path.length ? `${flag(String(i.path[0]))}: ` : ''}${i.message}`).join('\n') };
  }
  const serve = parsed.data;
  return {
    ok: true,
    config: {
      action: 'serve',
      serve,
      allowedHosts: allowedHostNames(serve.host),
      storageEnv: { PROJECT_STATUS_DATABASE_URL: nonEmpty(env.PROJECT_STATUS_DATABASE_URL) },
    },
  };
}
