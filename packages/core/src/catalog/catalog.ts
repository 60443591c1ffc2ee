import { z } from 'zod';
import { ArchiveResult, ArchiveWorkItemsInput, ArchivedSummary, ArchivedWorkItem, QueryArchivedInput } from '../archive/schema.js';
import { GetConfigurationInput, ProjectConfiguration, UpdateConfigurationInput } from '../configuration/schema.js';
import { Deployment, DeploymentRef, DeploymentSummary, ListDeploymentsInput, RecordDeploymentInput } from '../deployment/schema.js';
import { CreateEnhancementInput, Enhancement, EnhancementSummary, ListEnhancementsInput, UpdateEnhancementInput } from '../enhancement/schema.js';
import { GetHistoryInput, HistoryEntry } from '../history/schema.js';
import { ChangePage, ListChangesInput } from '../change/schema.js';
import { listChanges } from '../services/changes.js';
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
import * as work from '../services/work-items.js';
import { CreateVendorInput, ListVendorsInput, QueryVendorInput, UpdateVendorInput, Vendor, VendorSummary } from '../vendor/schema.js';
import {
  ClaimWorkItemInput,
  CreateWorkItemInput,
  ListReadyWorkInput,
  ListWorkItemsInput,
  QueryWorkItemInput,
  SearchWorkItemsInput,
  UpdateWorkItemInput,
  WorkItem,
  WorkItemPage,
  WorkItemSummary,
} from '../work-item/schema.js';
import { defineOperation } from './operation.js';

const CONFLICT_HINT =
  'On VERSION_CONFLICT nothing was written: re-read the entity, re-apply your change to what you read, and retry with the current version from the error details.';

const SummaryNode: z.ZodType = z.lazy(() => WorkItemSummary.extend({ children: z.array(SummaryNode) }));
const DependencyRef = z.object({
  id: Uuid,
  title: z.string(),
  status: z.string(),
  dependency_type: z.enum(['blocks', 'depends_on']),
  unfinished: z.literal(true).optional(),
});
const Rows = z.array(z.union([WorkItemSummary, WorkItem]));

