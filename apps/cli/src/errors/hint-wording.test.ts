import { catalog, type Operation } from '@project-status/core';
import { describe, expect, it } from 'vitest';
import { COMMAND_TABLE } from '../commands/table.js';
import { wordHint } from './hint-wording.js';

const operations = catalog as unknown as Record<string, Operation>;
const word = (operation: string, input: Record<string, unknown>, purpose = 'do it') => wordHint({ operation, input, purpose }, COMMAND_TABLE, operations);
const id = '0190a0b0-0000-7000-8000-000000000001';

describe('wordHint (CLI)', () => {
  it('words a cascade delete as the delete command with --cascade', () => {
    expect(word('update_work_item', { id, version: 2, delete: true, cascade: true }, 'delete the whole subtree')).toBe(
      `delete the whole subtree: \`project-status work delete ${id} --version 2 --cascade\``,
    );
  });

  it('words a cascade completion, a restore and a reopen with the commands and flags of --help', () => {
    expect(word('update_work_item', { id, version: 1, status: 'completed', cascade: true })).toBe(`do it: \`project-status work update ${id} --version 1 --status completed --cascade\``);
    expect(word('update_work_item', { id, version: 4, restore: true })).toBe(`do it: \`project-status work restore ${id} --version 4\``);
    expect(word('update_work_item', { id, status: 'active' })).toBe(`do it: \`project-status work update ${id} --status active\``);
  });

  it('uses the short flag names of the table and fills unknown positionals with their name', () => {
    expect(word('list_ready_work', {})).toBe('do it: `project-status work ready`');
    expect(word('list_ready_work', { parent_id: id })).toBe(`do it: \`project-status work ready --parent ${id}\``);
    expect(word('query_work_item', { id, include_deleted: true })).toBe(`do it: \`project-status work show ${id} --deleted\``);
    expect(word('query_work_item', {})).toBe('do it: `project-status work show <id>`');
    expect(word('list_vendors', {})).toBe('do it: `project-status vendor list`');
  });

  it('quotes values a shell would split, and says nothing for an operation no command runs', () => {
    expect(word('search_work_items', { query: "it's late" })).toBe(`do it: \`project-status work search 'it'\\''s late'\``);
    expect(word('no_such_operation', {})).toBeUndefined();
    expect(word('update_work_item', { id, no_such_field: 1 })).toBeUndefined();
  });
});
