import { Actor, ValidationError } from '@project-status/core';
import type { OpenOptions, ProjectStatusHandle } from '@project-status/storage';
import type { CliDeps, GlobalFlags } from './context.js';

/** The actor when neither `--client-id`, `PROJECT_STATUS_CLIENT_ID` nor config.json names one. */
export const DEFAULT_CLIENT_ID = 'cli';

/** Reads the global flags from parsed arguments (the client id is checked like any actor). */
export function globalFlags(argv: Readonly<Record<string, unknown>>, deps: CliDeps): GlobalFlags {
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const rawClient = argv['client-id'] ?? deps.config.clientId;
  let clientId: string | undefined;
  if (rawClient !== undefined) {
    const parsed = Actor.safeParse(rawClient);
    if (!parsed.success) {
      throw ValidationError.field('client_id', `--client-id ${parsed.error.issues[0]?.message ?? 'is invalid'}`, { flag: '--client-id' });
    }
    clientId = parsed.data;
  }
  return { json: argv.json === true, databaseUrl: str(argv['database-url']), root: str(argv.root), clientId };
}

/**
 * Opens the store the global flags and the environment point at. Its
 * `clientId` is who the commands act as: `--client-id`, then
 * `PROJECT_STATUS_CLIENT_ID` (both already in `flags`), then `clientId` in
 * `.project-status/config.json`, then `cli`.
 *
 * A SQLite file named by `--database-url`, the environment or config.json
 * must exist unless `create` (only `init` passes it): a mistyped path fails
 * instead of opening a new, empty database. The default
 * `.project-status/status.db` is created by whatever command first needs it,
 * which also writes `.project-status/.gitignore`, so the database never
 * shows up in `git status`.
 */
export async function openStore(deps: CliDeps, flags: GlobalFlags, extra: Pick<OpenOptions, 'whenUnavailable' | 'create' | 'fallback'> = {}): Promise<ProjectStatusHandle> {
  const ps = await deps.open({
    ...extra,
    databaseUrl: flags.databaseUrl,
    root: flags.root,
    cwd: deps.cwd,
    env: { PROJECT_STATUS_DATABASE_URL: deps.config.databaseUrl },
    clientId: flags.clientId,
    defaultClientId: DEFAULT_CLIENT_ID,
  });
  return ps;
}

/** A database URL fit for printing: the password is masked. */
export function maskUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
