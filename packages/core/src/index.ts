/**
 * @project-status/core — the domain of Project Status: zod schemas (the one
 * definition of every shape), pure rules, errors, the operation catalog and the
 * services, written against the {@link Store} port. No I/O.
 *
 * @example
 * import { createProjectStatus } from '@project-status/core';
 * const ps = createProjectStatus({ store }); // a Store from @project-status/storage
 * await ps.list_ready_work({});
 */
export {
  DomainError,
  ValidationError,
  NotFoundError,
  VersionConflictError,
  ConflictError,
  DatabaseError,
  isDomainError,
  entryFitsHint,
  type ErrorCode,
  type ErrorBody,
  type ErrorHint,
  type FieldIssue,
  type VersionConflictDetails,
} from './errors/domain-error.js';
export { validationErrorFromZod, parseOrThrow } from './errors/from-zod.js';

export { Uuid, IsoTimestamp, InputTimestamp, singleLine, CONTROL_CHARACTER, Actor, CommitHash, Quarter, ExpectedVersion, Limit, Offset, Label, Detail, MAX_INT32 } from './primitives/schemas.js';
export { MAX_JSON_DEPTH, MAX_METADATA_CHARS, MAX_INPUT_CHARS, LONE_SURROGATE, boundedJson, findUnfitJson, type JsonBounds, type JsonIssue } from './primitives/json-bounds.js';
export { decodeUtf8, findInvalidUtf8, type Utf8Fault } from './primitives/utf8.js';
export { createUuidV7Generator, uuidv7 } from './primitives/uuid.js';
export { parseNumberText, numberTextHint } from './primitives/number-text.js';
export { lazySchema, isSchemaBuilt, lazySchemaCounts } from './primitives/lazy-schema.js';
export { countOf } from './primitives/plural.js';

export {
  ITEM_TYPES,
  ACTIONABLE_TYPES,
  WORK_STATUSES,
  MAX_DEPTH,
  ItemType,
  WorkStatus,
  ProjectMetadata,
  SessionMetadata,
  TaskMetadata,
  ResearchMetadata,
  METADATA_SCHEMAS,
  WorkItem,
  WorkItemSummary,
  WorkItemPage,
  toWorkItemSummary,
  type WorkItemSummarySource,
  CreateWorkItemInput,
  UpdateWorkItemInput,
  QueryWorkItemInput,
  ListWorkItemsInput,
  SearchWorkItemsInput,
  ListReadyWorkInput,
  ClaimWorkItemInput,
  ReleaseWorkItemInput,
  ListMyWorkInput,
  DEFAULT_PRIORITY,
  type WorkItemFilter,
} from './work-item/schema.js';
export { ALLOWED_PARENTS, checkNesting, isActionable } from './hierarchy/nesting.js';
export {
  WorkItemRef,
  shortIdFor,
  shortIdSource,
  isUuid,
  normalizeShortId,
  prefixUpperBound,
  MIN_SHORT_ID_LENGTH,
  MAX_SHORT_ID_LENGTH,
} from './work-item/short-id.js';
export { CreateWorkItemsInput, CreateWorkItemsResult, PlannedItem, planBatch, MAX_PLANNED_ITEMS } from './work-item/plan.js';
export { Note, NoteRef, AddNoteInput, NOTES_SHOWN } from './note/schema.js';
export { resolveWorkItemRef } from './services/refs.js';
export { PrimeSessionInput, PrimeSessionResult, WORKFLOW_LINE } from './services/prime.js';
export { CompletionCounts, CountCompletionsInput } from './services/completions.js';
export { AGENT_FILES, WriteAgentInstructionsInput, WriteAgentInstructionsResult } from './services/agents.js';
export { AGENTS_START, AGENTS_END, agentsSection, upsertAgentsSection } from './onboarding/agents-section.js';
export { placeUnder, ancestorIds, isInSubtree, planMove, rewritePath, nestTree, type TreeNode, type MovePlan, type Nested } from './hierarchy/rules.js';
export {
  DEPENDENCY_TYPES,
  DependencyType,
  mustFinishBefore,
  findCycle,
  cycleError,
  isFinished,
  isReady,
  type DependencyEdge,
  type SuccessorLookup,
  type ReadinessFacts,
} from './dependency/rules.js';
export {
  VENDOR_STATUSES,
  VendorStatus,
  VendorName,
  VendorMetadata,
  FormatSupport,
  TestResults,
  Vendor,
  VendorSummary,
  CreateVendorInput,
  UpdateVendorInput,
  VendorMetadataUpdate,
  ListVendorsInput,
  defaultVendorMetadata,
  supportedFormats,
  toVendorSummary,
} from './vendor/schema.js';
export { Deployment, DeploymentMetadata, RecordDeploymentInput, ListDeploymentsInput, DeploymentRef, DeploymentSummary, toDeploymentSummary } from './deployment/schema.js';
export {
  ContextType,
  ProjectConfiguration,
  UpdateConfigurationInput,
  DEFAULT_TOKEN_BUDGET,
  defaultConfiguration,
} from './configuration/schema.js';
export {
  ENHANCEMENT_STATUSES,
  EnhancementStatus,
  Priority,
  Enhancement,
  EnhancementSummary,
  toEnhancementSummary,
  CreateEnhancementInput,
  UpdateEnhancementInput,
  ListEnhancementsInput,
} from './enhancement/schema.js';
export { Change, ChangePage, Cursor, ListChangesInput, WatchInput } from './change/schema.js';
export { watchChanges, type ChangeWatch, type WatchSource } from './change/watch.js';
export { ENTITY_TYPES, EntityType, HistoryAction, HistoryEntry, GetHistoryInput, diffFields } from './history/schema.js';
export { DEFAULT_ARCHIVE_AFTER_DAYS, archiveCutoff, isArchiveEligible, selectArchivable, type ArchiveFacts } from './archive/rules.js';
export { ArchivedWorkItem, ArchiveWorkItemsInput, ArchiveResult, QueryArchivedInput } from './archive/schema.js';

