import { defaultConfiguration } from '../configuration/schema.js';
import type { StoreReader } from '../ports/store.js';
import { renderStatusReport, type ReportData } from '../report/render.js';
import { SNAPSHOT_FILE, type GenerateStatusReportInput, type Snapshot, type StatusReport } from '../report/schema.js';
import { toWorkOutline } from '../report/work-view.js';
import { preservedUserSection, REPORT_FILE, withUserSection } from '../report/user-section.js';
import { nowIso, type ServiceEnv } from './env.js';
import { buildSnapshot, requireFiles, serializeSnapshot } from './export.js';

/** Reads what the report shows: whole tables, and for work items only the outline (the tree, blocked and ready need no more). */
export async function loadReportData(store: StoreReader): Promise<ReportData> {
  // In parallel: on PostgreSQL the server runs one query while this process decodes another's rows
  // (a third less wall time at 120 000 items); on SQLite the driver is synchronous, so it changes nothing.
  const [vendors, outline, sessions, liveWorkItems, dependencies, deployments, enhancements, configuration] = await Promise.all([
    store.listVendors(),
    store.listWorkOutline(),
    store.listAllWorkItems({ item_type: 'session' }),
    store.countLiveWorkItems(),
    store.listAllDependencies(),
    store.listAllDeployments(),
    store.listAllEnhancements(),
    store.getConfiguration(),
  ]);
  return { vendors, outline, sessions, liveWorkItems, dependencies, deployments, enhancements, configuration: configuration ?? defaultConfiguration() };
}

/** The same data from a snapshot already in memory (write_file reads the store once for both files). */
export function reportDataFromSnapshot(snapshot: Snapshot): ReportData {
  const live = snapshot.work_items.filter((w) => !w.deleted_at);
  const byId = new Map(live.map((w) => [w.id, w]));
  const shown = new Set<string>();
  for (const w of live) {
    if (w.status === 'completed') continue;
    for (const id of w.path.split('/')) if (id && byId.has(id)) shown.add(id);
  }
  return {
    vendors: snapshot.vendors,
    outline: [...shown].map((id) => toWorkOutline(byId.get(id)!)),
    sessions: live.filter((w) => w.item_type === 'session'),
    liveWorkItems: live.length,
    dependencies: snapshot.dependencies,
    deployments: snapshot.deployments,
    enhancements: snapshot.enhancements,
    configuration: snapshot.configuration,
  };
}

/**
 * generate_status_report: renders the markdown report from the store; with
 * `write_file` writes `.project_status.md` (keeping the user's notes below
 * the marker) and the JSON snapshot the git fallback layer reads.
 */
export async function generateStatusReport(env: ServiceEnv, input: GenerateStatusReportInput): Promise<StatusReport> {
  const generatedAt = nowIso(env);
  const files = input.write_file ? requireFiles(env, 'generate_status_report with write_file') : env.files;
  // Writing needs the snapshot too: read the store once and derive the report data from it.
  const snapshot = input.write_file ? await buildSnapshot(env.store, generatedAt) : null;
  const data: ReportData = snapshot ? reportDataFromSnapshot(snapshot) : await loadReportData(env.store);
  const { markdown: generated, counts, warnings: renderWarnings } = await renderStatusReport(data, { generatedAt, dataSource: env.store.engine, maxListItems: input.max_list_items });
  const warnings: string[] = [...renderWarnings];
  const existing = files && (await files.exists(REPORT_FILE)) ? await files.readText(REPORT_FILE) : null;
  const { notes, hadMarker } = preservedUserSection(existing);
  if (existing !== null && !hadMarker && input.write_file) {
    warnings.push(`${REPORT_FILE} had no notes marker; its previous content was kept below the marker so nothing is lost — delete what you no longer need`);
  }
  // A file without the marker is someone's hand-written file: kept when overwriting it, not echoed by a plain read.
  const markdown = withUserSection(generated, hadMarker || input.write_file ? notes : '');
  const result: StatusReport = { data_source: env.store.engine, generated_at: generatedAt, counts, warnings };
  if (snapshot && files) {
    await files.writeTextAtomic(REPORT_FILE, markdown);
    result.written_to = files.resolve(REPORT_FILE);
    await files.writeTextAtomic(SNAPSHOT_FILE, serializeSnapshot(snapshot));
    result.snapshot_written_to = files.resolve(SNAPSHOT_FILE);
  }
  if (input.include_markdown) result.markdown = markdown;
  return result;
}
