import { defineConfig } from 'vitest/config';

/**
 * Shared vitest settings. Each package re-exports this in one line; the root
 * `vitest.config.ts` runs every package as a project.
 */
export const sharedTestConfig = {
  testTimeout: 30_000,
  hookTimeout: 60_000,
  // Storage tests open real databases; files run in parallel forks, tests
  // inside a file run in order.
  pool: 'forks',
};

export default defineConfig({ test: sharedTestConfig });
