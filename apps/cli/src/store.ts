import { Actor, ValidationError } from '@project-status/core';
import type { ProjectStatusHandle } from '@project-status/storage';
import type { CliDeps, GlobalFlags } from './context.js';

/** Reads the global flags from parsed arguments (the client id is checked like any actor). */
export function globalFlags(argv: Readonly<Record<string, unknown>>, deps: CliDeps): GlobalFlags {
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const rawClient = argv['client-id'];
  const clientId = Actor.safeParse(rawClient ?? deps.config.clientId);
  if (!clientId.success) {
    throw ValidationError.field('client_id', `--client-id ${clientId.error.issues[0]?.message ?? 'is invalid'}`, { flag: '--client-id' });
  }
  return { json: argv.json === true, databaseUrl: str(argv['database-url']), root: str(argv.root), clientId: clientId.data };
}

/** Opens the store the global flags and the environment point at. */
export function openStore(deps: CliDeps, flags: GlobalFlags): Promise<ProjectStatusHandle> {
  return deps.open({
    databaseUrl: flags.databaseUrl,
    root: flags.root,
    cwd: deps.cwd,
    env: { PROJECT_STATUS_DATABASE_URL: deps.config.databaseUrl },
    clientId: flags.clientId,
  });
}

/** A database URL fit for printing: the password is masked. */
export function maskUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
