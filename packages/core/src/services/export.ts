import { defaultConfiguration } from '../configuration/schema.js';
import { ValidationError } from '../errors/domain-error.js';
import type { ProjectFiles } from '../ports/files.js';
import type { StoreReader } from '../ports/store.js';
import { SNAPSHOT_FILE, SNAPSHOT_FORMAT, type Snapshot, type SnapshotExport } from '../report/schema.js';
import { nowIso, type ServiceEnv } from './env.js';

/** The root-confined file port, or a clear error when the library was opened without a project root. */
export function requireFiles(env: ServiceEnv, purpose: string): ProjectFiles {
  if (!env.files) throw ValidationError.rule(`${purpose} needs a project root: open the store with openProjectStatus (which gives file access confined to the root)`);
  return env.files;
}

const byId = <T extends { id: string }>(rows: T[]): T[] => rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** Reads the whole store into a {@link Snapshot}. */
export async function buildSnapshot(store: StoreReader & { engine: string }, exportedAt: string): Promise<Snapshot> {
  const [configuration, vendors, workItems, dependencies, deployments, enhancements] = await Promise.all([
    store.getConfiguration(),
    store.listVendors(),
    store.listAllWorkItems({ include_deleted: true }),
    store.listAllDependencies(),
    store.listAllDeployments(),
    store.listAllEnhancements(),
  ]);
  return {
    format: SNAPSHOT_FORMAT,
    schema_version: 1,
    exported_at: exportedAt,
    data_source: store.engine,
    counts: { vendors: vendors.length, work_items: workItems.length, dependencies: dependencies.length, deployments: deployments.length, enhancements: enhancements.length },
    configuration: configuration ?? defaultConfiguration(),
    vendors: byId(vendors),
    work_items: byId(workItems),
    dependencies: byId(dependencies),
    deployments: byId(deployments),
    enhancements: byId(enhancements),
  };
}

/**
 * JSON with one row per line: small, stable `git diff`s when a row changes,
 * and far cheaper to write than fully indented JSON at 120 000 rows.
 */
export function serializeSnapshot(snapshot: Snapshot): string {
  const out: string[] = ['{'];
  const entries = Object.entries(snapshot);
  entries.forEach(([key, value], i) => {
    const comma = i < entries.length - 1 ? ',' : '';
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(`  ${JSON.stringify(key)}: []${comma}`);
      else out.push(`  ${JSON.stringify(key)}: [`, value.map((row) => `    ${JSON.stringify(row)}`).join(',\n'), `  ]${comma}`);
    } else out.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value)}${comma}`);
  });
  out.push('}', '');
  return out.join('\n');
}

/** export_snapshot: writes the whole store as JSON to `.project-status/snapshot.json` (atomically). */
export async function exportSnapshot(env: ServiceEnv): Promise<SnapshotExport> {
  const files = requireFiles(env, 'export_snapshot');
  const snapshot = await buildSnapshot(env.store, nowIso(env));
  const text = serializeSnapshot(snapshot);
  await files.writeTextAtomic(SNAPSHOT_FILE, text);
  return { path: files.resolve(SNAPSHOT_FILE), exported_at: snapshot.exported_at, data_source: snapshot.data_source, bytes: new TextEncoder().encode(text).length, counts: snapshot.counts };
}
