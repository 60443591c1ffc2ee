import { catalog, type Operation } from '@project-status/core';
import { describe, expect, it } from 'vitest';
import type { CommandLine } from './command-line.js';
import { commandFlags } from './flags.js';
import { COMMAND_TABLE } from './table.js';

const help = (words: string, flag: string): string | undefined => {
  const line = COMMAND_TABLE.find((l) => l.words.join(' ') === words) as CommandLine;
  return commandFlags(line, (catalog as unknown as Record<string, Operation>)[line.operation] as Operation).options.find((o) => o.flag === flag)?.help;
};

describe('the help of friendly metadata flags', () => {
  it('says that "null" removes a key on an update that merges metadata', () => {
    for (const flag of ['blocked-reason', 'estimated-hours', 'target-quarter', 'references']) expect(help('work update', flag)).toContain('"null" removes it');
  });

  it('does not offer "null" for a key the stored metadata requires, nor on a create', () => {
    for (const flag of ['token-budget', 'description']) expect(help('work update', flag)).not.toContain('null');
    for (const flag of ['manifest-compliant', 'format-support']) expect(help('vendor update', flag)).not.toContain('null');
    expect(help('work create', 'blocked-reason')).not.toContain('null');
  });
});
