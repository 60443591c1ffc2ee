import { libraryConfig } from '../../tooling/tsup/index.js';
import type { Options } from 'tsup';

const config: Options = libraryConfig();

export default config;
