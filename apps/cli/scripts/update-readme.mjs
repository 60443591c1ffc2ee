// Regenerates the reference section of README.md (commands, exit codes,
// environment) from the built command table and catalog:
//   pnpm --filter @project-status/cli readme     (after a build)
// src/docs/reference.test.ts fails while the README is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { catalog } from '@project-status/core';
import { COMMAND_TABLE, renderReference, replaceReference } from '../dist/index.js';

const file = new URL('../README.md', import.meta.url);
const next = replaceReference(readFileSync(file, 'utf8'), renderReference(COMMAND_TABLE, catalog));
writeFileSync(file, next);
console.log('README.md reference updated');
