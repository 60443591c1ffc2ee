import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI, createProject, describeEngine, jsonError, type Project } from '../helpers.js';

const VENDOR = '- acme_1: operational (3/3 tests passed, 0 skipped) [CSV] v1.0.0';
const ENHANCEMENTS = '## Future Enhancements (1 total)\n- Later (Priority: Low)\n';

/** What `import` says about text it does not read and bytes that are not UTF-8, at the shell. */
export function legacyImportEncodingSuite(engine: 'sqlite' | 'postgres'): void {
  describeEngine(engine, 'import: unread headings and encodings at the shell', () => {
    let p: Project;
    beforeAll(async () => {
      p = await createProject(engine, 'cli-import-encoding');
    });
    afterAll(async () => {
      await p?.drop();
    });

    it('imports the vendor behind a byte order mark', async () => {
      writeFileSync(join(p.dir, 'b.md'), Buffer.from(`\uFEFF## Vendors (1 total)\n${VENDOR}\n${ENHANCEMENTS}`));
      const r = await p.cli('import', 'b.md', '--dry-run');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/vendor_count\s+│?\s*1\s/);
      expect(r.stdout).toContain('no issues, no warnings');
    });

    it('names the heading and lines it did not read, counts them as skipped, and fails --strict with exit 2', async () => {
      writeFileSync(join(p.dir, 'u.md'), `${ENHANCEMENTS}## Vendor list\n${VENDOR}\n`);
      const r = await p.cli('import', 'u.md', '--dry-run');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('line 3: ## Vendor list: heading "## Vendor list" names no section the import reads');
      expect(r.stdout).toContain('1 entry of the file skipped; add --strict');
      const json = await p.json<{ preservation_percent: number; unread_lines: number }>('import', 'u.md', '--dry-run');
      expect(json).toMatchObject({ preservation_percent: 50, unread_lines: 1 });
      const strict = await p.cli('import', 'u.md', '--strict', '--json');
      expect(strict.code).toBe(2);
      expect(jsonError(strict)).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('## Vendor list') });
      expect((await p.json<{ total_count: number }>('enhancement', 'list')).total_count).toBe(0);
    });

    it('refuses a Latin-1 file with exit 2, naming the file, the byte and its line, and writes nothing', async () => {
      writeFileSync(join(p.dir, 'latin1.md'), Buffer.from('# P\n## Future Enhancements (1 total)\n- Caf\xe9 (Priority: High)\n', 'latin1'));
      const r = await p.cli('import', 'latin1.md', '--json');
      expect(r.code).toBe(2);
      const error = jsonError(r);
      expect(error).toMatchObject({ code: 'VALIDATION_ERROR', details: { encoding_error: { offset: 42, line: 3, column: 6 } } });
      expect(error.message).toContain('latin1.md');
      expect(error.message).toContain('byte 0xE9 at offset 42 (line 3, column 6)');
      expect((await p.json<{ total_count: number }>('enhancement', 'list')).total_count).toBe(0);
    });

    it('refuses an argument whose bytes are not UTF-8 (Node reads it as U+FFFD) with exit 2, and creates nothing', async () => {
      // Through bash, as a user types it: $'Caf\xe9' is the byte 0xE9, which no Node API can put in argv.
      const flags = p.flags.map((f) => `'${f}'`).join(' ');
      const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
        execFile('bash', ['-c', `"${process.execPath}" "${CLI}" work create task $'Caf\\xe9' --json ${flags}`], { cwd: p.dir, env: { PATH: process.env.PATH ?? '', HOME: p.dir } }, (error, _stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr }),
        );
      });
      expect(r.code, r.stderr).toBe(2);
      expect(jsonError(r as never)).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('argument 4 ("Caf\uFFFD") holds U+FFFD') });
      expect((await p.json<{ total_count: number }>('work', 'list')).total_count).toBe(0);
    });
  });
}
