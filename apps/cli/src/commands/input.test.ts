import { catalog, ValidationError, type Operation } from '@project-status/core';
import { describe, expect, it } from 'vitest';
import type { CommandLine } from './command-line.js';
import { commandFlags } from './flags.js';
import { buildInput } from './input.js';
import { COMMAND_TABLE } from './table.js';

const line = (words: string) => COMMAND_TABLE.find((l) => l.words.join(' ') === words) as CommandLine;
const map = (words: string, argv: Record<string, unknown>) => {
  const l = line(words);
  return buildInput(l, commandFlags(l, (catalog as unknown as Record<string, Operation>)[l.operation] as Operation), argv);
};
const thrown = (fn: () => unknown): ValidationError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
};

describe('mapping command-line arguments to operation input', () => {
  it('takes positionals, converts numbers and merges friendly metadata flags into --metadata', () => {
    const input = map('work create', { item_type: 'session', title: 'S', 'token-budget': '5000', metadata: '{"prompts_count":2,"token_budget":1}', 'parent-id': 'null' });
    expect(input).toEqual({ item_type: 'session', title: 'S', parent_id: null, metadata: { prompts_count: 2, token_budget: 5000 } });
  });

  it('collects a repeated flag into a list and sets only what was given', () => {
    expect(map('work create', { item_type: 'task', title: 'T', labels: ['a', 'b'] })).toEqual({ item_type: 'task', title: 'T', labels: ['a', 'b'] });
    expect(map('work create', { item_type: 'task', title: 'T', labels: 'a' })).toEqual({ item_type: 'task', title: 'T', labels: ['a'] });
  });

  it('adds the fixed input of a command', () => {
    expect(map('work delete', { id: 'x', cascade: true })).toEqual({ delete: true, id: 'x', cascade: true });
  });

  it('gives --commit-hash once, as commit_hash, and leaves metadata.commit_hash to the core', () => {
    const hash = 'b'.repeat(40);
    expect(map('deploy record', { 'commit-hash': hash, 'pr-number': '7' })).toEqual({ commit_hash: hash, metadata: { pr_number: 7 } });
    expect(catalog.record_deployment.input.parse(map('deploy record', { 'commit-hash': hash, 'pr-number': '7', 'pr-title': 'Importer', 'test-summary': '{"passed":1}', 'constitutional-compliance': true })).metadata.commit_hash).toBe(hash);
  });

  it('names the flag when its JSON is invalid', () => {
    const error = thrown(() => map('work update', { id: 'x', metadata: '{nope' }));
    expect(error.message).toContain('--metadata is not valid JSON');
    expect(error.issues[0]?.path).toBe('metadata');
  });

  it('names the flag when a number is not a number', () => {
    expect(thrown(() => map('work list', { limit: '10x' })).message).toContain('--limit expects a whole number, got "10x"');
    expect(thrown(() => map('work create', { item_type: 'task', title: 'T', 'estimated-hours': 'lots' })).message).toContain('--estimated-hours expects a number');
  });

  it('reads numbers as the HTTP query string does: plain decimal digits, never 3.0 or 1e1', () => {
    expect(map('work list', { limit: '10', priority: '2' })).toMatchObject({ limit: 10, priority: 2 });
    expect(map('work create', { item_type: 'task', title: 'T', 'estimated-hours': '1.5' })).toMatchObject({ metadata: { estimated_hours: 1.5 } });
    for (const text of ['2.0', '1e1', '+2', ' 2', '0x2']) {
      expect(thrown(() => map('work list', { priority: text })).message, text).toContain(`--priority expects a whole number, got "${text}": digits only, such as 3`);
    }
    for (const text of ['1e1', '.5', 'Infinity', '0x10']) {
      expect(thrown(() => map('work create', { item_type: 'task', title: 'T', 'estimated-hours': text })).message, text).toContain(`--estimated-hours expects a number, got "${text}": digits with an optional decimal point`);
    }
  });

  it('refuses a single-valued flag given twice instead of picking one', () => {
    expect(thrown(() => map('work update', { id: 'x', title: ['a', 'b'] })).message).toContain('--title was given 2 times');
  });

  it('makes a relative file path absolute from the current folder, and leaves an absolute one as it is', () => {
    const l = line('import');
    const flags = commandFlags(l, catalog.import_legacy_status as unknown as Operation);
    expect(buildInput(l, flags, { path: 'old.md' }, { cwd: '/repo/docs' })).toEqual({ path: '/repo/docs/old.md' });
    expect(buildInput(l, flags, { path: '../legacy.md' }, { cwd: '/repo/docs' })).toEqual({ path: '/repo/legacy.md' });
    expect(buildInput(l, flags, { path: '/elsewhere/x.md' }, { cwd: '/repo/docs' })).toEqual({ path: '/elsewhere/x.md' });
    // A blank path is left for the schema to refuse with its own message.
    expect(buildInput(l, flags, { path: ' ' }, { cwd: '/repo/docs' })).toEqual({ path: ' ' });
  });

  it('sends null for a metadata flag given "null" on an update, so the update removes the key', () => {
    expect(map('work update', { id: 'x', 'blocked-reason': 'null', 'estimated-hours': 'null', references: 'null' })).toEqual({ id: 'x', metadata: { blocked_reason: null, estimated_hours: null, references: null } });
    // A required key too: the operation refuses it with its own message.
    expect(map('vendor update', { name: 'acme', 'manifest-compliant': 'null', 'format-support': 'null' })).toEqual({ name: 'acme', metadata: { manifest_compliant: null, format_support: null } });
  });

  it('keeps "null" as text in a metadata flag of a create, where there is nothing to remove', () => {
    expect(map('work create', { item_type: 'task', title: 'T', 'blocked-reason': 'null' })).toEqual({ item_type: 'task', title: 'T', metadata: { blocked_reason: 'null' } });
  });

  it('reads a yes/no metadata flag of an update as true, false or null, and names it for any other word', () => {
    expect(map('vendor update', { name: 'a', 'manifest-compliant': true }).metadata).toEqual({ manifest_compliant: true });
    expect(map('vendor update', { name: 'a', 'manifest-compliant': false }).metadata).toEqual({ manifest_compliant: false });
    expect(map('vendor update', { name: 'a', 'manifest-compliant': 'false' }).metadata).toEqual({ manifest_compliant: false });
    const error = thrown(() => map('vendor update', { name: 'a', 'manifest-compliant': 'maybe' }));
    expect(error.message).toContain('--manifest-compliant takes true or false, or no value for true (--no-manifest-compliant for false); got "maybe"');
    expect(error.issues[0]?.path).toBe('metadata.manifest_compliant');
  });

  it('refuses a friendly nested flag next to a --metadata that is not an object', () => {
    expect(thrown(() => map('work create', { item_type: 'task', title: 'T', metadata: '[1]', 'estimated-hours': '1' })).message).toContain('not a JSON object');
  });
});