/** Every operation of SPEC §4 (the report and import operations join in their own modules). */
export const catalog = {
  create_work_item: defineOperation({
    name: 'create_work_item',
    toolset: 'work',
    summary: 'Create a project, session, task or research item, optionally under a parent.',
    description:
      'Creates a work item. item_type decides the metadata: project needs {description}; session needs {token_budget (1000–1000000), prompts_count, yaml_frontmatter:{schema_version}}; task takes {estimated_hours, actual_hours, blocked_reason}; research takes {research_questions, findings_summary, references}. Unknown metadata keys are rejected. parent_id nests it (at most depth 5, root = 0). Returns the full item with id and version 1.',
    kind: 'write',
    input: CreateWorkItemInput,
    output: WorkItem,
    handler: work.createWorkItem,
  }),
  update_work_item: defineOperation({
    name: 'update_work_item',
    toolset: 'work',
    summary: 'Change, move, soft-delete or restore a work item (needs the version you read).',
    description:
      'Updates a work item if it is still at `version`. Send only the fields to change; metadata is merged into the current metadata, and a metadata key set to null is removed (e.g. {"blocked_reason": null} clears the reason of a task). parent_id moves the whole subtree (null = make it a root); delete: true soft-deletes (cascade: true for an item with children), restore: true undeletes (cascade: true also restores the children deleted with it — also later, on an item restored without cascade, whose result then said so in notes). Returns the item with its new version. ' +
      CONFLICT_HINT,
    kind: 'write',
    destructive: true,
    input: UpdateWorkItemInput,
    output: WorkItem.extend({
      notes: z.array(z.string()).optional().describe('What the update left as it was, e.g. children a restore without cascade kept deleted, and how to change that.'),
    }),
    handler: work.updateWorkItem,
  }),
  query_work_item: defineOperation({
    name: 'query_work_item',
    toolset: 'work',
    summary: 'One work item with ancestors, descendant tree, dependencies and deployments.',
    description:
      'Returns the full item, its ancestors (root first), its descendants up to 5 levels as a tree of summaries, what it waits for and what it blocks (unfinished: true marks edges that keep it from being ready), whether it is ready, and deployments that reference it.',
    kind: 'read',
    input: QueryWorkItemInput,
    output: z.object({
      item: WorkItem,
      ancestors: z.array(WorkItemSummary),
      descendants: z.array(SummaryNode),
      dependencies: z.object({ waits_for: z.array(DependencyRef), blocks: z.array(DependencyRef) }),
      ready: z.boolean(),
      deployments: z.array(DeploymentRef),
    }),
    handler: work.queryWorkItem,
  }),
  list_work_items: defineOperation({
    name: 'list_work_items',
    toolset: 'work',
    summary: 'Page through work items with filters, newest update first.',
    description:
      'Lists work items filtered by item_type, status, parent_id (null = roots only), branch_name, assignee or label; deleted items only with include_deleted. Returns summary rows (id, item_type, title, status, version, parent_id, updated_at) unless detail is "full", plus total_count for paging with limit (1–100, default 50) and offset.',
    kind: 'read',
    input: ListWorkItemsInput,
    output: WorkItemPage,
    handler: work.listWorkItems,
  }),
  add_dependency: defineOperation({
    name: 'add_dependency',
    toolset: 'work',
    summary: 'Record that one work item must finish before another.',
    description:
      '"source blocks target" or "source depends_on target". Rejected when either item is unknown or deleted, when the pair is already linked, or when the edge would close a cycle (the error lists the cycle).',
    kind: 'write',
    input: AddDependencyInput,
    output: Dependency,
    handler: addDependency,
  }),
  remove_dependency: defineOperation({
    name: 'remove_dependency',
    toolset: 'work',
    summary: 'Remove a dependency between two work items.',
    description: 'Removes the edge with exactly this source, target and type; NOT_FOUND when there is none.',
    kind: 'write',
    destructive: true,
    input: RemoveDependencyInput,
    output: z.object({ removed: z.literal(true), dependency: Dependency }),
    handler: removeDependency,
  }),
  list_ready_work: defineOperation({
    name: 'list_ready_work',
    toolset: 'work',
    summary: 'What can be worked on now: active, unassigned items whose prerequisites are finished.',
    description:
      'Ask this first when choosing work. Returns active, non-deleted items whose every prerequisite is completed, deleted or archived, highest in the tree first. Unassigned only unless include_assigned. Narrow with parent_id (its subtree) and item_type. Then claim_work_item to take one.',
    kind: 'read',
    input: ListReadyWorkInput,
    output: z.object({ items: Rows, count: z.int() }),
    handler: work.listReadyWork,
  }),
  claim_work_item: defineOperation({
    name: 'claim_work_item',
    toolset: 'work',
    summary: 'Atomically take a ready, unassigned work item.',
    description:
      'Assigns the item to `assignee` (default: your client id) only if it is ready and unassigned at that instant; two agents can never claim the same item. CONFLICT says why not (already_claimed, not_active, not_ready with blocked_by). Claiming an item you already hold returns it unchanged.',
    kind: 'write',
    input: ClaimWorkItemInput,
    output: WorkItem,
    handler: work.claimWorkItem,
  }),
  search_work_items: defineOperation({
    name: 'search_work_items',
    toolset: 'work',
    summary: 'Ranked full-text search over titles, metadata text and labels.',
    description: 'Words are matched as terms (all must occur); best matches first. Same filters, paging and detail as list_work_items.',
    kind: 'read',
    input: SearchWorkItemsInput,
    output: WorkItemPage,
    handler: work.searchWorkItems,
  }),
  archive_work_items: defineOperation({
    name: 'archive_work_items',
    toolset: 'admin',
    summary: 'Move old finished work items to the archive (dry_run to count first).',
    description:
      'Archives items created more than older_than_days ago (default 365) that are completed or deleted, a whole subtree at a time: an item goes only with all of its descendants. Runs in batches; returns eligible and archived counts. Archived items leave live queries; see query_archived_work_items.',
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
    output: z.object({ items: z.array(z.union([ArchivedSummary, ArchivedWorkItem])), total_count: z.int(), limit: z.int(), offset: z.int() }),
    handler: admin.queryArchivedWorkItems,
  }),
  create_vendor: defineOperation({
    name: 'create_vendor',
    toolset: 'vendors',
    summary: 'Start tracking a component (vendor); names are unique regardless of case.',
    description:
      'Creates a vendor. With only a name it starts broken, with no formats, zero tests and version 0.0.0. initial_metadata may set format_support {excel,csv,pdf,ocr}, test_results {passing,total,skipped}, extractor_version, manifest_compliant and extra keys. A name that exists in any letter case is a CONFLICT.',
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
    description: 'Metadata merges into the current metadata (format_support and test_results by key) and is checked whole; a metadata key set to null is removed. ' + CONFLICT_HINT,
    kind: 'write',
    input: UpdateVendorInput,
    output: Vendor,
    handler: vendors.updateVendorStatus,
  }),
  list_vendors: defineOperation({
    name: 'list_vendors',
    toolset: 'vendors',
    summary: 'All vendors with their health, optionally only operational or broken ones.',
    description: 'Summary rows (id, name, status, version, tests, formats) unless detail is "full"; the id is what record_deployment takes in affected_vendor_ids. Includes the operational count.',
    kind: 'read',
    input: ListVendorsInput,
    output: z.object({ vendors: z.array(z.union([VendorSummary, Vendor])), count: z.int(), operational: z.int() }),
    handler: vendors.listVendors,
  }),
  record_deployment: defineOperation({
    name: 'record_deployment',
    toolset: 'deployments',
    summary: 'Record a deployment with its PR, commit, test summary and linked vendors and work items.',
    description:
      'Append-only. metadata: {pr_number, pr_title, test_summary {category: count}, constitutional_compliance}; metadata.commit_hash may be left out (it is taken from commit_hash) and, if given, must equal commit_hash. affected_vendor_ids takes vendor ids or names (any letter case). Every vendor and every id in related_work_item_ids must exist, or nothing is written (NOT_FOUND lists the unknown ones).',
    kind: 'write',
    input: RecordDeploymentInput,
    output: Deployment,
    handler: deployments.recordDeployment,
  }),
  list_deployments: defineOperation({
    name: 'list_deployments',
    toolset: 'deployments',
    summary: 'Deployments newest first, filtered by date range, vendor or work item.',
    description: 'since/until bound deployed_at; vendor is a vendor name (any letter case) or id; work_item_id a linked work item. Summary rows (id, deployed_at, commit_hash, pr_number, pr_title, vendor names, work_item_ids) unless detail is "full".',
    kind: 'read',
    input: ListDeploymentsInput,
    output: z.object({ deployments: z.array(z.union([DeploymentSummary, Deployment])), total_count: z.int(), limit: z.int(), offset: z.int() }),
    handler: deployments.listDeployments,
  }),
  get_project_configuration: defineOperation({
    name: 'get_project_configuration',
    toolset: 'config',
    summary: 'The project configuration (defaults with version 0 until first written).',
    description: 'Returns active_context_type, current_session_id, git_branch, git_head_commit, default_token_budget, health fields and version.',
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
    description: 'priority 1 (high) – 5 (low), default 3; status planned|approved|implementing|completed; target_quarter like 2026-Q3; work_item_ids must exist.',
    kind: 'write',
    input: CreateEnhancementInput,
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
    output: z.object({ enhancements: z.array(z.union([EnhancementSummary, Enhancement])), total_count: z.int(), limit: z.int(), offset: z.int() }),
    handler: enhancements.listEnhancements,
  }),
  get_history: defineOperation({
    name: 'get_history',
    toolset: 'admin',
    summary: 'Every recorded change of one entity, newest first.',
    description: 'entity_type work_item|dependency|vendor|deployment|configuration|enhancement and its id (a vendor may be named; the configuration needs no id: pass "singleton"). Each entry: version after the change, action, actor, time, changed fields with old and new values.',
    kind: 'read',
    input: GetHistoryInput,
    output: z.object({ entries: z.array(HistoryEntry), total_count: z.int(), limit: z.int(), offset: z.int() }),
    handler: admin.getHistory,
  }),
  list_changes: defineOperation({
    name: 'list_changes',
    toolset: 'admin',
    summary: 'What changed since a cursor: committed changes of every entity in commit order, one page at a time.',
    description:
      'Returns changes with seq > after (0 = from the start), oldest first: entity_type, entity_id, version after the change, action, actor, time. Optionally only some entity_types or ids. Keep next_cursor and pass it as after next time; has_more says another page is already waiting. Sequence numbers only grow, in commit order, but may skip values. A cursor ahead of the newest change or older than the oldest retained one is a VALIDATION_ERROR (details.reason cursor_ahead or cursor_expired): re-read what you need in full, then continue from details.head. Use get_history for the changed fields of one entity.',
    kind: 'read',
    input: ListChangesInput,
    output: ChangePage,
    handler: listChanges,
  }),
  generate_status_report: defineOperation({
    name: 'generate_status_report',
    toolset: 'reports',
    summary: 'The markdown status report: vendor health, work tree, blocked and ready work, deployments, backlog, sessions, configuration.',
    description:
      'Renders the whole project state as markdown from the store (the same section grammar as the legacy .project_status.md, so it can be read back). Read it to get oriented at the start of a session. write_file: true also writes .project_status.md at the project root atomically — anything a person wrote below the line "<!-- project-status: user notes below are preserved -->" is kept — plus the JSON snapshot .project-status/snapshot.json. On a large project pass include_markdown: false with write_file to get only the counts. "Blocked" and "Ready Work" list at most max_list_items (default 100); the work tree is complete.',
    kind: 'write',
    idempotent: true,
    input: GenerateStatusReportInput,
    output: StatusReport,
    handler: generateStatusReport,
  }),
  import_legacy_status: defineOperation({
    name: 'import_legacy_status',
    toolset: 'reports',
    summary: 'Import a hand-written legacy .project_status.md (vendors, deployments, enhancements, session prompts) with reconciliation checks.',
    description:
      'Reads the markdown file at path (must be inside the project root) and imports, in one transaction, its ## Vendors, ## Deployments, ## Future Enhancements and ## Session Prompts sections. Malformed entries are skipped and listed in issues with their line numbers; a section whose "(N total)" disagrees with its entries is listed too. Entries already in the store (vendors by name, deployments by commit, enhancements by title, sessions by session_id or date) are left alone, so importing twice creates no duplicates. Returns five reconciliation checks {check, source, migrated, match} and preservation_percent. If any check fails the whole import is rolled back (VALIDATION_ERROR with the report in details.report) and nothing is written; the file itself is never modified. Use dry_run: true first to see the report without writing.',
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
      'Writes every vendor, work item (deleted ones too), dependency, deployment and enhancement plus the configuration to .project-status/snapshot.json atomically, one row per line so git diffs stay readable. Commit the file to keep a copy of the state that survives losing the database. Returns the absolute path, byte size and counts.',
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
    description: 'Cheap; call it when answers look stale or writes fail with DATABASE_ERROR.',
    kind: 'read',
    input: HealthCheckInput,
    output: HealthReport,
    handler: (env) => healthCheck(env),
  }),
};

export type Catalog = typeof catalog;
export type OperationName = keyof Catalog;
