import { z } from 'zod';
import { Actor, CommitHash, InputTimestamp, IsoTimestamp, MAX_INT32, singleLine, Uuid } from '../primitives/schemas.js';
import { lazySchema } from '../primitives/lazy-schema.js';

export const ContextType = lazySchema(() => z.enum(['feature', 'maintenance', 'research']));
export const TokenBudget = lazySchema(() => z.int().min(1000).max(1_000_000));
export const DEFAULT_TOKEN_BUDGET = 200_000;

export const ProjectConfiguration = lazySchema(() => z.object({
  active_context_type: ContextType,
  current_session_id: Uuid.nullable(),
  git_branch: z.string().nullable(),
  git_head_commit: z.string().nullable(),
  default_token_budget: TokenBudget,
  database_healthy: z.boolean(),
  last_health_check_at: IsoTimestamp.nullable(),
  updated_at: IsoTimestamp.nullable(),
  updated_by: z.string().nullable(),
  version: z.int().min(0),
}));
export type ProjectConfiguration = z.infer<typeof ProjectConfiguration>;

/** What reading the configuration returns before anyone wrote it (version 0). */
export function defaultConfiguration(): ProjectConfiguration {
  return {
    active_context_type: 'feature',
    current_session_id: null,
    git_branch: null,
    git_head_commit: null,
    default_token_budget: DEFAULT_TOKEN_BUDGET,
    database_healthy: true,
    last_health_check_at: null,
    updated_at: null,
    updated_by: null,
    version: 0,
  };
}

export const GetConfigurationInput = lazySchema(() => z.strictObject({}));

export const UpdateConfigurationInput = lazySchema(() => z.strictObject({
  /** Version read; 0 when the configuration was never written. */
  version: z.int().min(0).max(MAX_INT32),
  active_context_type: ContextType.optional(),
  current_session_id: Uuid.nullable().optional(),
  git_branch: singleLine(z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters')).nullable().optional(),
  git_head_commit: CommitHash.nullable().optional(),
  default_token_budget: TokenBudget.optional(),
  database_healthy: z.boolean().optional(),
  last_health_check_at: InputTimestamp.nullable().optional(),
  updated_by: Actor.optional(),
}));
export type UpdateConfigurationInput = z.infer<typeof UpdateConfigurationInput>;
