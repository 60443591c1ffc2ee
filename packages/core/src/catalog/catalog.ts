import { z } from 'zod';
import { ArchiveResult, ArchiveWorkItemsInput, ArchivedSummary, ArchivedWorkItem, QueryArchivedInput } from '../archive/schema.js';
import { GetConfigurationInput, ProjectConfiguration, UpdateConfigurationInput } from '../configuration/schema.js';
import { Deployment, DeploymentRef, DeploymentSummary, ListDeploymentsInput, RecordDeploymentInput } from '../deployment/schema.js';
import { CreateEnhancementInput, Enhancement, EnhancementSummary, ListEnhancementsInput, UpdateEnhancementInput } from '../enhancement/schema.js';
import { GetHistoryInput, HistoryEntry } from '../history/schema.js';
import { ChangePage, ListChangesInput } from '../change/schema.js';
import { listChanges } from '../services/changes.js';
import { CompletionCounts, CountCompletionsInput, countCompletions } from '../services/completions.js';
import { Uuid } from '../primitives/schemas.js';
import * as config from '../services/configuration.js';
import { AddDependencyInput, Dependency, RemoveDependencyInput, addDependency, removeDependency } from '../services/dependencies.js';
import * as deployments from '../services/deployments.js';
import * as enhancements from '../services/enhancements.js';
import { exportSnapshot } from '../services/export.js';
import { importLegacyStatus } from '../services/import.js';
import { generateStatusReport } from '../services/report.js';
import { ExportSnapshotInput, GenerateStatusReportInput, ImportLegacyStatusInput, ImportReport, SnapshotExport, StatusReport } from '../report/schema.js';
import * as admin from '../services/history-and-archive.js';
import * as vendors from '../services/vendors.js';
import { HealthCheckInput, HealthReport, healthCheck } from '../services/health.js';
import { listSyncConflicts, resolveSyncConflict } from '../services/sync.js';
import { ListSyncConflictsInput, ResolveSyncConflictInput, SyncConflictList, SyncResolution } from '../sync/schema.js';
import * as work from '../services/work-items.js';
import * as leases from '../services/leases.js';
import { addNote } from '../services/notes.js';
import { createWorkItems } from '../services/plan.js';
import { PrimeSessionInput, PrimeSessionResult, primeSession } from '../services/prime.js';
import { WriteAgentInstructionsInput, WriteAgentInstructionsResult, writeAgentInstructions } from '../services/agents.js';
import { AddNoteInput, Note, NoteRef } from '../note/schema.js';
import { CreateWorkItemsInput, CreateWorkItemsResult } from '../work-item/plan.js';
import { CreateVendorInput, ListVendorsInput, QueryVendorInput, UpdateVendorInput, Vendor, VendorSummary } from '../vendor/schema.js';
import {
  ClaimWorkItemInput,
  CreateWorkItemInput,
  ListMyWorkInput,
  ListReadyWorkInput,
  ListWorkItemsInput,
  ReleaseWorkItemInput,
  QueryWorkItemInput,
  SearchWorkItemsInput,
  UpdateWorkItemInput,
  WorkItem,
  WorkItemPage,
  WorkItemSummary,
} from '../work-item/schema.js';
import { defineOperation } from './operation.js';
import { lazySchema } from '../primitives/lazy-schema.js';

const CONFLICT_HINT = 'A VERSION_CONFLICT wrote nothing: re-read, re-apply, retry.';

const SummaryNode: z.ZodType = lazySchema(() => z.lazy(() => WorkItemSummary.extend({ children: z.array(SummaryNode) })));
const DependencyRef = lazySchema(() => z.object({
  id: Uuid,
  short_id: z.string(),
  title: z.string(),
  status: z.string(),
  dependency_type: z.enum(['blocks', 'depends_on']),
  unfinished: z.literal(true).optional(),
}));
const Rows = lazySchema(() => z.array(z.union([WorkItemSummary, WorkItem])));

