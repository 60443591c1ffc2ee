import { shortIdFor } from '../work-item/short-id.js';
import { DEFAULT_PRIORITY } from '../work-item/schema.js';
import type { DeploymentMetadata } from '../deployment/schema.js';
import type { Enhancement } from '../enhancement/schema.js';
import { NotFoundError, ValidationError } from '../errors/domain-error.js';
import { placeUnder } from '../hierarchy/rules.js';
import type { HistoryEntry } from '../history/schema.js';
import { SECTIONS, sessionFacts } from '../legacy/grammar.js';
import { parseLegacyStatus } from '../legacy/parse.js';
import { deploymentKey, planLegacyImport, sessionKey, type ImportPlan, type PlannedVendor } from '../legacy/plan.js';
import type { NewDeployment, StoreReader, StoreWriter } from '../ports/store.js';
import { RECONCILIATION_CHECKS, type ImportLegacyStatusInput, type ImportReport, type ReconciliationCheck } from '../report/schema.js';
import { defaultVendorMetadata, VendorMetadata, type Vendor } from '../vendor/schema.js';
import type { WorkItem } from '../work-item/schema.js';
import { getProjectConfiguration } from './configuration.js';
import { historyEntry, nowIso, type ServiceEnv } from './env.js';
import { requireFiles } from './export.js';
import { mergeVendorMetadata } from './vendors.js';
import { validateMetadata } from './work-items.js';

/** Legacy files are hand-sized; anything far larger is not one. */
const MAX_FILE_CHARS = 20_000_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Carries a dry run's report out of the transaction it rolls back. A domain
 * error, so store boundaries pass it through untranslated; it never leaves
 * this module.
 */
class DryRunRollback extends ValidationError {
  constructor(readonly report: ImportReport) {
    super('dry run: rolled back on purpose');
  }
}

/** The dry-run sentinel, also when a store wrapped it as the cause of its own error. */
function dryRunReport(error: unknown): ImportReport | null {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof DryRunRollback) return e.report;
  }
  return null;
}

type Counts = ImportReport['created'];
const zero = (): Counts => ({ vendors: 0, deployments: 0, enhancements: 0, sessions: 0 });

/** The key of a stored session, from what the report shows of it (so a report re-imports onto its own sessions). */
function storedSessionKey(item: WorkItem): string {
  const { date, frontmatter, prompt } = sessionFacts(item);
  return sessionKey(date, frontmatter, prompt);
}

