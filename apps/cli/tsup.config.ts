import { defineConfig } from 'tsup';

export default defineConfig({
  // src/main.ts starts with `#!/usr/bin/env node`; esbuild keeps it and tsup marks main.js executable.
  entry: ['src/index.ts', 'src/main.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
  // Modules only some commands need (init, call, renderers, progress bar) become chunks loaded on demand.
  splitting: true,
  // yargs and its helpers are ~35 small ESM files; bundled, a cold start spends ~25 ms less CPU
  // resolving and reading them (bench/src/cli-cold-start.ts). Workspace packages stay external so
  // core's error classes are one copy shared with storage.
  noExternal: ['yargs'],
  esbuildOptions(options) {
    // yargs' help layout measures text with string-width, whose load costs ~20 ms (Intl.Segmenter);
    // our help text needs only the visible length. See src/output/string-width-lite.ts.
    options.alias = { ...options.alias, 'string-width': './src/output/string-width-lite.ts' };
  },
});
