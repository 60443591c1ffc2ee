import { readFileSync } from 'node:fs';
import { catalog, type Operation } from '@project-status/core';
import { expect, it } from 'vitest';
import { renderRouteList, replaceRouteList, routes } from '../src/index.js';

it('keeps the README route list identical to the one generated from the route table', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const expected = replaceRouteList(readme, renderRouteList(catalog as unknown as Record<string, Operation>, routes));
  // On failure: pnpm --filter @project-status/http readme
  expect(readme).toBe(expected);
});
