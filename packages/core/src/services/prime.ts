import { z } from 'zod';
import { Actor } from '../primitives/schemas.js';
import type { WorkItem } from '../work-item/schema.js';
import { nowIso, type ServiceEnv } from './env.js';
import { lazySchema } from '../primitives/lazy-schema.js';

/** Rows per section of the session context: enough to choose from, few enough for a session-start hook. */
const SHOWN = { held: 10, ready: 8, blocked: 5, recent: 5 } as const;
/** Characters of a title in the context; longer ones are cut with an ellipsis. */
const TITLE_CHARS = 60;

export const PrimeSessionInput = lazySchema(() => z.strictObject({
  assignee: Actor.optional(),
}));

export const PrimeSessionResult = lazySchema(() => z.object({ markdown: z.string() }));

/** The workflow in one line: what an assistant should do with the context below it. */
export const WORKFLOW_LINE =
  'Workflow: list_my_work → list_ready_work → claim_work_item (lease_seconds) → update_work_item / add_note while working → status "completed" with close_reason, or release_work_item. Ids: the short id or a prefix of it works everywhere.';

const title = (t: string) => {
  const one = t.replace(/\s+/g, ' ');
  return JSON.stringify(one.length > TITLE_CHARS ? `${one.slice(0, TITLE_CHARS - 1)}…` : one);
};
const minute = (iso: string) => `${iso.slice(0, 16)}Z`;
const row = (w: WorkItem, extra = '') => `- ${w.short_id} P${w.priority} ${w.item_type} ${title(w.title)}${extra}`;

/**
 * prime_session: a compact session-start context for an assistant — what it
 * holds, the top of ready work, what is blocked, what changed last — as a few
 * hundred tokens of markdown, for a session-start hook (`project-status prime`)
 * or the MCP prompt that starts a session. Every section is a bounded,
 * indexed read, so the cost does not grow with the project.
 */
export async function primeSession(env: ServiceEnv, input: z.infer<typeof PrimeSessionInput>): Promise<{ markdown: string }> {
  const actor = input.assignee ?? env.actor;
  const now = nowIso(env);
  const [held, ready, blocked, recent] = await Promise.all([
    env.store.listHeldWork(actor, now, SHOWN.held + 1),
    env.store.listReadyWork({ include_assigned: false, limit: SHOWN.ready + 1, now }),
    env.store.listWorkItems({ status: 'blocked', include_deleted: false, now }, { limit: SHOWN.blocked, offset: 0 }),
    env.store.listWorkItems({ include_deleted: false, now }, { limit: SHOWN.recent, offset: 0 }),
  ]);
  const more = (rows: unknown[], shown: number) => (rows.length > shown ? `${shown}+` : String(rows.length));
  const out = [`# Session context for ${actor} (${minute(now)})`, WORKFLOW_LINE, ''];
  out.push(`## You hold (${more(held, SHOWN.held)})`);
  if (held.length === 0) out.push('- nothing: pick from Ready');
  for (const w of held.slice(0, SHOWN.held)) out.push(row(w, w.lease_expires_at ? ` lease→${minute(w.lease_expires_at)}` : ''));
  out.push('', `## Ready (${more(ready, SHOWN.ready)})`);
  if (ready.length === 0) out.push('- nothing is ready');
  for (const w of ready.slice(0, SHOWN.ready)) out.push(row(w));
  out.push('', `## Blocked (${blocked.total})`);
  if (blocked.total === 0) out.push('- nothing');
  for (const w of blocked.rows) {
    const reason = typeof w.metadata.blocked_reason === 'string' ? `: ${title(w.metadata.blocked_reason)}` : '';
    out.push(row(w, reason));
  }
  out.push('', '## Recently changed');
  for (const w of recent.rows) out.push(row(w, ` [${w.status}] by ${w.updated_by} ${minute(w.updated_at)}`));
  return { markdown: `${out.join('\n')}\n` };
}
