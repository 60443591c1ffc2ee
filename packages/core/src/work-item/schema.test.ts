import { describe, expect, it } from 'vitest';
import { validateMetadata } from '../services/work-items.js';
import { CreateWorkItemInput } from './schema.js';

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

describe('create_work_item input', () => {
  it('rejects unknown fields, a 201-character title and a short commit hash', () => {
    const result = CreateWorkItemInput.safeParse({ item_type: 'task', title: 'x'.repeat(201), commit_hash: 'abc', colour: 1 });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.') || i.message);
    expect(paths).toEqual(expect.arrayContaining(['title', 'commit_hash']));
    expect(JSON.stringify(result.error!.issues)).toContain('colour');
  });
});
