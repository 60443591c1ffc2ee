import { defineProject } from 'vitest/config';
import { sharedTestConfig } from '@project-status/vitest-config';

export default defineProject({ test: { ...sharedTestConfig, name: 'bench' } });
