import { z } from 'zod';
import { lazySchema } from '../primitives/lazy-schema.js';
import { nowIso, type ServiceEnv } from './env.js';

const DAY_MS = 86_400_000;

export const CountCompletionsInput = lazySchema(() =>
  z.strictObject({
    days: z.int().min(1).max(366).default(84),
  }),
);
export type CountCompletionsInput = z.infer<typeof CountCompletionsInput>;

export const CompletionCounts = lazySchema(() =>
  z.object({
    since: z.string(),
    per_day: z.array(z.object({ day: z.string(), completed: z.int() })),
  }),
);
export type CompletionCounts = z.infer<typeof CompletionCounts>;

/**
 * count_completions: live completed work items per UTC day over the last
 * `days`, each dated by the history entry that last set its status to
 * completed — not by its last update, which a later rename or label change
 * moves.
 */
export async function countCompletions(env: ServiceEnv, input: CountCompletionsInput): Promise<CompletionCounts> {
  const since = new Date(Date.parse(nowIso(env)) - input.days * DAY_MS).toISOString();
  return { since, per_day: await env.store.countCompletions(since) };
}
