import { binConfig } from '../../tooling/tsup/index.js';
import type { Options } from 'tsup';

// Dependencies stay external (installed beside the package); the HTTP transport is a lazy chunk.
const config: Options = binConfig();

export default config;
