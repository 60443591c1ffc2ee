import { binConfig } from '../../tooling/tsup/index.js';
import type { Options } from 'tsup';

const config: Options = binConfig();

export default config;