/** Every operation of SPEC §4 (the report and import operations join in their own modules). */
export const catalog = {
  create_work_item: defineOperation({
    name: 'create_work_item',
    toolset: 'work',
    summary: 'Create a project, session, task or research item.',
    description:
      'metadata per item_type: project {description}; session {token_budget 1000–1000000, prompts_count, yaml_frontmatter {schema_version}}; task {estimated_hours, actual_hours, blocked_reason}; research {research_questions, findings_summary, references}. priority 1 = top, default 3. Many at once: create_work_items.',
    kind: 'write',
    input: CreateWorkItemInput,
    refs: ['parent_id'],
    output: WorkItem,
    handler: work.createWorkItem,
  }),
  update_work_item: defineOperation({
    name: 'update_work_item',
    toolset: 'work',
    summary: 'Change, move, soft-delete or restore an item (needs the version you read).',
    description:
      'Send only fields to change. parent_id moves the subtree (null = root). ' +
      CONFLICT_HINT,
    kind: 'write',
    destructive: true,
    input: UpdateWorkItemInput,
    refs: ['id', 'parent_id'],
    output: lazySchema(() => WorkItem.extend({
      notes: z.array(z.string()).optional().describe('What the update left as it was, e.g. children a restore without cascade kept deleted, and how to change that.'),
    })),
    handler: work.updateWorkItem,
  }),
  query_work_item: defineOperation({
    name: 'query_work_item',
    toolset: 'work',
    summary: 'One item in full with ancestors, descendants, dependencies, deployments and newest notes.',
    description: 'waits_for rows marked unfinished keep it from being ready.',
    kind: 'read',
    input: QueryWorkItemInput,
    refs: ['id'],
    output: lazySchema(() => z.object({
      item: WorkItem,
      ancestors: z.array(WorkItemSummary),
      descendants: z.array(SummaryNode),
      dependencies: z.object({ waits_for: z.array(DependencyRef), blocks: z.array(DependencyRef) }),
      ready: z.boolean(),
      deployments: z.array(DeploymentRef),
      notes: z.array(NoteRef),
    })),
    handler: work.queryWorkItem,
  }),
  list_work_items: defineOperation({
    name: 'list_work_items',
    toolset: 'work',
    summary: 'Page through work items, newest update first.',
    description: 'parent_id null = roots; detail "full" for every field.',
    kind: 'read',
    input: ListWorkItemsInput,
    refs: ['parent_id'],
    output: WorkItemPage,
    handler: work.listWorkItems,
  }),
  add_dependency: defineOperation({
    name: 'add_dependency',
    toolset: 'work',
    summary: 'Record that one item must finish before another: source blocks target, or source depends_on target.',
    description: 'Cycles are rejected.',
    kind: 'write',
    input: AddDependencyInput,
    refs: ['source_id', 'target_id'],
    output: Dependency,
    handler: addDependency,
  }),
  remove_dependency: defineOperation({
    name: 'remove_dependency',
    toolset: 'work',
    summary: 'Remove the dependency with exactly this source, target and type.',
    description: '',
    kind: 'write',
    destructive: true,
    input: RemoveDependencyInput,
    refs: ['source_id', 'target_id'],
    output: lazySchema(() => z.object({ removed: z.literal(true), dependency: Dependency })),
    handler: removeDependency,
  }),
  list_ready_work: defineOperation({
    name: 'list_ready_work',
    toolset: 'work',
    summary: 'What can be done now: active, unheld tasks and research whose prerequisites are finished.',
    description: 'Priority 1 first; a lapsed lease counts as free. Then claim_work_item.',
    kind: 'read',
    input: ListReadyWorkInput,
    refs: ['parent_id'],
    output: lazySchema(() => z.object({ items: Rows, count: z.int() })),
    handler: work.listReadyWork,
  }),
  claim_work_item: defineOperation({
    name: 'claim_work_item',
    toolset: 'work',
    summary: 'Atomically take a ready item nobody holds (two agents never both win).',
    description: 'With lease_seconds the claim lapses unless your next update, note or claim renews it.',
    kind: 'write',
    input: ClaimWorkItemInput,
    refs: ['id'],
    output: WorkItem,
    handler: leases.claimWorkItem,
  }),
  release_work_item: defineOperation({
    name: 'release_work_item',
    toolset: 'work',
    summary: 'Give back a work item you hold; note says why.',
    description: '',
    kind: 'write',
    idempotent: true,
    input: ReleaseWorkItemInput,
    refs: ['id'],
    output: WorkItem,
    handler: leases.releaseWorkItem,
  }),
  list_my_work: defineOperation({
    name: 'list_my_work',
    toolset: 'work',
    summary: 'What you (or assignee) hold, most urgent first (lapsed leases excluded).',
    description: '',
    kind: 'read',
    input: ListMyWorkInput,
    output: lazySchema(() => z.object({ assignee: z.string(), items: Rows, count: z.int() })),
    handler: leases.listMyWork,
  }),
  add_note: defineOperation({
    name: 'add_note',
    toolset: 'work',
    summary: 'Append a note (progress, finding, hand-off) to an item; query_work_item shows the newest.',
    description: '',
    kind: 'write',
    input: AddNoteInput,
    refs: ['id'],
    output: Note,
    handler: addNote,
  }),
  create_work_items: defineOperation({
    name: 'create_work_items',
    toolset: 'work',
    summary: 'Create a plan in one call, all or nothing: items with refs, parents and dependencies among them.',
    description:
      'parent and depends_on name a batch ref or an item id; parentless items go under parent_id. Every problem is reported at once.',
    kind: 'write',
    input: CreateWorkItemsInput,
    refs: ['parent_id'],
    output: CreateWorkItemsResult,
    handler: createWorkItems,
  }),
  search_work_items: defineOperation({
    name: 'search_work_items',
    toolset: 'work',
    summary: 'Ranked full-text search over titles, metadata text and labels.',
    description: 'Every word must occur.',
    kind: 'read',
    input: SearchWorkItemsInput,
    refs: ['parent_id'],
    output: WorkItemPage,
    handler: work.searchWorkItems,
  }),
  archive_work_items: defineOperation({
    name: 'archive_work_items',
    toolset: 'admin',
    summary: 'Move old finished work items to the archive (dry_run to count first).',
    description:
      'Completed or deleted items created over older_than_days ago (default 365), whole subtrees at a time. See query_archived_work_items.',
    kind: 'write',
    destructive: true,
    input: ArchiveWorkItemsInput,
    output: ArchiveResult,
    handler: admin.archiveWorkItems,
  }),
  query_archived_work_items: defineOperation({
    name: 'query_archived_work_items',
    toolset: 'admin',
    summary: 'Page through archived work items.',
    description: 'Filters like list_work_items plus archived_after / archived_before; newest archived first. Archived rows are read-only.',
    kind: 'read',
    input: QueryArchivedInput,
    output: lazySchema(() => z.object({ items: z.array(z.union([ArchivedSummary, ArchivedWorkItem])), total_count: z.int(), limit: z.int(), offset: z.int() })),
    handler: admin.queryArchivedWorkItems,
  }),
  create_vendor: defineOperation({
    name: 'create_vendor',
    toolset: 'vendors',
    summary: 'Start tracking a component (vendor); names are unique regardless of case.',
    description:
      'With only a name it starts broken, with no formats, zero tests and version 0.0.0; initial_metadata may also hold extra keys. A name that exists in any letter case is a CONFLICT.',
    kind: 'write',
    input: CreateVendorInput,
    output: Vendor,
    handler: vendors.createVendor,
  }),
  query_vendor_status: defineOperation({
    name: 'query_vendor_status',
    toolset: 'vendors',
    summary: 'One vendor by name (case-insensitive) or id, with its version for updates.',
    description: 'Returns the vendor with status, extractor_version, metadata and version.',
    kind: 'read',
    input: QueryVendorInput,
    output: Vendor,
    handler: vendors.queryVendorStatus,
  }),
  update_vendor_status: defineOperation({
    name: 'update_vendor_status',
    toolset: 'vendors',
    summary: "Change a vendor's status, extractor version or metadata (needs the version you read).",
    description: 'Metadata is merged (see its field) and checked whole. ' + CONFLICT_HINT,
    kind: 'write',
    input: UpdateVendorInput,
    output: Vendor,
    handler: vendors.updateVendorStatus,
  }),
  list_vendors: defineOperation({
    name: 'list_vendors',
    toolset: 'vendors',
    summary: 'All vendors with their health, optionally only operational or broken ones.',
    description: 'Summary rows unless detail is "full"; record_deployment takes the id in affected_vendor_ids.',
    kind: 'read',
    input: ListVendorsInput,
    output: lazySchema(() => z.object({ vendors: z.array(z.union([VendorSummary, Vendor])), count: z.int(), operational: z.int() })),
    handler: vendors.listVendors,
  }),
  record_deployment: defineOperation({
    name: 'record_deployment',
    toolset: 'deployments',
    summary: 'Record a deployment with its PR, commit, test summary and linked vendors and work items.',
    description:
      'Append-only. Every vendor and related work item must exist, or nothing is written (NOT_FOUND lists the unknown ones).',
    kind: 'write',
    input: RecordDeploymentInput,
    refs: ['related_work_item_ids'],
    output: Deployment,
    handler: deployments.recordDeployment,
  }),
  list_deployments: defineOperation({
    name: 'list_deployments',
    toolset: 'deployments',
    summary: 'Deployments newest first, filtered by date range, vendor or work item.',
    description: 'since/until bound deployed_at; work_item_id a linked work item. Summary rows (id, deployed_at, commit_hash, pr_number, pr_title, vendor names, work_item_ids) unless detail is "full".',
    kind: 'read',
    input: ListDeploymentsInput,
    refs: ['work_item_id'],
    output: lazySchema(() => z.object({ deployments: z.array(z.union([DeploymentSummary, Deployment])), total_count: z.int(), limit: z.int(), offset: z.int() })),
    handler: deployments.listDeployments,
  }),
  get_project_configuration: defineOperation({
    name: 'get_project_configuration',
    toolset: 'config',
    summary: 'The project configuration (defaults with version 0 until first written).',
    description: 'Returns the active context, session, git branch and commit, default_token_budget, health fields and version.',
    kind: 'read',
    input: GetConfigurationInput,
    output: ProjectConfiguration,
    handler: (env) => config.getProjectConfiguration(env),
  }),
  update_project_configuration: defineOperation({
    name: 'update_project_configuration',
    toolset: 'config',
    summary: 'Change the project configuration (needs the version you read; 0 before the first write).',
    description: 'current_session_id must name a live session work item. ' + CONFLICT_HINT,
    kind: 'write',
    input: UpdateConfigurationInput,
    output: ProjectConfiguration,
    handler: config.updateProjectConfiguration,
  }),
  create_enhancement: defineOperation({
    name: 'create_enhancement',
    toolset: 'enhancements',
    summary: 'Add a future enhancement to the backlog.',
    description: 'priority 1 (high) – 5 (low), default 3; target_quarter like 2026-Q3; work_item_ids must exist.',
    kind: 'write',
    input: CreateEnhancementInput,
    refs: ['work_item_ids'],
    output: Enhancement,
    handler: enhancements.createEnhancement,
  }),
  update_enhancement: defineOperation({
    name: 'update_enhancement',
    toolset: 'enhancements',
    summary: 'Change an enhancement (needs the version you read).',
    description: CONFLICT_HINT,
    kind: 'write',
    input: UpdateEnhancementInput,
    refs: ['work_item_ids'],
    output: Enhancement,
    handler: enhancements.updateEnhancement,
  }),
  list_enhancements: defineOperation({
    name: 'list_enhancements',
    toolset: 'enhancements',
    summary: 'The enhancement backlog by priority, filtered by priority, status or target quarter.',
    description: 'Highest priority (1) first, then newest. Summary rows (id, title, priority, status, target_quarter, version, updated_at) unless detail is "full".',
    kind: 'read',
    input: ListEnhancementsInput,
    output: lazySchema(() => z.object({ enhancements: z.array(z.union([EnhancementSummary, Enhancement])), total_count: z.int(), limit: z.int(), offset: z.int() })),
    handler: enhancements.listEnhancements,
  }),
  get_history: defineOperation({
    name: 'get_history',
    toolset: 'admin',
    summary: 'Every recorded change of one entity, newest first.',
    description: 'A vendor may be named; the configuration has entity_id "singleton". Each entry: version after the change, action, actor, time, changed fields with old and new values.',
    kind: 'read',
    input: GetHistoryInput,
    output: lazySchema(() => z.object({ entries: z.array(HistoryEntry), total_count: z.int(), limit: z.int(), offset: z.int() })),
    handler: admin.getHistory,
  }),
  count_completions: defineOperation({
    name: 'count_completions',
    toolset: 'reports',
    summary: 'Work items completed per day, dated by when their status became completed.',
    description: '',
    kind: 'read',
    input: CountCompletionsInput,
    output: CompletionCounts,
    handler: countCompletions,
  }),
  list_changes: defineOperation({
    name: 'list_changes',
    toolset: 'admin',
    summary: 'What changed since a cursor, in commit order, one page at a time.',
    description:
      'seq > after (0 = from the start), oldest first. Pass next_cursor as after next time; has_more: another page waits. seq may skip values. A cursor ahead of the newest or older than the oldest retained change is a VALIDATION_ERROR (see details.reason): re-read in full, continue from details.head. Changed fields: get_history.',
    kind: 'read',
    input: ListChangesInput,
    output: ChangePage,
    handler: listChanges,
  }),
  generate_status_report: defineOperation({
    name: 'generate_status_report',
    toolset: 'reports',
    summary: 'The markdown status report: vendors, work tree, blocked and ready work, deployments, backlog, sessions.',
    description:
      'In the legacy .project_status.md grammar (it reads back); read it to get oriented. write_file keeps notes below "<!-- project-status: user notes below are preserved -->".',
    kind: 'write',
    idempotent: true,
    input: GenerateStatusReportInput,
    output: StatusReport,
    handler: generateStatusReport,
  }),
  prime_session: defineOperation({
    name: 'prime_session',
    toolset: 'reports',
    summary: 'A compact session start: what you hold, top ready work, what is blocked, what changed last.',
    description: 'A few hundred tokens of markdown; `project-status prime` prints it for a session-start hook.',
    kind: 'read',
    input: PrimeSessionInput,
    output: PrimeSessionResult,
    handler: primeSession,
  }),
  write_agent_instructions: defineOperation({
    name: 'write_agent_instructions',
    toolset: 'reports',
    summary: 'Write or refresh the Project Status workflow section in AGENTS.md / CLAUDE.md.',
    description: 'Only the text between its markers is replaced; AGENTS.md is created when neither file exists.',
    kind: 'write',
    idempotent: true,
    input: WriteAgentInstructionsInput,
    output: WriteAgentInstructionsResult,
    handler: writeAgentInstructions,
  }),
  import_legacy_status: defineOperation({
    name: 'import_legacy_status',
    toolset: 'reports',
    summary: 'Import a hand-written legacy .project_status.md (vendors, deployments, enhancements, session prompts) with reconciliation checks.',
    description:
      'One transaction; the file (inside the project root) is never modified. Malformed entries are skipped and listed in issues with line numbers. Entries already stored are left alone: importing twice duplicates nothing. A failed reconciliation check rolls it all back (VALIDATION_ERROR, report in details.report). Try dry_run first.',
    kind: 'write',
    idempotent: true,
    input: ImportLegacyStatusInput,
    output: ImportReport,
    handler: importLegacyStatus,
  }),
  export_snapshot: defineOperation({
    name: 'export_snapshot',
    toolset: 'reports',
    summary: 'Write the whole store as JSON to .project-status/snapshot.json (the git fallback copy).',
    description:
      'Every entity (deleted items too) and the configuration, atomically; commit it to survive losing the database.',
    kind: 'write',
    idempotent: true,
    input: ExportSnapshotInput,
    output: SnapshotExport,
    handler: (env) => exportSnapshot(env),
  }),
  health_check: defineOperation({
    name: 'health_check',
    toolset: 'admin',
    summary: 'Which store answers, its latency, cache age, queued outage writes and sync conflicts.',
    description: 'Cheap: ok/degraded/down; call it when answers look stale or writes fail.',
    kind: 'read',
    input: HealthCheckInput,
    output: HealthReport,
    handler: (env) => healthCheck(env),
  }),
  list_sync_conflicts: defineOperation({
    name: 'list_sync_conflicts',
    toolset: 'admin',
    summary: 'Outage writes the server refused on replay, both sides.',
    description: 'Decide with resolve_sync_conflict.',
    kind: 'read',
    input: ListSyncConflictsInput,
    output: SyncConflictList,
    handler: (env) => listSyncConflicts(env),
  }),
  resolve_sync_conflict: defineOperation({
    name: 'resolve_sync_conflict',
    toolset: 'admin',
    summary: 'Re-apply a sync conflict on the current version, or discard it.',
    description: '',
    kind: 'write',
    destructive: true,
    input: ResolveSyncConflictInput,
    output: SyncResolution,
    handler: resolveSyncConflict,
  }),
};

export type Catalog = typeof catalog;
export type OperationName = keyof Catalog;
