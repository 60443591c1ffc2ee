import { defineProject } from 'vitest/config';
import { sharedTestConfig } from '../vitest/index.js';

export default defineProject({ test: { ...sharedTestConfig, name: 'release' } });
