import { describe, expect, it } from 'vitest';
import type { Store } from '../ports/store.js';
import { catalog } from './catalog.js';
import { runOperation } from './operation.js';

/** No operation here gets as far as the store: each call is refused first. */
const store = {} as Store;
const env = (actor: string) => ({ store, now: () => new Date('2026-01-01T00:00:00Z'), newId: () => '01a20000-0000-7000-8000-000000000001', actor });

describe('runOperation input hygiene', () => {
  it('refuses a client id that cannot be an actor when the input names none', async () => {
    await expect(runOperation(catalog.create_work_item, { item_type: 'task', title: 'x' }, env('bad\nclient'))).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      message: 'actor: the client id "bad\\nclient" must be a single line without control characters, received \\u000a at index 3; configure a valid client id or name the actor in the input',
    });
  });

  it('names the field of a value nested deeper than the bound, however deep it goes', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    await expect(runOperation(catalog.create_vendor, { name: 'v', initial_metadata: { extra: deep } }, env('test'))).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      message: 'initial_metadata.extra.0: must be nested at most 32 levels deep, received deeper nesting (at initial_metadata.extra.0.…)',
    });
  });
});
