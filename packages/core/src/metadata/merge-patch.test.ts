import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../errors/domain-error.js';
import { applyMergePatch, parseMergedMetadata } from './merge-patch.js';

describe('applyMergePatch', () => {
  it('removes a key set to null, keeps absent keys and replaces the others', () => {
    const target = { estimated_hours: 3, blocked_reason: 'waiting on API', actual_hours: 1 };
    const { value, removed } = applyMergePatch(target, { blocked_reason: null, actual_hours: 2 });
    expect(value).toEqual({ estimated_hours: 3, actual_hours: 2 });
    expect(value).not.toHaveProperty('blocked_reason');
    expect(removed).toEqual([['blocked_reason']]);
  });

  it('changes nothing for an empty patch or a null on a key that is not there', () => {
    const target = { estimated_hours: 3 };
    expect(applyMergePatch(target, {}).value).toEqual(target);
    expect(applyMergePatch(target, { blocked_reason: null }).value).toEqual(target);
  });

  it('leaves the target object untouched', () => {
    const target = { blocked_reason: 'x', nested: { a: 1 } };
    applyMergePatch(target, { blocked_reason: null, nested: { a: null } }, { mergeNested: ['nested'] });
    expect(target).toEqual({ blocked_reason: 'x', nested: { a: 1 } });
  });

  it('replaces nested objects whole unless their key is merged nested', () => {
    const target = { yaml_frontmatter: { schema_version: 1, title: 'old' } };
    expect(applyMergePatch(target, { yaml_frontmatter: { schema_version: 2 } }).value).toEqual({ yaml_frontmatter: { schema_version: 2 } });
  });

  it('merges the named nested objects member by member, null removing a member', () => {
    const target = { format_support: { csv: true, pdf: false }, extra: { a: 1 } };
    const { value, removed } = applyMergePatch(target, { format_support: { pdf: true, csv: null }, extra: { b: 2 } }, { mergeNested: ['format_support'] });
    expect(value).toEqual({ format_support: { pdf: true }, extra: { b: 2 } });
    expect(removed).toEqual([['format_support', 'csv']]);
  });

  it('merges a nested patch into an empty object when the current value is not an object', () => {
    expect(applyMergePatch({ format_support: 'none' }, { format_support: { csv: true, pdf: null } }, { mergeNested: ['format_support'] }).value).toEqual({ format_support: { csv: true } });
  });

  it('replaces arrays whole', () => {
    expect(applyMergePatch({ references: ['a', 'b'] }, { references: ['c'] }).value).toEqual({ references: ['c'] });
  });
});

/** The error `fn` throws (the test fails when it throws none). */
function thrown(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    return error as ValidationError;
  }
  throw new Error('expected a throw');
}

describe('parseMergedMetadata', () => {
  const Schema = z.strictObject({ token_budget: z.int().min(1000), note: z.string().optional() });

  it('returns the parsed merge when it fits the schema', () => {
    expect(parseMergedMetadata(Schema, applyMergePatch({ token_budget: 5000, note: 'x' }, { note: null }), 'a session')).toEqual({ token_budget: 5000 });
  });

  it('says that a removed required key cannot be removed, naming it', () => {
    const error = thrown(() => parseMergedMetadata(Schema, applyMergePatch({ token_budget: 5000 }, { token_budget: null }), 'a session'));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.message).toBe('Invalid input — metadata.token_budget: a session requires this key, so it cannot be removed (null in a metadata update removes a key)');
    expect(error.issues).toEqual([{ path: 'metadata.token_budget', message: expect.stringContaining('cannot be removed') }]);
  });

  it('keeps the schema message for problems the patch did not cause by removing a key', () => {
    const error = thrown(() => parseMergedMetadata(Schema, applyMergePatch({ token_budget: 5000 }, { token_budget: 10 }), 'a session'));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).not.toContain('cannot be removed');
    expect(error.issues[0]!.path).toBe('metadata.token_budget');
  });
});