/** How many of each key a list holds. */
function tally<T>(rows: readonly T[], key: (row: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
  return counts;
}

/** Takes one of `key` from the tally; false when none is left. */
function take(counts: Map<string, number>, key: string): boolean {
  const n = counts.get(key) ?? 0;
  if (n === 0) return false;
  counts.set(key, n - 1);
  return true;
}

/** Of the planned entries, how many the store holds: per key, no more than the store has. */
function held(planned: readonly { key: string }[], stored: Map<string, number>): number {
  let n = 0;
  for (const [key, wanted] of tally(planned, (p) => p.key)) n += Math.min(wanted, stored.get(key) ?? 0);
  return n;
}

/** The facts of a vendor line the stored vendor does not carry, as `fact: store value, file value`; empty when it carries them all. */
function vendorDifferences(stored: Vendor, planned: PlannedVendor): string[] {
  const s = planned.source;
  const t = stored.metadata.test_results;
  const f = stored.metadata.format_support;
  const formats = (x: { excel: boolean; csv: boolean; pdf: boolean; ocr: boolean }) => (['excel', 'csv', 'pdf', 'ocr'] as const).filter((k) => x[k]).join('+') || 'none';
  const facts: [string, string, string][] = [
    ['status', stored.status, s.status],
    ['version', stored.extractor_version, s.version],
    ['tests', `${t?.passing}/${t?.total} (${t?.skipped} skipped)`, `${s.passing}/${s.total} (${s.skipped} skipped)`],
    ['formats', f ? formats(f) : 'none', formats(s.formats)],
  ];
  return facts.filter(([, store, file]) => store !== file).map(([fact, store, file]) => `${fact}: store ${store}, file ${file}`);
}

/** True when the stored vendor carries the line's facts (created now) or at least complete metadata (already there). */
function vendorComplete(stored: Vendor, planned: PlannedVendor, createdNow: boolean): boolean {
  if (!VendorMetadata.safeParse(stored.metadata).success || !stored.status || !stored.extractor_version) return false;
  return !createdNow || vendorDifferences(stored, planned).length === 0;
}

/**
 * Writes the plan inside the import's transaction, skipping what the store
 * already holds. Rows are built from the same schemas and helpers the create
 * services use (entries were validated by `planLegacyImport` with the
 * operations' schemas), then written with multi-row inserts and one batched
 * history insert: going through `createVendor` & co. would cost a duplicate
 * check, a history insert and (for deployments) a re-read per row — about 310
 * statements for a sample-sized file on PostgreSQL, against about 15 here.
 * Progress is reported per entry as it is planned into the batch.
 */
async function applyPlan(env: ServiceEnv, tx: StoreWriter, plan: ImportPlan, report: ImportReport, createdVendors: Set<string>): Promise<void> {
  const at = nowIso(env);
  const audit = { version: 1, created_at: at, updated_at: at, created_by: env.actor, updated_by: env.actor };
  const history: HistoryEntry[] = [];
  const newVendors: Vendor[] = [];
  const newSessions: WorkItem[] = [];
  const newEnhancements: Enhancement[] = [];
  const newDeployments: NewDeployment[] = [];
  const total = plan.vendors.length + plan.sessions.length + plan.enhancements.length + plan.deployments.length;
  let done = 0;
  const tick = () => env.onProgress?.({ phase: 'import', done: ++done, total });

  const vendorByName = new Map((await tx.listVendors()).map((v) => [v.name.toLowerCase(), v]));
  for (const v of plan.vendors) {
    const stored = vendorByName.get(v.key);
    if (stored) {
      report.already_present.vendors++;
      const differences = VendorMetadata.safeParse(stored.metadata).success ? vendorDifferences(stored, v) : [];
      if (differences.length > 0) {
        report.warnings.push({
          line: v.line,
          section: SECTIONS.vendors,
          reason: `vendor ${stored.name} is already in the store with other facts (${differences.join('; ')}); the store's were kept: change them with update_vendor_status`,
        });
      }
    } else {
      const metadata = mergeVendorMetadata(defaultVendorMetadata(), v.input.initial_metadata, v.input.extractor_version);
      const vendor: Vendor = { id: env.newId(), name: v.input.name, status: v.input.status ?? 'broken', extractor_version: metadata.extractor_version, metadata, ...audit };
      newVendors.push(vendor);
      history.push(historyEntry(env, 'vendor', vendor.id, 1, 'create', null, vendor, at));
      vendorByName.set(v.key, vendor);
      createdVendors.add(v.key);
      report.created.vendors++;
    }
    tick();
  }

  // Sessions, enhancements and deployments can repeat, so they are matched by count: a key the store holds n times absorbs n entries.
  const sessionKeys = tally(await tx.listAllWorkItems({ item_type: 'session' }), storedSessionKey);
  for (const s of plan.sessions) {
    if (take(sessionKeys, s.key)) report.already_present.sessions++;
    else {
      const id = env.newId();
      const item: WorkItem = {
        id, item_type: 'session', title: s.input.title, status: 'active', parent_id: null, ...placeUnder(null, id),
        branch_name: null, commit_hash: null, pr_number: null, metadata: validateMetadata('session', s.input.metadata), labels: [], assignee: null, deleted_at: null,
        short_id: shortIdFor(id), priority: DEFAULT_PRIORITY, lease_expires_at: null, lease_seconds: null, close_reason: null, ...audit,
      };
      newSessions.push(item);
      history.push(historyEntry(env, 'work_item', id, 1, 'create', null, item, at));
      report.created.sessions++;
    }
    tick();
  }

  const titles = tally(await tx.listAllEnhancements(), (e) => e.title.trim().toLowerCase());
  for (const e of plan.enhancements) {
    if (take(titles, e.key)) report.already_present.enhancements++;
    else {
      const i = e.input;
      const row: Enhancement = {
        id: env.newId(), title: i.title, description: i.description ?? null, priority: i.priority, status: i.status, target_quarter: i.target_quarter ?? null,
        requires_constitutional_principles: i.requires_constitutional_principles, work_item_ids: [], ...audit,
      };
      newEnhancements.push(row);
      history.push(historyEntry(env, 'enhancement', row.id, 1, 'create', null, row, at));
      report.created.enhancements++;
    }
    tick();
  }

  const commits = tally(await tx.findDeploymentsByCommit(plan.deployments.map((d) => d.source.commit_hash)), (d) => deploymentKey(d.commit_hash, d.deployed_at));
  const refIds = [...new Set(plan.deployments.flatMap((d) => d.source.work_item_refs.map((r) => r.replace(/^#/, '').toLowerCase()).filter((r) => UUID.test(r))))];
  const knownItems = new Set((await tx.getWorkItems(refIds)).map((w) => w.id));
  for (const d of plan.deployments) {
    if (take(commits, d.key)) {
      report.already_present.deployments++;
      tick();
      continue;
    }
    const vendorIds = new Set<string>();
    const unknownVendors: string[] = [];
    for (const name of d.source.vendor_names) {
      const vendor = vendorByName.get(name.toLowerCase());
      if (vendor) vendorIds.add(vendor.id);
      else unknownVendors.push(name);
    }
    const itemIds = new Set<string>();
    const legacyRefs: string[] = [];
    for (const ref of d.source.work_item_refs) {
      const id = ref.replace(/^#/, '').toLowerCase();
      if (knownItems.has(id)) itemIds.add(id);
      else legacyRefs.push(ref);
    }
    if (unknownVendors.length) {
      report.warnings.push({ line: d.line, section: SECTIONS.deployments, reason: `deployment PR #${d.metadata.pr_number} names vendor(s) not in the store: ${unknownVendors.join(', ')}; kept as legacy_vendor_refs` });
    }
    const metadata: DeploymentMetadata = { ...d.metadata, ...(legacyRefs.length ? { legacy_work_item_refs: legacyRefs } : {}), ...(unknownVendors.length ? { legacy_vendor_refs: unknownVendors } : {}) };
    const id = env.newId();
    const commit = d.source.commit_hash;
    newDeployments.push({ row: { id, deployed_at: d.source.deployed_at, commit_hash: commit, metadata, created_at: at, created_by: env.actor }, vendorIds: [...vendorIds], workItemIds: [...itemIds] });
    history.push({
      id: env.newId(), entity_type: 'deployment', entity_id: id, version: 1, action: 'create', actor: env.actor, at,
      changes: { commit_hash: { old: null, new: commit }, vendors: { old: null, new: [...vendorIds] }, work_items: { old: null, new: [...itemIds] } },
    });
    report.created.deployments++;
    tick();
  }
  // Vendors first: deployments link to them.
  await tx.insertVendors(newVendors);
  await tx.insertWorkItems(newSessions);
  await tx.insertEnhancements(newEnhancements);
  await tx.insertDeployments(newDeployments);
  await tx.appendHistory(history);
}

/**
 * The five checks of SPEC §4.2, read back from the store the import wrote to.
 * `source` counts every entry the file holds (malformed and skipped ones
 * too), `skipped` those the plan left out, `migrated` those the store holds:
 * a check matches only when nothing of the file is missing. The second
 * result is the integrity failures — planned entries the store does not
 * hold — which roll the import back.
 */
async function reconcile(store: StoreReader, plan: ImportPlan, createdVendors: Set<string>): Promise<{ checks: ReconciliationCheck[]; missing: string[] }> {
  // One after another: inside a transaction every statement shares one connection.
  const vendors = await store.listVendors();
  const deployments = await store.findDeploymentsByCommit(plan.deployments.map((d) => d.source.commit_hash));
  const enhancements = await store.listAllEnhancements();
  const sessions = await store.listAllWorkItems({ item_type: 'session' });
  const vendorByName = new Map(vendors.map((v) => [v.name.toLowerCase(), v]));
  const planned = {
    vendor_count: plan.vendors.length,
    deployment_count: plan.deployments.length,
    enhancement_count: plan.enhancements.length,
    session_count: plan.sessions.length,
    vendor_metadata_completeness: plan.vendors.length,
  };
  const inFile = {
    vendor_count: plan.inFile.vendors,
    deployment_count: plan.inFile.deployments,
    enhancement_count: plan.inFile.enhancements,
    session_count: plan.inFile.sessions,
    vendor_metadata_completeness: plan.inFile.vendors,
  };
  const migrated = {
    vendor_count: plan.vendors.filter((v) => vendorByName.has(v.key)).length,
    deployment_count: held(plan.deployments, tally(deployments, (d) => deploymentKey(d.commit_hash, d.deployed_at))),
    enhancement_count: held(plan.enhancements, tally(enhancements, (e) => e.title.trim().toLowerCase())),
    session_count: held(plan.sessions, tally(sessions, storedSessionKey)),
    vendor_metadata_completeness: plan.vendors.filter((v) => {
      const stored = vendorByName.get(v.key);
      return stored !== undefined && vendorComplete(stored, v, createdVendors.has(v.key));
    }).length,
  };
  const checks = RECONCILIATION_CHECKS.map((name): ReconciliationCheck => {
    // An entry counted in the file is at least one the plan made of it (repeats of a unique name are skipped, not added).
    const source = Math.max(inFile[name], planned[name]);
    return { check: name, source, skipped: source - planned[name], migrated: migrated[name], match: migrated[name] === source };
  });
  const missing = RECONCILIATION_CHECKS.filter((name) => migrated[name] < planned[name]).map((name) => `${name}: ${planned[name]} importable in the file but ${migrated[name]} in the store`);
  return { checks, missing };
}

/** Entries in the store ÷ every entry of the file, each unread line (text under a heading the import does not read) counted as one entry left out. */
function preservation(checks: ReconciliationCheck[], unreadLines: number): number {
  const counted = checks.filter((c) => c.check !== 'vendor_metadata_completeness');
  const found = counted.reduce((n, c) => n + c.source, 0) + unreadLines;
  const kept = counted.reduce((n, c) => n + Math.min(c.migrated, c.source), 0);
  return found === 0 ? 100 : Math.round((kept / found) * 1000) / 10;
}

async function readSource(env: ServiceEnv, path: string): Promise<string> {
  const files = requireFiles(env, 'import_legacy_status');
  const resolved = files.resolve(path); // throws ValidationError outside the root
  if (!(await files.exists(path))) throw new NotFoundError(`file not found: "${path}" (looked at ${resolved})`, { path, resolved });
  let text: string;
  try {
    text = await files.readText(path);
  } catch (error) {
    if (error instanceof ValidationError) throw error; // not UTF-8: the port says where
    if ((error as { code?: string }).code === 'EISDIR') throw ValidationError.field('path', `"${path}" is a folder (${resolved}), not a file; give the path of the status file, e.g. .project_status.md`, { resolved });
    throw ValidationError.field('path', `"${path}" could not be read as a text file: ${(error as Error).message}`);
  }
  if (text.length > MAX_FILE_CHARS) throw ValidationError.field('path', `"${path}" has ${text.length} characters; a legacy status file is expected to be under ${MAX_FILE_CHARS}`);
  return text;
}

/**
 * import_legacy_status: reads a legacy `.project_status.md` (SPEC §4.2) into
 * the store in one transaction, then runs the five reconciliation checks
 * against what the transaction wrote. A failed check throws, which rolls
 * everything back; the source file is only ever read. `dry_run` runs the
 * same import and rolls it back on purpose, so its report is exact.
 */
export async function importLegacyStatus(env: ServiceEnv, input: ImportLegacyStatusInput): Promise<ImportReport> {
  const text = await readSource(env, input.path);
  const { default_token_budget } = await getProjectConfiguration(env);
  const doc = await parseLegacyStatus(text);
  const plan = planLegacyImport(doc, { defaultTokenBudget: default_token_budget });
  if (!plan.isStatusFile) {
    const headings = doc.unread.filter((u) => u.heading !== null).slice(0, 3);
    const found = headings.length ? ` (its headings: ${headings.map((u) => `line ${u.line} "${u.heading!.slice(0, 40)}"`).join(', ')}${doc.unread.length > headings.length ? ', …' : ''})` : '';
    throw ValidationError.field(
      'path',
      `"${input.path}" is not a status file: it has none of the sections ${Object.values(SECTIONS).map((t) => `"## ${t}"`).join(', ')}${found}; nothing was imported`,
    );
  }
  const newReport = (): ImportReport => ({
    path: input.path,
    dry_run: input.dry_run,
    strict: input.strict,
    committed: false,
    checks: [],
    preservation_percent: 0,
    skipped: plan.dropped,
    unread_lines: plan.unreadLines,
    created: zero(),
    already_present: zero(),
    issues: plan.issues,
    warnings: [...plan.warnings],
  });
  try {
    return await env.store.transaction(
      async (tx) => {
        const report = newReport();
        const createdVendors = new Set<string>();
        await applyPlan(env, tx, plan, report, createdVendors);
        const { checks, missing } = await reconcile(tx, plan, createdVendors);
        report.checks = checks;
        report.preservation_percent = preservation(checks, plan.unreadLines);
        if (missing.length) {
          throw ValidationError.rule(`legacy import rolled back, nothing was written: ${missing.join('; ')}. ${input.path} was not changed.`, { report });
        }
        if (input.strict && report.issues.length) {
          const shown = report.issues.slice(0, 5).map((i) => `line ${i.line}: ${i.reason}`).join('; ');
          throw ValidationError.rule(
            `strict import ${input.dry_run ? 'would fail' : 'rolled back, nothing was written'}: ${report.issues.length} problem${report.issues.length === 1 ? '' : 's'} in ${input.path} (${report.skipped} entr${report.skipped === 1 ? 'y' : 'ies'} skipped) — ${shown}${report.issues.length > 5 ? '; …' : ''}`,
            { report },
          );
        }
        if (input.dry_run) throw new DryRunRollback(report);
        report.committed = true;
        return report;
      },
      { lock: 'vendors' },
    );
  } catch (error) {
    const report = dryRunReport(error);
    if (report) return report;
    throw error;
  }
}
