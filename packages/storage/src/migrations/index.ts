import { Migration20261125000000_initial as PostgresInitial } from './postgres/Migration20261125000000_initial.js';
import { Migration20261125000000_initial as SqliteInitial } from './sqlite/Migration20261125000000_initial.js';
import { Migration20261130000000_change_feed as PostgresChangeFeed } from './postgres/Migration20261130000000_change_feed.js';
import { Migration20261130000000_change_feed as SqliteChangeFeed } from './sqlite/Migration20261130000000_change_feed.js';
import { Migration20261130000000_deleted_with as PostgresDeletedWith } from './postgres/Migration20261130000000_deleted_with.js';
import { Migration20261130000000_deleted_with as SqliteDeletedWith } from './sqlite/Migration20261130000000_deleted_with.js';
import { Migration20261130100000_agent_workflow as PostgresAgentWorkflow } from './postgres/Migration20261130100000_agent_workflow.js';
import { Migration20261130100000_agent_workflow as SqliteAgentWorkflow } from './sqlite/Migration20261130100000_agent_workflow.js';
import { Migration20261130200000_outage_replay as PostgresOutageReplay } from './postgres/Migration20261130200000_outage_replay.js';
import { Migration20261130200000_outage_replay as SqliteOutageReplay } from './sqlite/Migration20261130200000_outage_replay.js';
import { Migration20261130300000_status_recency as PostgresStatusRecency } from './postgres/Migration20261130300000_status_recency.js';
import { Migration20261130300000_status_recency as SqliteStatusRecency } from './sqlite/Migration20261130300000_status_recency.js';
import { Migration20261130400000_search_folds_accents as PostgresSearchFoldsAccents } from './postgres/Migration20261130400000_search_folds_accents.js';
import { Migration20261130450000_held_index as PostgresHeldIndex } from './postgres/Migration20261130450000_held_index.js';
import { Migration20261130450000_held_index as SqliteHeldIndex } from './sqlite/Migration20261130450000_held_index.js';

/**
 * Checked-in migrations per dialect, in order. Bundled as classes so the
 * published package never scans the file system for them.
 */
export const migrations = {
  sqlite: [
    { name: 'Migration20261125000000_initial', class: SqliteInitial },
    { name: 'Migration20261130000000_change_feed', class: SqliteChangeFeed },
    { name: 'Migration20261130000000_deleted_with', class: SqliteDeletedWith },
    { name: 'Migration20261130100000_agent_workflow', class: SqliteAgentWorkflow },
    { name: 'Migration20261130200000_outage_replay', class: SqliteOutageReplay },
    { name: 'Migration20261130300000_status_recency', class: SqliteStatusRecency },
    { name: 'Migration20261130450000_held_index', class: SqliteHeldIndex },
  ],
  postgres: [
    { name: 'Migration20261125000000_initial', class: PostgresInitial },
    { name: 'Migration20261130000000_change_feed', class: PostgresChangeFeed },
    { name: 'Migration20261130000000_deleted_with', class: PostgresDeletedWith },
    { name: 'Migration20261130100000_agent_workflow', class: PostgresAgentWorkflow },
    { name: 'Migration20261130200000_outage_replay', class: PostgresOutageReplay },
    { name: 'Migration20261130300000_status_recency', class: PostgresStatusRecency },
    { name: 'Migration20261130400000_search_folds_accents', class: PostgresSearchFoldsAccents },
    { name: 'Migration20261130450000_held_index', class: PostgresHeldIndex },
  ],
};
