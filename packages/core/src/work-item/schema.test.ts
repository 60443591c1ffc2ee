import { describe, expect, it } from 'vitest';
import { patchMetadata, validateMetadata } from '../services/work-items.js';
import { CreateWorkItemInput, Labels } from './schema.js';

describe('work item metadata', () => {
  it('fills project defaults and keeps known keys', () => {
    expect(validateMetadata('project', { description: 'x', target_quarter: '2026-Q3' })).toEqual({ description: 'x', target_quarter: '2026-Q3', constitutional_principles: [] });
  });

  it('rejects unknown keys with the key named', () => {
    expect(() => validateMetadata('task', { estimated_hours: 2, colour: 'red' })).toThrow(/colour/);
  });

  it('requires schema_version in a session frontmatter', () => {
    expect(() => validateMetadata('session', { token_budget: 5000, prompts_count: 0, yaml_frontmatter: {} })).toThrow(/schema_version/);
  });

  it('bounds the session token budget', () => {
    expect(() => validateMetadata('session', { token_budget: 10, prompts_count: 0, yaml_frontmatter: { schema_version: '1' } })).toThrow(/token_budget/);
  });

  it('rejects a quarter that is not YYYY-Q1..4', () => {
    expect(() => validateMetadata('project', { description: 'x', target_quarter: '2026-Q5' })).toThrow(/target_quarter/);
  });
});

describe('work item metadata updates (JSON Merge Patch)', () => {
  const session = { token_budget: 5000, prompts_count: 2, yaml_frontmatter: { schema_version: '1', owner: 'me' } };

  it('clears a task blocked_reason given as null and keeps the other keys', () => {
    expect(patchMetadata('task', { estimated_hours: 3, blocked_reason: 'waiting on API' }, { blocked_reason: null })).toEqual({ estimated_hours: 3 });
  });

  it('keeps everything for an empty patch', () => {
    expect(patchMetadata('task', { estimated_hours: 3, blocked_reason: 'waiting on API' }, {})).toEqual({ estimated_hours: 3, blocked_reason: 'waiting on API' });
  });

  it('replaces given keys and still validates the merged whole', () => {
    expect(patchMetadata('task', { estimated_hours: 3 }, { estimated_hours: 4, blocked_reason: 'b' })).toEqual({ estimated_hours: 4, blocked_reason: 'b' });
    expect(() => patchMetadata('task', { estimated_hours: 3 }, { blocked_reason: 'x'.repeat(501) })).toThrow(/metadata\.blocked_reason: must be at most 500 characters/);
    expect(() => patchMetadata('task', {}, { colour: 'red' })).toThrow(/colour/);
  });

  it('refuses to remove a key the item type requires, naming the key', () => {
    expect(() => patchMetadata('session', session, { token_budget: null })).toThrow(
      'metadata.token_budget: a session requires this key, so it cannot be removed (null in a metadata update removes a key)',
    );
    expect(() => patchMetadata('project', { description: 'x', constitutional_principles: [] }, { description: null })).toThrow(/metadata\.description: a project requires this key/);
    expect(() => patchMetadata('session', session, { yaml_frontmatter: null })).toThrow(/metadata\.yaml_frontmatter: a session requires this key/);
  });

  it('gives an optional key with a default its default back when removed', () => {
    expect(patchMetadata('project', { description: 'x', constitutional_principles: ['I'] }, { constitutional_principles: null })).toEqual({ description: 'x', constitutional_principles: [] });
  });

  it('replaces a nested object such as yaml_frontmatter whole', () => {
    expect(patchMetadata('session', session, { yaml_frontmatter: { schema_version: '2' } }).yaml_frontmatter).toEqual({ schema_version: '2' });
  });
});

describe('create_work_item input', () => {
  it('rejects unknown fields, a 201-character title and a short commit hash', () => {
    const result = CreateWorkItemInput.safeParse({ item_type: 'task', title: 'x'.repeat(201), commit_hash: 'abc', colour: 1 });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.') || i.message);
    expect(paths).toEqual(expect.arrayContaining(['title', 'commit_hash']));
    expect(JSON.stringify(result.error!.issues)).toContain('colour');
  });
});

describe('Labels', () => {
  it('drops duplicates compared case-insensitively, keeping the first spelling and the order', () => {
    expect(Labels.parse(['a', 'a', 'A', 'b', 'B ', 'c'])).toEqual(['a', 'b', 'c']);
    expect(Labels.parse(['Urgent', 'urgent'])).toEqual(['Urgent']);
  });

  it('refuses a label with a line break', () => {
    expect(Labels.safeParse(['ok', 'two\nlines']).error?.issues[0]).toMatchObject({ path: [1], message: 'must be a single line without control characters, received \\u000a at index 3' });
  });
});
