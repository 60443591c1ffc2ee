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
const { appendFileSync, closeSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
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

/**
 * 128 bits of a string, as 32 hex digits (cyrb128; not cryptographic, and
 * need not be: the cache is ours alone). Loading node:crypto for a hash cost
 * more than anything else the launcher did.
 */
function hash128(text) {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('');
}

/** The command words of this run (`work ready`), which decide whether the cache learns something new from it. */
function commandWords() {
  const words = [];
  for (const arg of process.argv.slice(2)) {
    if (arg.startsWith('-') || words.length === 2) break;
    words.push(arg);
  }
  return words.join(' ') || '(none)';
}

/**
 * Compiles the program with the cached code when there is some; undefined if
 * anything about it fails.
 *
 * The cache is keyed by the program file's identity (Node version, path —
 * cached code keeps the file name stack traces show —, inode, size, change
 * and modification times): any rewrite of the file, in place or by a new
 * install, changes its change time, so no content hash is needed.
 *
 * It is (re)written at exit when missing or rejected, and also after the
 * first run of each command (listed beside it in `….commands`): V8 writes
 * every function compiled so far, those read from the cache included, so the
 * cache grows to cover each command in use instead of only the first one.
 */
function compileWithCache() {
  try {
    const stat = statSync(program, { bigint: true });
    const key = hash128(`${process.version}\0${process.arch}\0${program}\0${stat.dev}\0${stat.ino}\0${stat.size}\0${stat.ctimeNs}\0${stat.mtimeNs}`);
    const file = join(cacheDir, `project-status-${key}.bin`);
    const commandsFile = join(cacheDir, `project-status-${key}.commands`);
    const source = readFileSync(program, 'utf8');
    const cachedData = readOwnCache(file);
    const script = new vm.Script(nodeModule.wrap(source), { filename: program, cachedData });
    const command = commandWords();
    const fresh = cachedData === undefined || script.cachedDataRejected;
    const known = fresh ? [] : (readOwnCache(commandsFile)?.toString('utf8').split('\n') ?? []);
    if (fresh || !known.includes(command)) {
      process.once('exit', () => {
        try {
          mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
          const temp = `${file}.${process.pid}.tmp`;
          writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
          renameSync(temp, file);
          if (fresh) writeFileSync(commandsFile, `${command}\n`, { mode: 0o600 });
          else appendFileSync(commandsFile, `${command}\n`, { mode: 0o600 });
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
