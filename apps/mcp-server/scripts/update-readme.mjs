// Rewrites the generated tool list in README.md from the catalog (run after a build:
// `pnpm --filter @project-status/mcp-server docs`). test/readme.test.ts fails while it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { catalog } from '@project-status/core';
import { renderToolList, replaceToolList } from '../dist/index.js';

const file = new URL('../README.md', import.meta.url);
const before = readFileSync(file, 'utf8');
const after = replaceToolList(before, renderToolList(catalog));
if (after !== before) writeFileSync(file, after);
console.log(after === before ? 'README.md tool list is up to date' : 'README.md tool list rewritten');
