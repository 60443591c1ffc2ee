import { libraryConfig } from '@project-status/tsup-config';
import type { Options } from 'tsup';

const config: Options = libraryConfig();

export default config;
