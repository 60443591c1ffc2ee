/**
 * @project-status/storage — the store behind Project Status: SQLite (embedded
 * default) and PostgreSQL, schema and migrations through MikroORM, optimistic
 * locking in every UPDATE, history in the same transaction.
 *
 * @example
 * import { openProjectStatus } from '@project-status/storage';
 * const ps = await openProjectStatus({ clientId: 'my-service' });
 * await ps.create_work_item({ item_type: 'task', title: 'Write the docs' });
 * await ps.close();
 */
export { openProjectStatus, type OpenOptions, type ProjectStatusHandle } from './open/open.js';
export { keepStateOutOfGit } from './files/state-gitignore.js';
export { resolveTarget, findProjectRoot, parseDatabaseUrl, readConfigFile, STATE_DIR, ProjectConfigFile, type ResolveOptions, type ResolvedTarget } from './open/config.js';
export { migrationNames, MIGRATIONS_TABLE, PROJECT_STATUS_TABLES } from './migrations/names.js';
export type { DatabaseTarget } from './orm/config.js';
export type { HostConnection, HostTransaction } from './open/host.js';
export { isOutage, translateError } from './errors/translate.js';
export { SqlStore } from './sql/sql-store.js';
export { createProjectFiles } from './files/project-files.js';
export { startArchiveScheduler, describeArchiveRun, type ArchiveScheduler, type ArchiveSchedulerOptions } from './maintenance/archive-scheduler.js';
// Outage fallback layers 3 and 4 (docs/outage-layers.md): read-only views of the committed snapshot and of the markdown report.
export { createGitLayer, type GitLayerOptions } from './fallback/git-layer.js';
export { createMarkdownLayer, type MarkdownLayerOptions } from './fallback/markdown-layer.js';
export { openSnapshotStore, readOnlyFallbackError, type SnapshotData, type SnapshotStoreOptions } from './fallback/snapshot-store.js';
export type { FallbackLayer, LayerRead, LayerResult, LayerSource } from './fallback/layer.js';
export { keepViewOpen, type KeepViewOptions, type KeptLayer } from './fallback/kept-view.js';
export { setDefaultFallbackLayers, type FallbackOptions } from './fallback/open-fallback.js';
export type { FallbackControl } from './fallback/fallback-store.js';
export { DEFAULT_STALE_AFTER_MS, type RefreshReport } from './fallback/cache.js';
export { DEFAULT_PROBE_INTERVAL_MS } from './fallback/breaker.js';
export type { OutboxEntry } from './fallback/outbox.js';
