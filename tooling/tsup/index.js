/**
 * Shared tsup settings: ESM for Node 20 with types and source maps. Each
 * package's tsup.config.ts extends one of these in a line, adding only what is
 * particular to it.
 */
const base = { format: ['esm'], sourcemap: true, clean: true, target: 'node20' };

/** A library package: one entry (or a map of entries), declarations for all. */
export function libraryConfig(overrides = {}) {
  return { ...base, entry: ['src/index.ts'], dts: true, ...overrides };
}

/**
 * An app that is both a library (`src/index.ts`, the factory) and a bin
 * (`src/main.ts`, starting with `#!/usr/bin/env node`): lazily loaded modules
 * become chunks, and the bin stays executable after every build.
 */
export function binConfig(overrides = {}) {
  return { ...base, entry: ['src/index.ts', 'src/main.ts'], dts: { entry: 'src/index.ts' }, splitting: true, onSuccess: 'chmod +x dist/main.js', ...overrides };
}
