import { binConfig } from '@project-status/tsup-config';
import type { Options } from 'tsup';

const config: Options = binConfig();

export default config;
