import type { Operation } from '@project-status/core';
import { TOOLSETS } from '@project-status/core';

/** Markers around the generated tool list in the README. */
export const TOOL_LIST_START = '<!-- tools:start -->';
export const TOOL_LIST_END = '<!-- tools:end -->';

/**
 * The README's tool list, one line per tool grouped by toolset, generated
 * from the catalog so it is never typed twice.
 */
export function renderToolList(operations: Readonly<Record<string, Operation>>): string {
  const ops = Object.values(operations);
  const sections = TOOLSETS.map((set) => {
    const inSet = ops.filter((op) => op.toolset === set);
    if (inSet.length === 0) return '';
    const lines = inSet.map((op) => `- \`${op.name}\`${op.kind === 'read' ? ' (read-only)' : ''}: ${op.summary}`);
    return `**${set}**\n\n${lines.join('\n')}`;
  }).filter(Boolean);
  return `${TOOL_LIST_START}\n${sections.join('\n\n')}\n${TOOL_LIST_END}`;
}

/** `readme` with its generated section replaced by `list`; throws when the markers are missing. */
export function replaceToolList(readme: string, list: string): string {
  const start = readme.indexOf(TOOL_LIST_START);
  const end = readme.indexOf(TOOL_LIST_END);
  if (start < 0 || end < start) throw new Error(`README has no ${TOOL_LIST_START} … ${TOOL_LIST_END} section`);
  return readme.slice(0, start) + list + readme.slice(end + TOOL_LIST_END.length);
}
