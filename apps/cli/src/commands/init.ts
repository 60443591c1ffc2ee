import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_OK } from '../errors/exit-codes.js';
import { renderPairs } from '../output/table.js';
import { globalFlags, maskUrl, openStore } from '../store.js';
import { reportFailure, type RunContext } from './execute.js';

/** Kept out of git: the database and cache change constantly and are rebuilt from the store. */
const STATE_GITIGNORE = '# Project Status: the local database and cache are not for git.\nstatus.db*\ncache.db*\n';

/** What `init --json` prints. */
export interface InitResult {
  root: string;
  engine: 'sqlite' | 'postgres';
  /** SQLite file path, or the PostgreSQL URL with its password masked. */
  location: string;
  /** Where the database choice came from: option, env, config-file or default. */
  origin: string;
  /** True when this run created the schema (a new database). */
  created: boolean;
  applied_migrations: string[];
  healthy: boolean;
  latency_ms: number;
}

/**
 * `project-status init`: opens (and so creates and migrates) the database
 * the flags, environment and `.project-status/config.json` point at, checks
 * it answers, and says where the data lives and what to do next.
 */
export async function runInit(ctx: RunContext, argv: Readonly<Record<string, unknown>>): Promise<number> {
  const { deps, palette } = ctx;
  const json = argv.json === true;
  try {
    const flags = globalFlags(argv, deps);
    const ps = await openStore(deps, flags);
    let result: InitResult;
    try {
      const health = (await ps.call('health_check', {})) as { healthy: boolean; latency_ms: number };
      result = {
        root: ps.root,
        engine: ps.target.engine,
        location: ps.target.engine === 'sqlite' ? ps.target.file : maskUrl(ps.target.url),
        origin: ps.origin,
        created: ps.appliedMigrations.length > 0,
        applied_migrations: [...ps.appliedMigrations],
        healthy: health.healthy,
        latency_ms: health.latency_ms,
      };
    } finally {
      await ps.close();
    }
    // Storage created .project-status/ for a SQLite file under the root; keep its binary files out of git.
    const stateDir = join(result.root, '.project-status');
    if (existsSync(stateDir) && !existsSync(join(stateDir, '.gitignore'))) writeFileSync(join(stateDir, '.gitignore'), STATE_GITIGNORE);
    if (json) {
      deps.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return EXIT_OK;
    }
    const origin = { option: '--database-url', env: 'PROJECT_STATUS_DATABASE_URL', 'config-file': '.project-status/config.json', default: 'default' }[result.origin] ?? result.origin;
    const lines = [
      palette.bold(result.created ? 'Project Status is set up.' : 'Project Status was already set up; the database answers.'),
      '',
      renderPairs(
        [
          ['project root', result.root],
          ['database', `${result.engine}  ${result.location}`],
          ['chosen by', origin],
          ['migrations', result.applied_migrations.length ? `applied ${result.applied_migrations.join(', ')}` : 'up to date'],
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
