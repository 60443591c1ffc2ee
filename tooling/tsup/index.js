/**
 * Shared tsup settings: ESM for Node 20 with types and source maps. Each
 * package's tsup.config.ts extends one of these in a line, adding only what is
 * particular to it.
 */
import { chmod, copyFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const base = { format: ['esm'], sourcemap: true, clean: true, target: 'node20' };

/** A library package: one entry (or a map of entries), declarations for all. */
export function libraryConfig(overrides = {}) {
  return { ...base, entry: ['src/index.ts'], dts: true, ...overrides };
}

/**
 * Packages a bundled bin does not carry: each is loaded from the workspace
 * package that declares it, exactly as that package would load it (a native
 * addon, drivers, MikroORM, which is only loaded when a migration is due).
 * The apps do not declare them, so a plain `require` from the app could miss
 * them under pnpm's strict layout.
 */
export const LOADED_BY_OWNER = {
  '@project-status/storage': [/^pg$/, /^@mikro-orm\//],
  '@project-status/core': [/^yaml$/],
};

/** esbuild plugin: the packages of {@link LOADED_BY_OWNER} are required through their owner's resolution. */
function loadedByOwner(owners) {
  return {
    name: 'loaded-by-owner',
    setup(build) {
      for (const [owner, patterns] of Object.entries(owners)) {
        for (const filter of patterns) {
          build.onResolve({ filter }, (args) => (args.kind === 'entry-point' ? undefined : { path: args.path, namespace: 'loaded-by-owner', pluginData: owner }));
        }
      }
      build.onLoad({ filter: /.*/, namespace: 'loaded-by-owner' }, (args) => ({
        // Resolved from the bin's own file at run time (not by the bundler): the owner is a dependency of the app.
        contents: `const { createRequire } = require('node:module'); module.exports = createRequire(createRequire(__filename).resolve(${JSON.stringify(args.pluginData)}))(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
    },
  };
}

const STORAGE_DIR = fileURLToPath(new URL('../../packages/storage/', import.meta.url));

/**
 * esbuild plugin: better-sqlite3's JavaScript (a dozen small CommonJS files)
 * is bundled, so a start does not resolve, read and compile each of them;
 * its native addon is loaded from the copy storage depends on, named by path
 * (`nativeBinding`), since the `bindings` lookup would search from the bundle.
 * An install without `build/Release/better_sqlite3.node` there (a debug
 * build, another layout) gets the whole package from storage as before.
 */
const betterSqliteBundled = {
  name: 'better-sqlite3-bundled',
  setup(build) {
    build.onResolve({ filter: /^better-sqlite3$/ }, (args) => (args.kind === 'entry-point' ? undefined : { path: 'better-sqlite3', namespace: 'better-sqlite3-bundled' }));
    build.onLoad({ filter: /.*/, namespace: 'better-sqlite3-bundled' }, () => ({
      contents: `
        const { createRequire } = require('node:module');
        const { existsSync } = require('node:fs');
        const { dirname, join } = require('node:path');
        const owner = createRequire(createRequire(__filename).resolve('@project-status/storage'));
        const addon = join(dirname(owner.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
        if (existsSync(addon)) {
          const Database = require('better-sqlite3/lib/index.js');
          function BundledDatabase(filename, options) {
            return new Database(filename, { nativeBinding: addon, ...options });
          }
          BundledDatabase.prototype = Database.prototype;
          Object.setPrototypeOf(BundledDatabase, Database);
          module.exports = BundledDatabase;
        } else {
          module.exports = owner('better-sqlite3');
        }
      `,
      resolveDir: STORAGE_DIR,
      loader: 'js',
    }));
  },
};

/**
 * zod's `locales` namespace (~260 kB of messages in 50 languages) would be
 * compiled on every start of a bin although nothing uses it; the bins carry
 * English, the locale zod sets up itself.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), '../locales/index.js'), namespace: 'zod-english-only' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({ contents: `export { default as en } from './en.js';`, resolveDir: dirname(args.path), loader: 'js' }));
  },
};

const LAUNCHER = new URL('./bin-launcher.cjs', import.meta.url);

/** `dist/main.js`, for whoever runs the file the bin used to be: the same program through an ES module (a little slower to start). */
const ESM_ENTRY = `#!/usr/bin/env node
// The bin is ./main.cjs (a CommonJS entry point starts faster); this file runs the same program.
import './main.cjs';
`;

/**
 * An app that is both a library (`src/index.ts`, the factory) and a bin
 * (`src/main.ts`, starting with `#!/usr/bin/env node`): lazily loaded modules
 * become chunks, and the bin stays executable after every build.
 */
export function binConfig(overrides = {}) {
  return { ...base, entry: ['src/index.ts', 'src/main.ts'], dts: { entry: 'src/index.ts' }, splitting: true, onSuccess: 'chmod +x dist/main.js', ...overrides };
}

/**
 * An app that is both a library and a bin that must start fast (the CLI and
 * the MCP server: ~0.4 s of a cold start went to loading modules).
 *
 * - `src/index.ts` (the factory) is the library: ESM with declarations, its
 *   dependencies external, lazily loaded modules as chunks.
 * - `src/main.ts` is the program of the bin, bundled whole into
 *   `dist/program.cjs`: zod, core, storage and the app's own dependencies in one
 *   file, so a start resolves and reads one file instead of ~130, and every
 *   `import()` becomes a `require` evaluated only when reached. Only
 *   {@link LOADED_BY_OWNER} stays outside.
 * - `dist/main.cjs`, the bin itself, is `bin-launcher.cjs`: it runs the
 *   program with a V8 code cache (see there). `dist/main.js` runs it too,
 *   for scripts that name the bin's former file.
 *
 * Returns two tsup configurations; `overrides` applies to both, `program` to
 * the bin's only.
 */
export function bundledBinConfig({ program = {}, ...overrides } = {}) {
  const library = {
    ...base,
    entry: ['src/index.ts'],
    dts: true,
    splitting: true,
    // The program's build writes into the same folder at the same time.
    clean: ['!program.cjs', '!program.cjs.map'],
    async onSuccess() {
      await copyFile(LAUNCHER, 'dist/main.cjs');
      await chmod('dist/main.cjs', 0o755);
      await writeFile('dist/main.js', ESM_ENTRY, { mode: 0o755 });
      await chmod('dist/main.js', 0o755);
    },
    ...overrides,
  };
  const bin = {
    ...base,
    ...overrides,
    entry: { program: 'src/main.ts' },
    format: ['cjs'],
    outExtension: () => ({ js: '.cjs' }),
    clean: false,
    dts: false,
    splitting: false,
    shims: true,
    noExternal: [/./],
    minifyWhitespace: true,
    minifySyntax: true,
    esbuildPlugins: [betterSqliteBundled, loadedByOwner(LOADED_BY_OWNER), zodEnglishOnly, ...(overrides.esbuildPlugins ?? [])],
    onSuccess: undefined,
    ...program,
    esbuildOptions(options, context) {
      // `import()` of a bundled module becomes a lazy `require`; the launcher runs plain CommonJS.
      options.supported = { ...options.supported, 'dynamic-import': false };
      // storage declares `sideEffects: false`, so its bare chunk imports are rightly dropped; no news.
      options.logOverride = { ...options.logOverride, 'ignored-bare-import': 'silent' };
      overrides.esbuildOptions?.(options, context);
      program.esbuildOptions?.(options, context);
    },
  };
  return [library, bin];
}
