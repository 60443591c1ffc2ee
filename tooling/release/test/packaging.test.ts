import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const PUBLISHED = ['packages/core', 'packages/storage', 'apps/cli', 'apps/mcp-server', 'apps/http'];
type Manifest = Record<string, unknown> & {
  name: string;
  version: string;
  private?: boolean;
  exports: Record<string, string | Record<string, string>>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  repository?: { type: string; url: string; directory: string };
  engines?: { node?: string };
  publishConfig?: { access?: string; provenance?: boolean };
};
const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8'));
const workspaceDirs = ['packages', 'apps', 'tooling'].flatMap((top) => readdirSync(join(ROOT, top)).map((d) => `${top}/${d}`)).concat('bench');
const privateNames = new Set(workspaceDirs.filter((d) => existsSync(join(ROOT, d, 'package.json'))).map(manifest).filter((m) => m.private).map((m) => m.name));
const filesUnder = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : [join(dir, f)]));

describe.each(PUBLISHED)('%s is ready to publish', (dir) => {
  const pkg = manifest(dir);

  it('has a LICENSE, repository with directory, homepage, bugs, keywords, engines, provenance and sideEffects', () => {
    expect(readFileSync(join(ROOT, dir, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    expect(pkg.license).toBe('MIT');
    expect(pkg.repository).toMatchObject({ type: 'git', directory: dir });
    expect(pkg.homepage).toEqual(expect.stringContaining(dir));
    expect(pkg.bugs).toBeDefined();
    expect((pkg.keywords as string[]).length).toBeGreaterThan(0);
    expect(pkg.engines?.node).toBe('^20.19.0 || >=22.12.0');
    expect(pkg.publishConfig).toEqual({ access: 'public', provenance: true });
    expect(pkg.sideEffects).toBeDefined();
    expect(pkg.scripts?.prepack).toContain('prepack-guard');
  });

  it('gives require() the ES module (a default condition beside import)', () => {
    for (const [key, entry] of Object.entries(pkg.exports)) {
      if (typeof entry === 'object' && entry.import) expect(entry.default, key).toBe(entry.import);
    }
    // Self-reference resolves through the package's own exports, as a consumer's require would.
    const out = execFileSync(process.execPath, ['-e', `const m = require(${JSON.stringify(pkg.name)}); console.log(Object.keys(m).length > 0)`], { cwd: join(ROOT, dir), encoding: 'utf8' });
    expect(out.trim()).toBe('true');
  });

  it('names no private workspace package, and its build inlines no source manifest', () => {
    const named = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((n) => privateNames.has(n));
    expect(named).toEqual([]);
    const leaking = filesUnder(join(ROOT, dir, 'dist')).filter((f) => /\.c?js$/.test(f) && /"(workspace:\*|catalog:)"/.test(readFileSync(f, 'utf8')));
    expect(leaking).toEqual([]);
  });

  it('starts at 0.1.0: unreleased (0.0.0), so its changesets bump to a minor at most', () => {
    if (pkg.version !== '0.0.0') return; // released: changesets decide from here
    const bumps = readdirSync(join(ROOT, '.changeset'))
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .flatMap((f) => [...readFileSync(join(ROOT, '.changeset', f), 'utf8').matchAll(/^"([^"]+)": (\w+)$/gm)].filter((m) => m[1] === pkg.name).map((m) => `${f}: ${m[2]}`));
    expect(bumps.filter((b) => b.endsWith('major'))).toEqual([]);
  });
});

describe('the pending changesets', () => {
  it('make a release plan: `changeset status` accepts every one of them (a changeset naming a package changesets ignores, such as bench, makes `changeset version` fail)', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'tooling/release/node_modules/@changesets/cli/bin.js'), 'status'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    // Unreleased: the first release is 0.1.0, a minor bump of 0.0.0.
    expect(run.stdout + run.stderr).not.toMatch(/Packages to be bumped at major/);
  });
});

describe('dependencies a consumer installs once', () => {
  it('storage depends on no MikroORM driver package that pins its own better-sqlite3, and on the pg MikroORM pins', () => {
    const storage = manifest('packages/storage');
    expect(storage.dependencies).not.toHaveProperty('@mikro-orm/better-sqlite');
    const mikroPg = JSON.parse(readFileSync(join(ROOT, 'packages/storage/node_modules/@mikro-orm/postgresql/package.json'), 'utf8')) as Manifest;
    expect(storage.dependencies?.pg).toBe(mikroPg.dependencies?.pg);
  });

  it('storage declarations name no driver types, which a consumer has no @types for (a typecheck would fail)', () => {
    const typed = filesUnder(join(ROOT, 'packages/storage/dist')).filter((f) => f.endsWith('.d.ts') && /from ['"](better-sqlite3|pg)['"]/.test(readFileSync(f, 'utf8')));
    expect(typed.map((f) => f.slice(ROOT.length + 1))).toEqual([]);
  });

  it('the CLI bundles yargs, so does not depend on it', () => {
    const cli = manifest('apps/cli');
    expect(cli.dependencies).not.toHaveProperty('yargs');
    const imports = filesUnder(join(ROOT, 'apps/cli/dist')).filter((f) => /\.c?js$/.test(f) && /(from |require\()["']yargs/.test(readFileSync(f, 'utf8')));
    expect(imports).toEqual([]);
  });
});

describe('the prepack guard', () => {
  it('refuses to pack a package whose dist was not built', () => {
    const copy = mkdtempSync(join(tmpdir(), 'ps-prepack-'));
    try {
      cpSync(join(ROOT, 'packages/core/package.json'), join(copy, 'package.json'));
      const run = spawnSync(process.execPath, [join(ROOT, 'tooling/scripts/prepack-guard.mjs')], { cwd: copy, encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/dist\/index\.js.*missing.*pnpm build/);
      const built = spawnSync(process.execPath, [join(ROOT, 'tooling/scripts/prepack-guard.mjs')], { cwd: join(ROOT, 'packages/core'), encoding: 'utf8' });
      expect(built.status).toBe(0);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
