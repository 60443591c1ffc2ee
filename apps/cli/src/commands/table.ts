import { METADATA_SCHEMAS, VendorMetadata } from '@project-status/core';
import type { CommandLine } from './command-line.js';
import { VERSION_SOURCES } from './version-sources.js';

const WORK_COLUMNS = ['short_id', 'item_type', 'status', 'priority', 'title', 'assignee', 'version', 'updated_at'];
const workMetadata = { field: 'metadata', from: METADATA_SCHEMAS } as const;

/**
 * The command table: command words, positionals and flag aliases → catalog
 * operation. Descriptions and flags come from the catalog entry and its zod
 * schema. A line whose operation is not in the catalog is left out, so lines
 * for operations still being written are harmless.
 */
export const COMMAND_TABLE: readonly CommandLine[] = [
  { words: ['work', 'create'], operation: 'create_work_item', positionals: ['item_type', 'title'], aliases: { parent: 'parent_id', label: 'labels' }, expand: workMetadata,
    examples: [
      ['project-status work create project "Billing revamp" --description "Move billing to the new ledger"', 'a root project'],
      ['project-status work create task "Write the importer" --parent <session-id> --estimated-hours 4 --label backend', 'a task under a session'],
    ] },
  { words: ['work', 'update'], operation: 'update_work_item', positionals: ['id'], aliases: { label: 'labels' }, hidden: ['delete', 'restore'], expand: { ...workMetadata, mergePatch: true }, currentVersion: VERSION_SOURCES.workItem,
    examples: [
      ['project-status work update <id> --status completed', 'finish it (reads the current version first)'],
      ['project-status work update <id> --version 3 --status blocked --blocked-reason "waiting for API keys"', 'only if nobody changed it since version 3'],
    ] },
  { words: ['work', 'show'], operation: 'query_work_item', positionals: ['id'], aliases: { deleted: 'include_deleted' }, render: 'work-tree' },
  { words: ['work', 'list'], operation: 'list_work_items', aliases: { type: 'item_type', parent: 'parent_id', deleted: 'include_deleted' }, render: 'list', columns: WORK_COLUMNS,
    examples: [['project-status work list --type task --status blocked', 'blocked tasks'], ['project-status work list --parent null', 'root items only']] },
  { words: ['work', 'delete'], operation: 'update_work_item', summary: 'Soft-delete a work item (--cascade for one with children).', positionals: ['id'], fixed: { delete: true }, only: ['version', 'cascade', 'close_reason', 'updated_by'], currentVersion: VERSION_SOURCES.workItem,
    examples: [['project-status work delete <id> --cascade', 'soft-delete an item and its subtree']] },
  { words: ['work', 'restore'], operation: 'update_work_item', summary: 'Restore a soft-deleted work item (--cascade also restores its children).', positionals: ['id'], fixed: { restore: true }, only: ['version', 'cascade', 'updated_by'], currentVersion: VERSION_SOURCES.workItem },
  { words: ['work', 'move'], operation: 'update_work_item', summary: 'Move a work item and its subtree under another parent (null makes it a root).', positionals: ['id', 'parent_id'], only: ['version', 'updated_by'], currentVersion: VERSION_SOURCES.workItem,
    examples: [['project-status work move <id> <new-parent-id>', 'move the item and its subtree'], ['project-status work move <id> null', 'make it a root']] },
  { words: ['work', 'ready'], operation: 'list_ready_work', aliases: { type: 'item_type', parent: 'parent_id' }, render: 'list', columns: WORK_COLUMNS,
    examples: [['project-status work ready --parent <project-id>', 'what can be done now in one project']] },
  { words: ['work', 'claim'], operation: 'claim_work_item', positionals: ['id'], aliases: { lease: 'lease_seconds' },
    examples: [['project-status work claim <id> --client-id alice', 'take a ready item as alice'], ['project-status work claim 7kq2mx --lease 1800', 'hold it for 30 minutes unless renewed by a write']] },
  { words: ['work', 'release'], operation: 'release_work_item', positionals: ['id'],
    examples: [['project-status work release 7kq2mx --note "blocked on credentials"', 'give it back, saying why']] },
  { words: ['work', 'mine'], operation: 'list_my_work', render: 'list', columns: ['short_id', 'item_type', 'status', 'priority', 'title', 'lease_expires_at', 'version'],
    examples: [['project-status work mine --client-id alice', 'what alice holds']] },
  { words: ['work', 'note'], operation: 'add_note', positionals: ['id', 'text'],
    examples: [['project-status work note 7kq2mx "parser done, writer next"', 'append a note']] },
  { words: ['work', 'plan'], operation: 'create_work_items', aliases: { parent: 'parent_id' }, render: 'list', columns: ['ref', 'short_id', 'item_type', 'priority', 'title'],
    examples: [['project-status work plan --parent <project-id> --items "$(cat plan.json)"', 'create a whole plan (items with refs, parent and depends_on) at once']] },
  { words: ['work', 'search'], operation: 'search_work_items', positionals: ['query'], aliases: { type: 'item_type', parent: 'parent_id', deleted: 'include_deleted' }, render: 'list', columns: WORK_COLUMNS,
    examples: [['project-status work search "importer csv" --status active', 'ranked full-text search']] },
  { words: ['work', 'deps', 'add'], operation: 'add_dependency', positionals: ['source_id', 'dependency_type', 'target_id'],
    examples: [['project-status work deps add <a-id> blocks <b-id>', 'a must finish before b'], ['project-status work deps add <b-id> depends_on <a-id>', 'the same, seen from b']] },
  { words: ['work', 'deps', 'rm'], operation: 'remove_dependency', positionals: ['source_id', 'dependency_type', 'target_id'] },
  { words: ['work', 'archive'], operation: 'archive_work_items', aliases: { days: 'older_than_days', 'dry-run': 'dry_run' }, progress: true,
    examples: [['project-status work archive --dry-run', 'count what would move'], ['project-status work archive --older-than-days 90', 'archive finished items older than 90 days']] },
  { words: ['work', 'archived'], operation: 'query_archived_work_items', aliases: { type: 'item_type', parent: 'parent_id' }, render: 'list', columns: ['id', 'item_type', 'status', 'title', 'archived_at'] },

  { words: ['vendor', 'create'], operation: 'create_vendor', positionals: ['name'], expand: { field: 'initial_metadata' },
    examples: [['project-status vendor create acme-extractor --extractor-version 1.2.0 --format-support \'{"excel":true,"csv":true,"pdf":false,"ocr":false}\'', 'with its formats']] },
  { words: ['vendor', 'show'], operation: 'query_vendor_status', positionals: ['name'] },
  { words: ['vendor', 'update'], operation: 'update_vendor_status', positionals: ['name'], expand: { field: 'metadata', mergePatch: true, stored: { vendor: VendorMetadata } }, currentVersion: VERSION_SOURCES.vendor,
    examples: [['project-status vendor update acme-extractor --status operational --test-results \'{"passing":12,"total":12,"skipped":0}\'', 'record a green test run']] },
  { words: ['vendor', 'list'], operation: 'list_vendors', render: 'list', columns: ['id', 'name', 'status', 'extractor_version', 'tests', 'formats', 'version'] },

  { words: ['deploy', 'record'], operation: 'record_deployment', expand: { field: 'metadata' }, aliases: { vendor: 'affected_vendor_ids', 'work-item': 'related_work_item_ids' },
    examples: [['project-status deploy record --commit-hash <40-hex> --pr-number 42 --pr-title "Importer" --test-summary \'{"passed":45,"failed":0}\' --constitutional-compliance --work-item <id>', 'record PR #42']] },
  { words: ['deploy', 'list'], operation: 'list_deployments', render: 'list', columns: ['deployed_at', 'pr_number', 'metadata.pr_number', 'pr_title', 'metadata.pr_title', 'commit_hash', 'vendors', 'work_item_ids', 'work_items'] },

  { words: ['config', 'show'], operation: 'get_project_configuration' },
  { words: ['config', 'set'], operation: 'update_project_configuration', currentVersion: VERSION_SOURCES.configuration,
    examples: [['project-status config set --active-context-type maintenance --default-token-budget 150000', 'change the defaults']] },

  { words: ['enhancement', 'add'], operation: 'create_enhancement', positionals: ['title'], aliases: { 'work-item': 'work_item_ids', principle: 'requires_constitutional_principles' },
    examples: [['project-status enhancement add "OCR for scanned PDFs" --priority 1 --target-quarter 2026-Q3', 'a high-priority idea']] },
  { words: ['enhancement', 'update'], operation: 'update_enhancement', positionals: ['id'], aliases: { 'work-item': 'work_item_ids', principle: 'requires_constitutional_principles' }, currentVersion: VERSION_SOURCES.enhancement },
  { words: ['enhancement', 'list'], operation: 'list_enhancements', render: 'list', columns: ['id', 'priority', 'status', 'target_quarter', 'title'] },

  { words: ['history'], operation: 'get_history', positionals: ['entity_type', 'entity_id'], render: 'history',
    examples: [['project-status history work_item <id>', 'every change of a work item'], ['project-status history configuration singleton', 'changes of the configuration']] },
  { words: ['health'], operation: 'health_check', unavailableUnless: 'healthy',
    summary: 'Which store answers, its latency and what waits to be synced; reports a database that is down (with the cause) and exits 6.' },
  { words: ['sync', 'conflicts'], operation: 'list_sync_conflicts', render: 'list', columns: ['id', 'outbox_position', 'operation', 'reason', 'message'] },
  { words: ['sync', 'resolve'], operation: 'resolve_sync_conflict', positionals: ['id', 'action'],
    examples: [['project-status sync resolve <id> reapply', 're-apply an outage write on the current version'], ['project-status sync resolve <id> discard', 'drop it, keeping the server\'s side']] },
  { words: ['changes'], operation: 'list_changes', aliases: { type: 'entity_types', id: 'ids' }, render: 'list', columns: ['seq', 'at', 'entity_type', 'entity_id', 'action', 'version', 'actor'],
    examples: [['project-status changes --after 120', 'what changed since change 120 (next_cursor says where to go on)'], ['project-status watch', 'follow changes live instead']] },

  { words: ['work', 'completed'], operation: 'count_completions', render: 'list', columns: ['day', 'completed'],
    examples: [['project-status work completed --days 28', 'work items completed per day over the last four weeks']] },
  { words: ['report'], operation: 'generate_status_report', render: 'markdown',
    examples: [['project-status report', 'print the markdown report'], ['project-status report --write-file', 'also write .project_status.md and the JSON snapshot']] },
  { words: ['agents'], operation: 'write_agent_instructions', aliases: { 'dry-run': 'dry_run' }, render: 'list', columns: ['action', 'path'],
    examples: [['project-status agents', 'add or refresh the workflow section in AGENTS.md / CLAUDE.md'], ['project-status agents --file CLAUDE.md', 'only in CLAUDE.md']] },
  { words: ['prime'], operation: 'prime_session', render: 'markdown',
    examples: [['project-status prime --client-id claude-code', 'the session-start context a hook feeds an assistant']] },
  { words: ['import'], operation: 'import_legacy_status', positionals: ['path'], paths: ['path'], progress: true, render: 'import', columns: ['check', 'source', 'skipped', 'migrated', 'match'],
    examples: [['project-status import .project_status.md --dry-run', 'check what an import would bring in'], ['project-status import .project_status.md', 'import it (one transaction, reconciled)'], ['project-status import .project_status.md --strict', 'fail, writing nothing, if any entry would be skipped (for CI)']] },
  { words: ['export'], operation: 'export_snapshot' },
];

/** One-line descriptions of the command groups (the commands themselves describe their operation). */
export const GROUPS: Readonly<Record<string, string>> = {
  work: 'Work items: projects, sessions, tasks and research, with dependencies',
  'work deps': 'Dependencies between work items ("must finish before")',
  vendor: 'Tracked components (vendors) and their health',
  deploy: 'Deployments',
  config: 'The project configuration',
  enhancement: 'The future-enhancement backlog',
  sync: 'Writes queued during a database outage that conflicted on replay: list them, then re-apply or discard each',
};
