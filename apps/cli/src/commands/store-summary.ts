import type { ProjectStatusHandle } from '@project-status/storage';
import { maskUrl } from '../store.js';

/** Where an opened store's data lives, as `init` and `migrate` report it. */
export interface StoreSummary {
  root: string;
  engine: 'sqlite' | 'postgres';
  /** SQLite file path, or the PostgreSQL URL with its password masked. */
  location: string;
  /** Where the database choice came from: option, env, config-file or default. */
  origin: string;
}

/** Reads the summary off an open handle. */
export function summarizeStore(ps: ProjectStatusHandle): StoreSummary {
  return {
    root: ps.root,
    engine: ps.target.engine,
    location: ps.target.engine === 'sqlite' ? ps.target.file : maskUrl(ps.target.url),
    origin: ps.origin,
  };
}

const ORIGIN_LABELS: Readonly<Record<string, string>> = {
  option: '--database-url',
  env: 'PROJECT_STATUS_DATABASE_URL',
  'config-file': '.project-status/config.json',
  default: 'default',
};

/** The `project root` / `database` / `chosen by` lines of a human report. */
export function storePairs(summary: StoreSummary): [string, string][] {
  return [
    ['project root', summary.root],
    ['database', `${summary.engine}  ${summary.location}`],
    ['chosen by', ORIGIN_LABELS[summary.origin] ?? summary.origin],
  ];
}

/** `applied A, B` or `up to date`, for the `migrations` line. */
export function describeMigrations(applied: readonly string[]): string {
  return applied.length ? `applied ${applied.join(', ')}` : 'up to date';
}
