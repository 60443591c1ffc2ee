#!/usr/bin/env node
/**
 * The launcher of a bundled bin (copied to `dist/main.cjs` by `bundledBinConfig`):
 * runs `./program.cjs`, the whole program in one file, with a V8 code cache.
 *
 * Why: a cold start of the CLI or the MCP server spent more time compiling
 * JavaScript (zod, the catalog's schemas, yargs, the MCP SDK) than running it.
 * A code cache skips the parse and keeps the functions compiled on earlier
 * runs. Node 22.1+ has one built in (`module.enableCompileCache`); on Node 20
 * the same is done here with `vm.Script` cached data, in the directory Node
 * would use: `$NODE_COMPILE_CACHE`, else `<tmpdir>/node-compile-cache`.
 * `NODE_DISABLE_COMPILE_CACHE=1` turns both off. A cache that is missing,
 * unreadable, not ours (another user's file) or rejected by V8 only costs
 * the compile it would have saved; it is rewritten when the process exits.
 *
 * CommonJS, as `node -e 0` is: an ES module entry point makes Node set up its
 * ES module loader first (~10 ms of every start on Node 20).
 */
const { createHash } = require('node:crypto');
const { closeSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const nodeModule = require('node:module');
const { tmpdir } = require('node:os');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

const program = join(__dirname, 'program.cjs');
const requireProgram = nodeModule.createRequire(program);
const disabled = process.env.NODE_DISABLE_COMPILE_CACHE !== undefined && process.env.NODE_DISABLE_COMPILE_CACHE !== '';
const cacheDir = process.env.NODE_COMPILE_CACHE || join(tmpdir(), 'node-compile-cache');

/** Our own cache file, or undefined: another user's file could carry any code, so it is never read. */
function readOwnCache(file) {
  let fd;
  try {
    fd = openSync(file, 'r');
    if (typeof process.getuid === 'function' && fstatSync(fd).uid !== process.getuid()) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Compiles the program with the cached code when there is some; undefined if anything about it fails. */
function compileWithCache() {
  try {
    const source = readFileSync(program, 'utf8');
    // The path too: cached code keeps the file name it was compiled under, which stack traces show.
    const key = createHash('sha256').update(`${process.version}\0${process.arch}\0${program}\0`).update(source).digest('hex').slice(0, 32);
    const file = join(cacheDir, `project-status-${key}.bin`);
    const cachedData = readOwnCache(file);
    const script = new vm.Script(nodeModule.wrap(source), { filename: program, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) {
      // At exit the cache also holds every function this run compiled, not only the top level.
      process.once('exit', () => {
        try {
          mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
          const temp = `${file}.${process.pid}.tmp`;
          writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
          renameSync(temp, file);
        } catch {
          // A cache that cannot be written is only a slower next start.
        }
      });
    }
    return script;
  } catch {
    return undefined;
  }
}

if (disabled) {
  requireProgram(program);
} else if (typeof nodeModule.enableCompileCache === 'function') {
  nodeModule.enableCompileCache(cacheDir);
  requireProgram(program);
} else {
  const script = compileWithCache();
  if (script === undefined) requireProgram(program);
  else {
    const cjs = { exports: {} };
    script.runInThisContext().call(cjs.exports, cjs.exports, requireProgram, cjs, program, dirname(program));
  }
}
