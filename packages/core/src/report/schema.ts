import { z } from 'zod';
import { ProjectConfiguration } from '../configuration/schema.js';
import { Deployment } from '../deployment/schema.js';
import { Enhancement } from '../enhancement/schema.js';
import { Actor, IsoTimestamp } from '../primitives/schemas.js';
import { Dependency } from '../services/dependencies.js';
import { Vendor } from '../vendor/schema.js';
import { WorkItem } from '../work-item/schema.js';
import { lazySchema } from '../primitives/lazy-schema.js';

// ---- generate_status_report ------------------------------------------------------

export const GenerateStatusReportInput = lazySchema(() => z.strictObject({
  write_file: z.boolean().default(false).describe('Also write .project_status.md at the project root (atomically; notes below the marker line are kept) and the JSON snapshot .project-status/snapshot.json.'),
  include_markdown: z.boolean().default(true).describe('Return the markdown; set false with write_file to get only the counts (large projects).'),
  max_list_items: z.int().min(1).max(100_000).default(100).describe('Most items listed under "Blocked" and "Ready Work" (the work tree is never cut).'),
}));
export type GenerateStatusReportInput = z.infer<typeof GenerateStatusReportInput>;

export const ReportCounts = lazySchema(() => z.object({
  vendors: z.int(),
  operational_vendors: z.int(),
  work_items: z.int(),
  tree_items: z.int(),
  blocked: z.int(),
  ready: z.int(),
  deployments: z.int(),
  enhancements: z.int(),
  sessions: z.int(),
}));

export const StatusReport = lazySchema(() => z.object({
  markdown: z.string().optional(),
  written_to: z.string().optional(),
  snapshot_written_to: z.string().optional(),
  data_source: z.string(),
  generated_at: IsoTimestamp,
  counts: ReportCounts,
  warnings: z.array(z.string()),
}));
export type StatusReport = z.infer<typeof StatusReport>;

// ---- export_snapshot ---------------------------------------------------------------

/** Where the snapshot lives, relative to the project root (the git fallback layer reads it, SPEC §5). */
export const SNAPSHOT_FILE = '.project-status/snapshot.json';
export const SNAPSHOT_FORMAT = 'project-status-snapshot';

export const ExportSnapshotInput = lazySchema(() => z.strictObject({}));

export const SnapshotCounts = lazySchema(() => z.object({
  vendors: z.int(),
  work_items: z.int(),
  dependencies: z.int(),
  deployments: z.int(),
  enhancements: z.int(),
}));

/**
 * The JSON snapshot of the store: every vendor, work item (soft-deleted ones
 * too), dependency, deployment and enhancement, and the configuration. Rows
 * are sorted by id and written one per line so `git diff` shows what changed.
 * History and the archive are not part of it: they are audit records, not
 * the current state a fallback reader serves.
 */
export const Snapshot = lazySchema(() => z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  schema_version: z.literal(1),
  exported_at: IsoTimestamp,
  data_source: z.string(),
  counts: SnapshotCounts,
  configuration: ProjectConfiguration,
  vendors: z.array(Vendor),
  work_items: z.array(WorkItem),
  dependencies: z.array(Dependency),
  deployments: z.array(Deployment),
  enhancements: z.array(Enhancement),
}));
export type Snapshot = z.infer<typeof Snapshot>;

export const SnapshotExport = lazySchema(() => z.object({
  path: z.string(),
  exported_at: IsoTimestamp,
  data_source: z.string(),
  bytes: z.int(),
  counts: SnapshotCounts,
}));
export type SnapshotExport = z.infer<typeof SnapshotExport>;

// ---- import_legacy_status ----------------------------------------------------------

export const ImportLegacyStatusInput = lazySchema(() => z.strictObject({
  path: z.string().trim().min(1, 'give the path of the legacy markdown file').max(1000).describe('Path of the legacy .project_status.md, relative to the project root (or absolute inside it).'),
  dry_run: z.boolean().default(false).describe('Parse, check and report without writing anything.'),
  strict: z
    .boolean()
    .default(false)
    .describe('Fail (VALIDATION_ERROR, nothing written) when anything in the file would be skipped or disagrees: a malformed or duplicate entry, stray text, a wrong "(N total)". Without it such entries are reported in issues and the rest is imported.'),
  created_by: Actor.optional(),
}));
export type ImportLegacyStatusInput = z.infer<typeof ImportLegacyStatusInput>;

export const RECONCILIATION_CHECKS = ['vendor_count', 'deployment_count', 'enhancement_count', 'session_count', 'vendor_metadata_completeness'] as const;

export const ReconciliationCheck = lazySchema(() => z.object({
  check: z.enum(RECONCILIATION_CHECKS),
  /** Entries found in the file, malformed and skipped ones included. */
  source: z.int(),
  /** Of those, how many the import left out (malformed, rejected by the rules, or a duplicate of a unique name); each is in issues with its line. */
  skipped: z.int(),
  /** How many of them the store holds after the import (created now or already there). */
  migrated: z.int(),
  /** True when the store holds every entry of the file (nothing skipped, nothing lost). */
  match: z.boolean(),
}));
export type ReconciliationCheck = z.infer<typeof ReconciliationCheck>;

const EntityCounts = lazySchema(() => z.object({ vendors: z.int(), deployments: z.int(), enhancements: z.int(), sessions: z.int() }));
const LineNote = lazySchema(() => z.object({ line: z.int(), section: z.string(), reason: z.string() }));

export const ImportReport = lazySchema(() => z.object({
  path: z.string(),
  dry_run: z.boolean(),
  strict: z.boolean(),
  committed: z.boolean(),
  checks: z.array(ReconciliationCheck),
  /** Entries that reached the store, as a percentage of every entry the file holds (malformed ones and unread lines included). */
  preservation_percent: z.number(),
  /** Entries of the file left out, in all sections, plus unread_lines (each is in issues with its line). */
  skipped: z.int(),
  /** Non-blank lines under a heading the import does not read (`## Vendor list`, `## Notes`) or entry-like lines before the first section: not imported, each heading in issues with its lines, each line counted as one entry left out in skipped and preservation_percent. */
  unread_lines: z.int(),
  created: EntityCounts,
  already_present: EntityCounts,
  issues: z.array(LineNote),
  warnings: z.array(LineNote),
}));
export type ImportReport = z.infer<typeof ImportReport>;
