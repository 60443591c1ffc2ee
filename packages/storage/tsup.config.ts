import { libraryConfig } from '../../tooling/tsup/index.js';
import type { Options } from 'tsup';

const config: Options = libraryConfig({
  entry: { index: 'src/index.ts', 'mikro-orm': 'src/mikro-orm.ts', 'testing/index': 'src/testing/index.ts' },
  external: ['vitest'],
});

export default config;
