import { EXIT_OK } from '../errors/exit-codes.js';
import { renderPairs } from '../output/table.js';
import { globalFlags, openStore } from '../store.js';
import { reportFailure, type RunContext } from './execute.js';
import { describeMigrations, storePairs, summarizeStore, type StoreSummary } from './store-summary.js';

/** What `migrate --json` prints. */
export interface MigrateResult extends StoreSummary {
  /** Migrations this run applied, in order (empty when the schema was current). */
  applied_migrations: string[];
  /** True when nothing was pending. */
  up_to_date: boolean;
}

/**
 * `project-status migrate`: opens the database the flags, environment and
 * `.project-status/config.json` point at — which applies the pending
 * checked-in migrations (every command does that on open; this one does
 * only that) — and says which were applied, or that the schema is current,
 * and where. A new local database is created on the way, as by `init`.
 */
export async function runMigrate(ctx: RunContext, argv: Readonly<Record<string, unknown>>): Promise<number> {
  const { deps, palette } = ctx;
  const json = argv.json === true;
  try {
    const ps = await openStore(deps, globalFlags(argv, deps));
    let result: MigrateResult;
    try {
      result = { ...summarizeStore(ps), applied_migrations: [...ps.appliedMigrations], up_to_date: ps.appliedMigrations.length === 0 };
    } finally {
      await ps.close();
    }
    if (json) {
      deps.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return EXIT_OK;
    }
    const count = result.applied_migrations.length;
    const headline = count ? `Applied ${count} migration${count === 1 ? '' : 's'}.` : 'The schema is up to date; there was nothing to apply.';
    const pairs = [...storePairs(result), ['migrations', describeMigrations(result.applied_migrations)] as [string, string]];
    deps.stdout.write(`${palette.bold(headline)}\n\n${renderPairs(pairs, palette)}\n`);
    return EXIT_OK;
  } catch (error) {
    return reportFailure(ctx, error, 'migrate', json);
  }
}
