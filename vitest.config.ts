import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from './tooling/vitest/index.js';

export default defineConfig({
  test: {
    ...sharedTestConfig,
    projects: ['packages/*', 'apps/*', 'bench', 'tooling/release'],
  },
});
