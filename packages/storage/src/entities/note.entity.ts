import { EntitySchema } from '@mikro-orm/core';

/** Row shape of `work_item_notes` (the ORM's view; never leaves storage). */
export interface NoteRow {
  id: string;
  work_item_id: string;
  author: string;
  text: string;
  created_at: Date;
}

/**
 * Append-only notes on work items. No foreign key, like deployment links:
 * notes outlive the archiving of their item (the archive moves the row out of
 * `work_items`), and the service checks the item when a note is added.
 */
export const NoteEntity = new EntitySchema<NoteRow>({
  name: 'WorkItemNote',
  tableName: 'work_item_notes',
  properties: {
    id: { type: 'uuid', primary: true },
    work_item_id: { type: 'uuid' },
    author: { type: 'string', length: 100 },
    text: { type: 'text' },
    created_at: { type: 'datetime' },
  },
  indexes: [{ name: 'work_item_notes_item_idx', properties: ['work_item_id', 'created_at'] }],
});
