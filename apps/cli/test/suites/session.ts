import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createProject, describeEngine, type Project } from '../helpers.js';

interface Item {
  id: string;
  item_type: string;
  title: string;
  status: string;
  version: number;
  parent_id: string | null;
  assignee: string | null;
  labels: string[];
  metadata: Record<string, unknown>;
  updated_by: string;
}

/** A full session, as a person or a script would type it, on one engine. */
export function sessionSuite(engine: 'sqlite' | 'postgres'): void {
  describeEngine(engine, 'a working session from init to a finished task tree', () => {
    let p: Project;
    let project: Item;
    let session: Item;
    let design: Item;
    let build: Item;

    beforeAll(async () => {
      p = await createProject(engine, 'cli-session');
    });
    afterAll(async () => {
      await p?.drop();
    });

    it('init creates the store and says where the data lives and what to do next', async () => {
      const r = await p.cli('init');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('Project Status is set up.');
      expect(r.stdout).toContain(engine === 'sqlite' ? join(p.dir, '.project-status', 'status.db') : 'postgres://');
      expect(r.stdout).toContain('project-status work create project');
      if (engine === 'sqlite') expect(existsSync(join(p.dir, '.project-status', 'status.db'))).toBe(true);
      if (engine === 'postgres') expect(existsSync(join(p.dir, '.project-status', 'status.db'))).toBe(false);

      const again = await p.json<{ created: boolean; engine: string; healthy: boolean; applied_migrations: string[] }>('init');
      expect(again).toMatchObject({ created: false, engine, healthy: true, applied_migrations: [] });
    });

    it('creates a project, a session and two tasks with friendly metadata flags', async () => {
      project = await p.json<Item>('work', 'create', 'project', 'Billing revamp', '--description', 'Move billing to the ledger', '--target-quarter', '2026-Q3');
      expect(project).toMatchObject({ item_type: 'project', title: 'Billing revamp', version: 1, parent_id: null, updated_by: 'cli' });
      expect(project.metadata).toEqual({ description: 'Move billing to the ledger', target_quarter: '2026-Q3', constitutional_principles: [] });

      session = await p.json<Item>('work', 'create', 'session', 'Sprint 1', '--parent', project.id, '--token-budget', '50000', '--prompts-count', '0', '--yaml-frontmatter', '{"schema_version":"1.0"}');
      expect(session.metadata).toEqual({ token_budget: 50000, prompts_count: 0, yaml_frontmatter: { schema_version: '1.0' } });

      [design, build] = await Promise.all([
        p.json<Item>('work', 'create', 'task', 'Design the schema', '--parent', session.id, '--estimated-hours', '3', '--label', 'db', '--label', 'design'),
        p.json<Item>('work', 'create', 'task', 'Build the importer', '--parent', session.id, '--metadata', '{"estimated_hours":8}', '--client-id', 'claude-code'),
      ]);
      expect(design.labels).toEqual(['db', 'design']);
      expect(build).toMatchObject({ metadata: { estimated_hours: 8 }, created_by: 'claude-code' } as Partial<Item>);
    });

    it('records that the design blocks the build, so only the design is ready', async () => {
      const dep = await p.json<{ source_id: string; target_id: string; dependency_type: string }>('work', 'deps', 'add', design.id, 'blocks', build.id);
      expect(dep).toMatchObject({ source_id: design.id, target_id: build.id, dependency_type: 'blocks' });

      const [ready, human] = await Promise.all([
        p.json<{ items: { id: string }[] }>('work', 'ready', '--parent', session.id, '--type', 'task'),
        p.cli('work', 'ready', '--parent', session.id, '--type', 'task'),
      ]);
      expect(ready.items.map((i) => i.id)).toEqual([design.id]);

      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/SHORT ID\s+ITEM TYPE\s+STATUS\s+PRIORITY\s+TITLE/);
      expect(human.stdout).toContain('Design the schema');
      expect(human.stdout).not.toContain('Build the importer');
      // Not a TTY: no colour codes.
      expect(human.stdout).not.toContain('\u001b[');
    });

    it('claims the ready task once; a second agent gets the conflict code', async () => {
      const claimed = await p.json<Item>('work', 'claim', design.id, '--client-id', 'alice');
      expect(claimed.assignee).toBe('alice');
      const [again, blocked] = await Promise.all([p.cli('work', 'claim', design.id, '--client-id', 'bob'), p.cli('work', 'claim', build.id)]);
      expect(again.code).toBe(5);
      expect(again.stderr).toContain('next:');
      expect(blocked.code).toBe(5);
      expect(blocked.stderr).toContain(design.id);
    });

    it('completes the design without --version by reading the current one, and says so', async () => {
      const r = await p.cli('work', 'update', design.id, '--status', 'completed', '--json');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('using current version 2');
      const done = JSON.parse(r.stdout) as Item;
      expect(done).toMatchObject({ status: 'completed', version: 3 });

      const human = await p.cli('work', 'update', build.id, '--title', 'Build the CSV importer');
      expect(human.code).toBe(0);
      expect(human.stdout).toContain('using current version 1');
    });

    it('shows the build, now ready, inside its tree with its finished prerequisite', async () => {
      const [detail, tree, buildView] = await Promise.all([
        p.json<{ item: Item; ancestors: { id: string }[]; ready: boolean; dependencies: { waits_for: { id: string }[] } }>('work', 'show', build.id),
        p.cli('work', 'show', project.id),
        p.cli('work', 'show', build.id),
      ]);
      expect(detail.ready).toBe(true);
      expect(detail.ancestors.map((a) => a.id)).toEqual([project.id, session.id]);
      expect(detail.dependencies.waits_for.map((d) => d.id)).toEqual([design.id]);

      expect(tree.code).toBe(0);
      const lines = tree.stdout.split('\n');
      expect(lines[0]).toContain('Billing revamp');
      expect(lines.find((l) => l.includes('Sprint 1'))).toMatch(/^└─ /);
      expect(lines.find((l) => l.includes('Design the schema'))).toMatch(/^ {3}[├└]─ /);

      expect(buildView.stdout).toContain('Waits for');
      expect(buildView.stdout).toMatch(/✓ Design the schema/);
    });

    it('finishes the tree and leaves a history of who did what', async () => {
      // Leaves first: a parent with unfinished descendants cannot be completed (without --cascade).
      for (const item of [build, session, project]) {
        const r = await p.cli('work', 'update', item.id, '--status', 'completed');
        expect(r.code, r.stderr).toBe(0);
      }
      const [list, ready, history] = await Promise.all([
        p.json<{ items: { status: string }[]; total_count: number }>('work', 'list', '--detail', 'summary'),
        p.json<{ count: number }>('work', 'ready'),
        p.json<{ entries: { action: string; actor: string; version: number }[] }>('history', 'work_item', design.id),
      ]);
      expect(list.total_count).toBe(4);
      expect(list.items.every((i) => i.status === 'completed')).toBe(true);
      expect(ready.count).toBe(0);
      expect(history.entries.map((e) => [e.action, e.actor])).toEqual([
        ['update', 'cli'],
        ['claim', 'alice'],
        ['link', 'cli'],
        ['create', 'cli'],
      ]);
    });

    it('moves, deletes and restores an item through the same versioned update', async () => {
      const extra = await p.json<Item>('work', 'create', 'research', 'Compare ledgers', '--research-questions', 'Which ledger?', '--parent', session.id);
      expect(extra.metadata.research_questions).toEqual(['Which ledger?']);
      const moved = await p.json<Item>('work', 'move', extra.id, 'null');
      expect(moved.parent_id).toBeNull();
      const deleted = await p.json<Item & { deleted_at: string | null }>('work', 'delete', extra.id);
      expect(deleted.deleted_at).not.toBeNull();
      const gone = await p.cli('work', 'show', extra.id);
      expect(gone.code).toBe(3);
      const restored = await p.json<Item & { deleted_at: string | null }>('work', 'restore', extra.id);
      expect(restored.deleted_at).toBeNull();
      expect(restored.version).toBe(4);
    });

    it('tracks vendors, deployments, enhancements and the configuration', async () => {
      const vendor = await p.json<{ id: string; name: string; status: string; version: number }>('vendor', 'create', 'acme-extractor', '--extractor-version', '1.2.0', '--format-support', '{"excel":true,"csv":true,"pdf":false,"ocr":false}');
      expect(vendor).toMatchObject({ name: 'acme-extractor', status: 'broken' });
      const updated = await p.json<{ status: string; version: number }>('vendor', 'update', 'ACME-extractor', '--status', 'operational', '--test-results', '{"passing":3,"total":3,"skipped":0}');
      expect(updated).toMatchObject({ status: 'operational', version: 2 });
      const [shown, vendors] = await Promise.all([p.cli('vendor', 'show', 'acme-extractor'), p.cli('vendor', 'list')]);
      expect(shown.stdout).toMatch(/status\s+operational/);
      expect(vendors.stdout).toMatch(/acme-extractor\s+operational\s+1\.2\.0\s+3\/3 passing/);

      const hash = 'a'.repeat(40);
      const dep = await p.json<{ id: string; metadata: { commit_hash: string; pr_number: number }; vendors: { name: string }[] }>(
        'deploy', 'record', '--commit-hash', hash, '--pr-number', '42', '--pr-title', 'Importer', '--test-summary', '{"passed":45,"failed":0}', '--constitutional-compliance', '--vendor', vendor.id, '--work-item', build.id,
      );
      expect(dep.metadata).toMatchObject({ commit_hash: hash, pr_number: 42 });
      expect(dep.vendors.map((v) => v.name)).toEqual(['acme-extractor']);
      const [deploys, enh] = await Promise.all([
        p.cli('deploy', 'list'),
        p.json<{ id: string; priority: number; version: number }>('enhancement', 'add', 'OCR for scanned PDFs', '--priority', '1', '--target-quarter', '2026-Q3'),
      ]);
      expect(deploys.stdout).toContain('Importer');
      expect(enh.priority).toBe(1);
      const enh2 = await p.json<{ status: string; version: number }>('enhancement', 'update', enh.id, '--status', 'approved');
      expect(enh2).toMatchObject({ status: 'approved', version: 2 });

      const config = await p.json<{ version: number; default_token_budget: number }>('config', 'set', '--default-token-budget', '150000', '--current-session-id', session.id);
      expect(config).toMatchObject({ version: 1, default_token_budget: 150000 });
      const [shownConfig, health] = await Promise.all([p.json<{ version: number }>('config', 'show'), p.json<{ healthy: boolean; data_source: string }>('health')]);
      expect(shownConfig.version).toBe(1);
      expect(health.healthy).toBe(true);
    });

    it('writes the status report on request', async () => {
      const r = await p.cli('report', '--write-file');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('acme-extractor');
      expect(readFileSync(join(p.dir, '.project_status.md'), 'utf8')).toContain('acme-extractor');
    });
  });
}
