import { defineProject } from 'vitest/config';
import { sharedTestConfig } from '../../tooling/vitest/index.js';

export default defineProject({ test: { ...sharedTestConfig, name: 'mcp-server' } });