export type {
  Store,
  StoreReader,
  StoreWriter,
  StoredDependency,
  WorkOutline,
  NewDeployment,
  DataSource,
  Page,
  ReadyWorkQuery,
  WorkItemQuery,
  VersionedChange,
  ChangedRow,
  RestoredRow,
  DependencyWithOther,
  TransactionLock,
  ChangeQuery,
  ChangeSignal,
  Lease,
  ShortIdMatch,
  ServedBy,
  OutageStatus,
  PingResult,
  SyncConflicts,
  SequencedHistoryEntry,
} from './ports/store.js';
export { SyncConflict, SyncConflictReason, SyncConflictList, ListSyncConflictsInput, ResolveSyncConflictInput, SyncResolution } from './sync/schema.js';
export { describeServed, describeServedError, isFallbackAnswer, servedFields, servedOfError } from './sync/served.js';
export { classifyReplayError, replayOrder, versionTarget, reapplyInput, type ReplayOutcome, type OutboxOrderKey } from './sync/rules.js';

export { type ServiceEnv, type Progress, assertVersion, historyEntry, nowIso, definedOnly } from './services/env.js';
export { HealthCheckInput, HealthReport } from './services/health.js';
export { joinTransaction } from './ports/nested.js';
export type { ProjectFiles } from './ports/files.js';
export { AddDependencyInput, RemoveDependencyInput, Dependency } from './services/dependencies.js';
export { applyMergePatch, parseMergedMetadata, type MergePatchResult, type MergePatchOptions } from './metadata/merge-patch.js';
export { validateMetadata, patchMetadata, type WorkItemDetail, type DependencyRef } from './services/work-items.js';
export { mergeVendorMetadata } from './services/vendors.js';

export { TOOLSETS, defineOperation, runOperation, actorFromInput, type Operation, type Toolset } from './catalog/operation.js';
export { catalog, type Catalog, type OperationName } from './catalog/catalog.js';
export { createProjectStatus, type ProjectStatus, type ProjectStatusOptions, type CallOptions, type OperationMethods } from './catalog/api.js';

export {
  SECTIONS as LEGACY_SECTIONS,
  USER_SECTION_MARKER,
  formatVendorLine,
  parseTestSummary,
  parsePriority,
  parseQuarter,
  formatQuarter,
  sessionFacts,
  type SectionKind as LegacySectionKind,
} from './legacy/grammar.js';
export {
  parseLegacyStatus,
  type LegacyDocument,
  type LegacyIssue,
  type ParsedVendor,
  type ParsedDeployment,
  type ParsedEnhancement,
  type ParsedSession,
  type SectionCount,
} from './legacy/parse.js';
export { planLegacyImport, deploymentKey, type ImportPlan } from './legacy/plan.js';
export { generateLegacyStatus, type LegacyFixtureOptions, type LegacyFixture } from './legacy/generate.js';
export { renderStatusReport, type ReportData, type RenderOptions, type ReportCounts } from './report/render.js';
export { buildWorkView, type WorkView, type TreeLine } from './report/work-view.js';
export { REPORT_FILE, preservedUserSection, withUserSection } from './report/user-section.js';
export {
  GenerateStatusReportInput,
  StatusReport,
  ExportSnapshotInput,
  Snapshot,
  SnapshotExport,
  SNAPSHOT_FILE,
  SNAPSHOT_FORMAT,
  ImportLegacyStatusInput,
  ImportReport,
  ReconciliationCheck,
  RECONCILIATION_CHECKS,
} from './report/schema.js';
export { generateStatusReport, loadReportData } from './services/report.js';
export { exportSnapshot, buildSnapshot, serializeSnapshot } from './services/export.js';
export { importLegacyStatus } from './services/import.js';
export { isLoopbackHost, allowedHostNames, hostAllowed } from './net/loopback.js';
export {
  PENDING_SECTION_TITLE,
  PENDING_SECTION_END,
  PENDING_SUMMARY_MAX,
  formatPendingEntry,
  renderPendingSection,
  parsePendingSection,
  upsertPendingSection,
  removePendingSection,
  summarizePendingWrite,
  type PendingChange,
  type PendingSectionIssue,
} from './outage/pending-section.js';
