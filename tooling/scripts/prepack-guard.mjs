#!/usr/bin/env node
// `prepack` of every published package: refuses to pack (or publish) when a
// file the manifest points at (exports, main, types, bin) is missing, e.g.
// `dist` was never built: without it the tarball would be empty.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.cwd();
const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
const targets = new Set();
const collect = (value) => {
  if (typeof value === 'string') targets.add(value);
  else if (value && typeof value === 'object') Object.values(value).forEach(collect);
};
collect(pkg.exports);
collect(pkg.bin);
collect(pkg.main);
collect(pkg.types);
const missing = [...targets].filter((file) => !file.includes('*') && !existsSync(join(dir, file)));
if (missing.length > 0) {
  console.error(`${pkg.name}: not packing — ${missing.join(', ')} missing. Run \`pnpm build\` first.`);
  process.exit(1);
}
