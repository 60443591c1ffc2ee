import { toWorkItemSummary } from '@project-status/core';
import type {
  ArchivedWorkItem,
  Change,
  Enhancement,
  HistoryEntry,
  Note,
  ProjectConfiguration,
  StoredDependency,
  Vendor,
  WorkItem,
  WorkItemSummary,
} from '@project-status/core';

/**
 * Row → domain mappers for the raw read path. SQLite hands back JSON as text,
 * timestamps as the ISO strings we wrote and booleans as 0/1; PostgreSQL hands
 * back parsed jsonb, `Date`s and booleans. Both end up as the same domain
 * object.
 */
type Row = Record<string, unknown>;

export function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** What `Date#toISOString` returns for years 0–9999: SQLite hands back our own writes in this form. */
const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function iso(value: unknown): string {
  if (typeof value === 'string' && CANONICAL_ISO.test(value)) return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value).toISOString();
  return new Date(String(value)).toISOString();
}

/** PostgreSQL's text form of a `timestamptz` in a UTC session: `2026-10-02 03:10:27.053+00` (fraction optional, up to 6 digits). */
const PG_UTC_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00$/;

/**
 * The canonical ISO string of a PostgreSQL `timestamptz` text in UTC, without
 * building a `Date` (that parse and `toISOString` were a tenth of the CPU of a
 * `query_work_item` read); the fraction is cut to milliseconds, as `Date`
 * cuts it. Null for any other form (another time zone, BC, infinity): the
 * driver's own parser handles those.
 */
export function pgUtcTimestampToIso(text: string): string | null {
  const m = PG_UTC_TIMESTAMP.exec(text);
  return m ? `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(3, '0').slice(0, 3)}Z` : null;
}

export function isoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : iso(value);
}

export function bool(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't';
}

export const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export const WORK_ITEM_COLUMNS =
  'id, item_type, title, status, parent_id, path, depth, branch_name, commit_hash, pr_number, metadata, labels, assignee, deleted_at, version, created_at, updated_at, created_by, updated_by, ' +
  'short_id, priority, lease_expires_at, lease_seconds, close_reason';

/** Same list, each column qualified by `alias.`. */
export function workItemColumns(alias: string): string {
  return WORK_ITEM_COLUMNS.split(', ')
    .map((c) => `${alias}.${c}`)
    .join(', ');
}

export function toWorkItem(r: Row): WorkItem {
  return {
    id: String(r.id),
    item_type: r.item_type as WorkItem['item_type'],
    title: String(r.title),
    status: r.status as WorkItem['status'],
    parent_id: str(r.parent_id),
    path: String(r.path),
    depth: Number(r.depth),
    branch_name: str(r.branch_name),
    commit_hash: str(r.commit_hash),
    pr_number: num(r.pr_number),
    metadata: json(r.metadata),
    labels: json(r.labels),
    assignee: str(r.assignee),
    deleted_at: isoOrNull(r.deleted_at),
    short_id: String(r.short_id),
    priority: Number(r.priority),
    lease_expires_at: isoOrNull(r.lease_expires_at),
    lease_seconds: num(r.lease_seconds),
    close_reason: str(r.close_reason),
    version: Number(r.version),
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
    created_by: String(r.created_by),
    updated_by: String(r.updated_by),
  };
}

/** A row holding the summary columns, shaped by core's `toWorkItemSummary`. */
export function toWorkItemSummaryRow(r: Row): WorkItemSummary {
  return toWorkItemSummary({
    id: String(r.id),
    short_id: String(r.short_id),
    item_type: r.item_type as WorkItem['item_type'],
    title: String(r.title),
    status: r.status as WorkItem['status'],
    priority: Number(r.priority),
    version: Number(r.version),
    parent_id: str(r.parent_id),
    assignee: str(r.assignee),
    lease_expires_at: isoOrNull(r.lease_expires_at),
    deleted_at: isoOrNull(r.deleted_at),
    updated_at: iso(r.updated_at),
  });
}

export function toArchivedWorkItem(r: Row): ArchivedWorkItem {
  return { ...toWorkItem(r), archived_at: iso(r.archived_at) };
}

export function toDependency(r: Row): StoredDependency {
  return {
    id: String(r.id),
    source_id: String(r.source_id),
    target_id: String(r.target_id),
    dependency_type: r.dependency_type as StoredDependency['dependency_type'],
    created_at: iso(r.created_at),
    created_by: String(r.created_by),
  };
}

export const VENDOR_COLUMNS = 'id, name, status, extractor_version, metadata, version, created_at, updated_at, created_by, updated_by';

export function toVendor(r: Row): Vendor {
  return {
    id: String(r.id),
    name: String(r.name),
    status: r.status as Vendor['status'],
    extractor_version: String(r.extractor_version),
    metadata: json(r.metadata),
    version: Number(r.version),
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
    created_by: String(r.created_by),
    updated_by: String(r.updated_by),
  };
}

export function toConfiguration(r: Row): ProjectConfiguration {
  return {
    active_context_type: r.active_context_type as ProjectConfiguration['active_context_type'],
    current_session_id: str(r.current_session_id),
    git_branch: str(r.git_branch),
    git_head_commit: str(r.git_head_commit),
    default_token_budget: Number(r.default_token_budget),
    database_healthy: bool(r.database_healthy),
    last_health_check_at: isoOrNull(r.last_health_check_at),
    updated_at: isoOrNull(r.updated_at),
    updated_by: str(r.updated_by),
    version: Number(r.version),
  };
}

export function toEnhancement(r: Row): Enhancement {
  return {
    id: String(r.id),
    title: String(r.title),
    description: str(r.description),
    priority: Number(r.priority),
    status: r.status as Enhancement['status'],
    target_quarter: str(r.target_quarter),
    requires_constitutional_principles: json(r.requires_constitutional_principles),
    work_item_ids: json(r.work_item_ids),
    version: Number(r.version),
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
    created_by: String(r.created_by),
    updated_by: String(r.updated_by),
  };
}

/** What a history row and a change-feed row share. */
function historyFacts(r: Row): Omit<HistoryEntry, 'id' | 'changes'> {
  return {
    entity_type: r.entity_type as HistoryEntry['entity_type'],
    entity_id: String(r.entity_id),
    version: Number(r.version),
    action: r.action as HistoryEntry['action'],
    actor: String(r.actor),
    at: iso(r.at),
  };
}

export function toHistoryEntry(r: Row): HistoryEntry {
  return { id: String(r.id), ...historyFacts(r), changes: json(r.changes) };
}

/** A change-feed row (`seq` is a bigint, a string on PostgreSQL). */
export function toChange(r: Row): Change {
  return { seq: Number(r.seq), ...historyFacts(r) };
}

export function toNote(r: Row): Note {
  return { id: String(r.id), work_item_id: String(r.work_item_id), author: String(r.author), text: String(r.text), created_at: iso(r.created_at) };
}
