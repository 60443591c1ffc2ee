import { ErrorCode, McpError, type GetPromptResult, type Prompt } from '@modelcontextprotocol/sdk/types.js';
import type { ProjectStatus } from '@project-status/core';

/**
 * MCP prompts for the common flows of an assistant's session. Each is a
 * user message that tells the model which tools to call in which order;
 * `start_session` also carries the live session context (prime_session), so
 * the model begins with the state instead of spending a first round trip.
 */
export const PROMPTS: readonly Prompt[] = [
  {
    name: 'start_session',
    title: 'Start a session',
    description: 'What you hold, ready work, blockers and recent changes, and how to pick up work.',
  },
  {
    name: 'plan_feature',
    title: 'Plan a feature',
    description: 'Break a feature into tasks with dependencies and create them in one create_work_items call.',
    arguments: [
      { name: 'feature', description: 'What the feature is about', required: true },
      { name: 'parent_id', description: 'Item to plan under (id or short id)', required: false },
    ],
  },
  {
    name: 'wrap_up_session',
    title: 'Wrap up a session',
    description: 'Leave every item you hold in a state the next session can continue from.',
  },
];

const user = (text: string): GetPromptResult['messages'][number] => ({ role: 'user', content: { type: 'text', text } });

/** The messages of prompt `name` for `actor`. */
export async function getPrompt(ps: ProjectStatus, name: string, args: Record<string, string> | undefined, actor: string): Promise<GetPromptResult> {
  switch (name) {
    case 'start_session': {
      const { markdown } = (await ps.call('prime_session', {}, { actor })) as { markdown: string };
      return {
        description: 'Session start',
        messages: [
          user(
            `${markdown}\nContinue what you hold first (query_work_item shows its notes). Otherwise claim the top ready item with claim_work_item and lease_seconds: 1800; your updates and notes renew the lease.`,
          ),
        ],
      };
    }
    case 'plan_feature': {
      const feature = args?.feature?.trim();
      if (!feature) throw new McpError(ErrorCode.InvalidParams, 'plan_feature needs the argument "feature"');
      const under = args?.parent_id?.trim() ? ` under parent_id ${JSON.stringify(args.parent_id.trim())}` : '';
      return {
        description: 'Plan a feature',
        messages: [
          user(
            `Plan this feature as work items${under}: ${feature}\n\n` +
              'Break it into tasks (and research items for open questions) of a few hours each, at most 5 levels deep. Give each a short ref, a priority (1 = most urgent, default 3), and depends_on for what must finish first. ' +
              'Create all of them in ONE create_work_items call; it is all or nothing and reports every problem at once. Then show the plan by short id.',
          ),
        ],
      };
    }
    case 'wrap_up_session':
      return {
        description: 'Wrap up a session',
        messages: [
          user(
            'Wrap up: call list_my_work. For each item you hold: if it is done, update_work_item with status "completed" and a close_reason; ' +
              'otherwise add_note with where you stopped and what comes next, then release_work_item unless you will continue it right away. ' +
              'Record new follow-up work with create_work_item or create_work_items. Finish with a one-line summary per item.',
          ),
        ],
      };
    default:
      throw new McpError(ErrorCode.InvalidParams, `Unknown prompt "${name}"; known: ${PROMPTS.map((p) => p.name).join(', ')}`);
  }
}
