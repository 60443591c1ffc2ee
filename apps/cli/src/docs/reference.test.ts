import { readFileSync } from 'node:fs';
import { catalog, type Operation } from '@project-status/core';
import { describe, expect, it } from 'vitest';
import { COMMAND_TABLE } from '../commands/table.js';
import { renderReference, replaceReference } from './reference.js';

describe('the README reference', () => {
  it('matches the command table, the catalog and the exit-code table (run `pnpm --filter @project-status/cli readme` after a build when this fails)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const expected = replaceReference(readme, renderReference(COMMAND_TABLE, catalog as unknown as Record<string, Operation>));
    expect(readme).toBe(expected);
  });

  it('lists every live command with its operation', () => {
    const reference = renderReference(COMMAND_TABLE, catalog as unknown as Record<string, Operation>);
    expect(reference).toContain('| `project-status work deps add <source_id> <dependency_type> <target_id>` | `add_dependency` |');
    expect(reference).toContain('| 4 | it changed since you read it');
  });
});
