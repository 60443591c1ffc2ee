import { afterAll, beforeAll, expect, it } from 'vitest';
import { createProject, describeEngine, type Project } from './helpers.js';

interface Item {
  id: string;
  version: number;
}

describeEngine('sqlite', 'hints, vendor names and the current-version note at the shell', () => {
  let p: Project;
  beforeAll(async () => {
    p = await createProject('sqlite', 'cli-semantics');
  });
  afterAll(async () => {
    await p?.drop();
  });

  it('words the hint of a refused delete and completion as commands and flags, not MCP fields', async () => {
    const parent = await p.json<Item>('work', 'create', 'project', 'Parent', '--description', 'd');
    await p.json<Item>('work', 'create', 'task', 'Child', '--parent', parent.id);
    const del = await p.cli('work', 'delete', parent.id);
    expect(del.code).toBe(5);
    expect(del.stderr).toContain(`next: delete the whole subtree: \`project-status work delete ${parent.id} --version 1 --cascade\``);
    expect(del.stderr).not.toContain('cascade: true');
    const done = await p.cli('work', 'update', parent.id, '--status', 'completed');
    expect(done.code).toBe(5);
    expect(done.stderr).toContain(`\`project-status work update ${parent.id} --version 1 --status completed --cascade\``);
    // The failed update does not claim to have used a version.
    expect(done.stdout).not.toContain('using current version');
    const cascaded = await p.cli('work', 'update', parent.id, '--status', 'completed', '--cascade');
    expect(cascaded.code).toBe(0);
    expect(cascaded.stdout).toContain('using current version 1');
  });

  it('records a deployment naming its vendor, and lists it by name or id', async () => {
    const vendor = await p.json<{ id: string }>('vendor', 'create', 'Acme-Extractor');
    const hash = 'f'.repeat(40);
    const recorded = await p.cli('deploy', 'record', '--commit-hash', hash, '--pr-number', '7', '--pr-title', 'Ship', '--test-summary', '{"passed":1}', '--constitutional-compliance', '--vendor', 'acme-extractor');
    expect(recorded.code, recorded.stderr).toBe(0);
    for (const ref of ['ACME-EXTRACTOR', vendor.id]) {
      const listed = await p.json<{ deployments: { vendors: string[] }[] }>('deploy', 'list', '--vendor', ref);
      expect(listed.deployments).toEqual([expect.objectContaining({ pr_number: 7, vendors: ['Acme-Extractor'] })]);
    }
    const human = await p.cli('deploy', 'list');
    expect(human.stdout).toContain('Ship');
    const report = await p.cli('report');
    expect(report.stdout).toContain('1 deployment,');
  });
});
