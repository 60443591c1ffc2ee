import { EXIT_OK } from '../errors/exit-codes.js';
import { renderPairs } from '../output/table.js';
import { keepStateOutOfGit } from '@project-status/storage';
import { globalFlags, openStore } from '../store.js';
import { reportFailure, type RunContext } from './execute.js';
import { describeMigrations, storePairs, summarizeStore, type StoreSummary } from './store-summary.js';

/** What `init --json` prints. */
export interface InitResult extends StoreSummary {
  /** True when this run created the schema (a new database). */
  created: boolean;
  applied_migrations: string[];
  healthy: boolean;
  latency_ms: number;
}

/**
 * `project-status init`: opens (and so creates and migrates — also at a
 * SQLite path given explicitly, which other commands refuse to create) the database
 * the flags, environment and `.project-status/config.json` point at, checks
 * it answers, and says where the data lives and what to do next.
 */
export async function runInit(ctx: RunContext, argv: Readonly<Record<string, unknown>>): Promise<number> {
  const { deps, palette } = ctx;
  const json = argv.json === true;
  try {
    const flags = globalFlags(argv, deps);
    const ps = await openStore(deps, flags, { create: true });
    let result: InitResult;
    try {
      const health = (await ps.call('health_check', {})) as { healthy: boolean; latency_ms: number };
      result = {
        ...summarizeStore(ps),
        created: ps.appliedMigrations.length > 0,
        applied_migrations: [...ps.appliedMigrations],
        healthy: health.healthy,
        latency_ms: health.latency_ms,
      };
    } finally {
      await ps.close();
    }
    // Opening the store wrote it for the local SQLite database; init also covers a .project-status/
    // that holds only config.json (PostgreSQL), and lets a failure to write it surface.
    keepStateOutOfGit(result.root);
    if (json) {
      deps.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return EXIT_OK;
    }
    const lines = [
      palette.bold(result.created ? 'Project Status is set up.' : 'Project Status was already set up; the database answers.'),
      '',
      renderPairs(
        [
          ...storePairs(result),
          ['migrations', describeMigrations(result.applied_migrations)],
          ['health', `${result.healthy ? palette.green('ok') : palette.red('unhealthy')} (${result.latency_ms.toFixed(1)} ms)`],
        ],
        palette,
      ),
      '',
      palette.bold('Next'),
      '  project-status work create project "My project" --description "What it is for"',
      '  project-status work create task "First task" --parent <project-id>',
      '  project-status work ready          # what can be done now',
      result.engine === 'sqlite'
        ? '  Share one state between machines: set PROJECT_STATUS_DATABASE_URL=postgres://… (or "databaseUrl" in .project-status/config.json) and run init again.'
        : '  Every client that uses the same PROJECT_STATUS_DATABASE_URL now shares this state.',
    ];
    deps.stdout.write(`${lines.join('\n')}\n`);
    return EXIT_OK;
  } catch (error) {
    return reportFailure(ctx, error, 'init', json);
  }
}
