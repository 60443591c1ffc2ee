import { catalog, ValidationError, type Operation } from '@project-status/core';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors/usage-error.js';
import { COMMAND_TABLE } from './table.js';
import { booleanValueError, closest, explainParseError } from './usage-hints.js';

const operations = catalog as unknown as Record<string, Operation>;
const explain = (message: string, argv: string[]) => explainParseError(message, argv, COMMAND_TABLE, operations);

describe('suggesting the command that was meant', () => {
  it('finds a word one or two edits away, a swap of two letters counting as one', () => {
    expect(closest('vendr', ['work', 'vendor', 'deploy'])).toEqual(['vendor']);
    expect(closest('wrok', ['work', 'vendor'])).toEqual(['work']);
    expect(closest('enh', ['enhancement', 'export'])).toEqual(['enhancement']);
  });

  it('suggests nothing when no word is close', () => {
    expect(closest('frobnicate', ['work', 'vendor'])).toEqual([]);
    expect(closest('ls', ['list', 'show'])).toEqual([]);
  });
});

describe('explaining a parse failure', () => {
  it('names the missing positional of the command typed', () => {
    const { error, command } = explain('Not enough non-option arguments: got 0, need at least 1', ['work', 'show']);
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe('missing argument <id> (usage: project-status work show <id>)');
    expect(command).toBe('work show');
  });

  it('reads a word after a yes/no flag as that flag\'s bad value (exit 2), not as a command', () => {
    const { error, command } = explain('Unknown command: maybe', ['vendor', 'update', 'acme', '--manifest-compliant', 'maybe']);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain('--manifest-compliant takes true or false');
    expect(command).toBe('vendor update');
  });

  it('skips the value of a global flag when it looks for the mistyped word', () => {
    expect(explain('Unknown commands: vendr, list', ['--root', '/tmp/x', 'vendr', 'list']).error.message).toBe('Unknown command: vendr (did you mean vendor?)');
  });

  it('catches --flag=value on a yes/no flag, which yargs would read as false', () => {
    expect(booleanValueError(['import', 'x.md', '--dry-run=yes'], COMMAND_TABLE, operations)?.error.message).toContain('--dry-run takes true or false');
    expect(booleanValueError(['import', 'x.md', '--dry-run=false'], COMMAND_TABLE, operations)).toBeUndefined();
    expect(booleanValueError(['work', 'list', '--title=x'], COMMAND_TABLE, operations)).toBeUndefined();
  });
});
