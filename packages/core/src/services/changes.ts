import { ValidationError } from '../errors/domain-error.js';
import type { ChangePage, ListChangesInput } from '../change/schema.js';
import type { ServiceEnv } from './env.js';

/**
 * list_changes: the committed changes after a cursor, oldest first, one page.
 * A cursor the feed cannot continue from exactly — newer than the newest
 * change (another database, or one restored from a backup) or older than the
 * oldest change still retained — is refused: the caller must resync from a
 * full read instead of silently missing changes.
 */
export async function listChanges(env: ServiceEnv, input: ListChangesInput): Promise<ChangePage> {
  if (input.after === undefined) {
    // From the start of what is retained, whatever has been pruned.
    const { oldest } = await env.store.listChanges({ after: Number.MAX_SAFE_INTEGER, limit: 1 });
    return listChanges(env, { ...input, after: Math.max(0, oldest - 1) });
  }
  const after = input.after;
  const window = await env.store.listChanges({ ...input, after });
  if (after > window.head) {
    throw ValidationError.field('after', `cursor ${after} is ahead of the newest change (${window.head}): it belongs to another database or one restored from a backup; resync from a full read and continue from after=${window.head}`, {
      reason: 'cursor_ahead',
      after: after,
      head: window.head,
    });
  }
  if (window.oldest > 0 && after < window.oldest - 1) {
    throw ValidationError.field('after', `cursor ${after} is older than the oldest retained change (${window.oldest}): changes in between are gone; resync from a full read and continue from after=${window.head}`, {
      reason: 'cursor_expired',
      after: after,
      oldest: window.oldest,
      head: window.head,
    });
  }
  const last = window.rows.at(-1);
  const hasMore = window.rows.length === input.limit && last !== undefined && last.seq < window.head;
  return { changes: window.rows, next_cursor: hasMore ? last.seq : window.head, has_more: hasMore, head: window.head };
}
