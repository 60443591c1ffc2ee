import { z } from 'zod';
import { Actor, IsoTimestamp, Uuid } from '../primitives/schemas.js';
import { WorkItemRef } from '../work-item/short-id.js';
import { lazySchema } from '../primitives/lazy-schema.js';

/** Longest note text: room for a hand-off summary, not for a log dump. */
export const MAX_NOTE_LENGTH = 4000;
/** Notes `query_work_item` shows, newest first. */
export const NOTES_SHOWN = 5;

export const NoteText = lazySchema(() => z.string().trim().min(1, 'a note needs text').max(MAX_NOTE_LENGTH, `must be at most ${MAX_NOTE_LENGTH} characters`));

/** One append-only note on a work item. */
export const Note = lazySchema(() => z.object({
  id: Uuid,
  work_item_id: Uuid,
  author: z.string(),
  text: z.string(),
  created_at: IsoTimestamp,
}));
export type Note = z.infer<typeof Note>;

/** A note as query_work_item lists it (the item is implied). */
export const NoteRef = lazySchema(() => Note.omit({ work_item_id: true, id: true }));
export type NoteRef = z.infer<typeof NoteRef>;

export const AddNoteInput = lazySchema(() => z.strictObject({
  id: WorkItemRef,
  text: NoteText,
  created_by: Actor.optional(),
}));
export type AddNoteInput = z.infer<typeof AddNoteInput>;
