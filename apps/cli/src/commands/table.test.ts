import { catalog, type Operation } from '@project-status/core';
import { describe, expect, it } from 'vitest';
import { commandFlags, inputJsonSchema } from './flags.js';
import { lineUsage, positionalUsage } from './register.js';
import { COMMAND_TABLE, GROUPS } from './table.js';

const operations = catalog as unknown as Record<string, Operation>;
const live = COMMAND_TABLE.filter((l) => operations[l.operation]);

describe('the command table', () => {
  it('has a command for every operation in the catalog', () => {
    const covered = new Set(COMMAND_TABLE.map((l) => l.operation));
    expect(Object.keys(operations).filter((name) => !covered.has(name))).toEqual([]);
  });

  it('describes every command group in words of its own, not "<group> commands"', () => {
    const groups = new Set(COMMAND_TABLE.filter((l) => l.words.length > 1).map((l) => l.words.slice(0, -1).join(' ')));
    expect([...groups].filter((g) => !GROUPS[g])).toEqual([]);
  });

  it('names only input fields the operation really has', () => {
    for (const line of live) {
      const fields = Object.keys(inputJsonSchema((operations[line.operation] as Operation).input).properties ?? {});
      const named = [...(line.positionals ?? []), ...Object.values(line.aliases ?? {}), ...Object.keys(line.fixed ?? {}), ...(line.hidden ?? []), ...(line.only ?? []), ...(line.paths ?? []), ...(line.expand ? [line.expand.field] : [])];
      expect(named.filter((f) => !fields.includes(f)), line.words.join(' ')).toEqual([]);
    }
  });

  it('gives every command distinct words and distinct flag names', () => {
    const words = live.map((l) => l.words.join(' '));
    expect(new Set(words).size).toBe(words.length);
    for (const line of live) {
      const flags = commandFlags(line, operations[line.operation] as Operation);
      const names = flags.options.flatMap((o) => [o.flag, ...o.aliases]);
      expect(new Set(names).size, line.words.join(' ')).toBe(names.length);
      // Global flags must not be shadowed by an operation field.
      expect(names.filter((n) => ['json', 'database-url', 'root', 'client-id', 'help'].includes(n)), line.words.join(' ')).toEqual([]);
    }
  });

  it('words the positionals of every command from its line as its flags do (help derives no schema for commands not run)', () => {
    for (const line of live) {
      expect(lineUsage(line), line.words.join(' ')).toBe(positionalUsage(commandFlags(line, operations[line.operation] as Operation)));
    }
  });

  it('reads the current version for every command whose operation requires one', () => {
    for (const line of live) {
      const schema = inputJsonSchema((operations[line.operation] as Operation).input);
      if (schema.required?.includes('version')) expect(line.currentVersion, line.words.join(' ')).toBeDefined();
    }
  });
});
