import { bundledBinConfig } from '../../tooling/tsup/index.js';
import type { Options } from 'tsup';

const config: Options[] = bundledBinConfig({
  // yargs and its helpers are ~35 small ESM files; bundled, a cold start spends ~25 ms less CPU
  // resolving and reading them (bench/src/cli-cold-start.ts). The library leaves the workspace
  // packages external, so core's error classes are one copy shared with storage; the bin bundles
  // everything (one copy of each inside it).
  noExternal: ['yargs'],
  esbuildOptions(options) {
    // yargs' help layout measures text with string-width, whose load costs ~20 ms (Intl.Segmenter);
    // our help text needs only the visible length. See src/output/string-width-lite.ts.
    // yargs imports node:assert for two sanity checks; the module costs a few ms to load.
    options.alias = { ...options.alias, 'string-width': './src/output/string-width-lite.ts', assert: './src/output/assert-lite.ts' };
  },
});

export default config;
