import type { HistoryEntry } from '../history/schema.js';
import type { Note, AddNoteInput } from '../note/schema.js';
import type { StoreWriter } from '../ports/store.js';
import type { WorkItem } from '../work-item/schema.js';
import { nowIso, type ServiceEnv } from './env.js';
import { requireItem } from './work-items.js';

/**
 * Writes a note on `item` with its history entry (action `note`, the text as
 * the new value of `note`). A note by the holder of a leased claim renews the
 * lease, like any other write of the holder.
 */
export async function appendNote(env: ServiceEnv, tx: StoreWriter, item: WorkItem, text: string, at: string): Promise<Note> {
  const note: Note = { id: env.newId(), work_item_id: item.id, author: env.actor, text, created_at: at };
  await tx.insertNote(note);
  const entry: HistoryEntry = { id: env.newId(), entity_type: 'work_item', entity_id: item.id, version: item.version, action: 'note', actor: env.actor, at, changes: { note: { old: null, new: text } } };
  await tx.appendHistory([entry]);
  if (item.assignee === env.actor && item.lease_seconds !== null) {
    await tx.renewLease(item.id, env.actor, at, { seconds: item.lease_seconds, expires_at: new Date(Date.parse(at) + item.lease_seconds * 1000).toISOString() });
  }
  return note;
}

/** add_note: appends a note to a live work item. Notes are never edited or removed. */
export async function addNote(env: ServiceEnv, input: AddNoteInput): Promise<Note> {
  const at = nowIso(env);
  return env.store.transaction(async (tx) => appendNote(env, tx, await requireItem(tx, input.id), input.text, at));
}
