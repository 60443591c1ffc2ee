import { EntitySchema } from '@mikro-orm/core';
import { oneOf } from './columns.js';

export interface ConfigurationRow {
  id: number;
  active_context_type: string;
  current_session_id?: string | null;
  git_branch?: string | null;
  git_head_commit?: string | null;
  default_token_budget: number;
  database_healthy: boolean;
  last_health_check_at?: Date | null;
  version: number;
  updated_at: Date;
  updated_by: string;
}

/** The singleton: a CHECK pins the only possible id to 1. */
export const ConfigurationEntity = new EntitySchema<ConfigurationRow>({
  name: 'ProjectConfiguration',
  tableName: 'project_configuration',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: false },
    active_context_type: oneOf(['feature', 'maintenance', 'research']),
    current_session_id: { type: 'uuid', nullable: true },
    git_branch: { type: 'string', length: 200, nullable: true },
    git_head_commit: { type: 'string', length: 40, nullable: true },
    default_token_budget: { type: 'integer' },
    database_healthy: { type: 'boolean' },
    last_health_check_at: { type: 'datetime', nullable: true },
    version: { type: 'integer', version: true },
    updated_at: { type: 'datetime' },
    updated_by: { type: 'string', length: 100 },
  },
  checks: [
    { name: 'project_configuration_singleton_check', expression: 'id = 1' },
    { name: 'project_configuration_budget_check', expression: 'default_token_budget >= 1000 and default_token_budget <= 1000000' },
  ],
});
