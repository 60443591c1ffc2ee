import { z } from 'zod';

/**
 * The environment variables the CLI reads — the only place in the app that
 * looks at `process.env` (main.ts hands it in). Everything else receives the
 * parsed {@link CliConfig}.
 */
const CliEnv = z.object({
  /** Where the data lives (postgres://… or a SQLite path); `--database-url` wins over it. */
  PROJECT_STATUS_DATABASE_URL: z.string().trim().min(1).optional(),
  /** Default actor for writes; `--client-id` wins over it, it wins over `clientId` in config.json. */
  PROJECT_STATUS_CLIENT_ID: z.string().trim().min(1).max(100, 'must be at most 100 characters').optional(),
  /** https://no-color.org: any non-empty value turns colours off. */
  NO_COLOR: z.string().optional(),
  /** Forces colours on (non-empty, not "0") or off ("0") whatever the terminal. */
  FORCE_COLOR: z.string().optional(),
});

/** The environment variables the CLI documents (README, `--help`). */
export const ENV_VARS: readonly { name: keyof z.infer<typeof CliEnv>; help: string }[] = [
  { name: 'PROJECT_STATUS_DATABASE_URL', help: 'postgres://… or a SQLite file path; `--database-url` wins over it' },
  { name: 'PROJECT_STATUS_CLIENT_ID', help: 'who is acting; `--client-id` wins over it, and it wins over `clientId` in `.project-status/config.json` (default `cli`)' },
  { name: 'NO_COLOR', help: 'any non-empty value turns colours off' },
  { name: 'FORCE_COLOR', help: '`0` turns colours off, any other value forces them on (even when not a TTY)' },
];

/** Parsed configuration of one CLI process. */
export interface CliConfig {
  /** Passed to storage, which resolves the database from it (after `--database-url`). */
  databaseUrl: string | undefined;
  /**
   * `PROJECT_STATUS_CLIENT_ID`: the actor when `--client-id` is absent.
   * `undefined` leaves it to `clientId` in `.project-status/config.json`,
   * then `cli` — known only once the store has found the project root.
   */
  clientId: string | undefined;
  /** `true`/`false` forces colours; `undefined` means "only on a TTY". */
  color: boolean | undefined;
}

/** Either the configuration or a message that says which variable is wrong. */
export type ConfigResult = { ok: true; config: CliConfig } | { ok: false; message: string };

/**
 * Parses the environment once (safeParse style: a bad variable is a result,
 * not a crash).
 *
 * @example
 * const parsed = loadConfig(process.env);
 * if (!parsed.ok) { console.error(parsed.message); process.exit(64); }
 */
export function loadConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = CliEnv.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return { ok: false, message: `invalid environment — ${issues}` };
  }
  const e = parsed.data;
  let color: boolean | undefined;
  if (e.FORCE_COLOR !== undefined && e.FORCE_COLOR !== '') color = e.FORCE_COLOR !== '0';
  else if (e.NO_COLOR) color = false;
  return { ok: true, config: { databaseUrl: e.PROJECT_STATUS_DATABASE_URL, clientId: e.PROJECT_STATUS_CLIENT_ID, color } };
}
