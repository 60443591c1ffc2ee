import { afterAll, beforeAll, expect, it } from 'vitest';
import { createProject, describeEngine, jsonError, type Project } from '../helpers.js';

interface Item {
  id: string;
  version: number;
  metadata: Record<string, unknown>;
}

interface Vendor {
  version: number;
  metadata: Record<string, unknown>;
}

/** `null` in a friendly metadata flag of an update removes the key, as `{"key": null}` in --metadata does. */
export function metadataNullSuite(engine: 'sqlite' | 'postgres'): void {
  describeEngine(engine, 'null in a metadata flag of an update', () => {
    let p: Project;
    const show = async (id: string) => (await p.json<{ item: Item }>('work', 'show', id)).item;

    beforeAll(async () => {
      p = await createProject(engine, 'cli-metadata-null');
    });
    afterAll(async () => {
      await p?.drop();
    });

    it('clears a task\'s blocked reason with --blocked-reason null and bumps the version', async () => {
      const task = await p.json<Item>('work', 'create', 'task', 'Wire the API', '--estimated-hours', '3');
      const blocked = await p.json<Item>('work', 'update', task.id, '--status', 'blocked', '--blocked-reason', 'waiting');
      expect(blocked).toMatchObject({ version: 2, metadata: { estimated_hours: 3, blocked_reason: 'waiting' } });

      const r = await p.cli('work', 'update', task.id, '--status', 'active', '--blocked-reason', 'null');
      expect(r.code, r.stderr).toBe(0);
      const after = await show(task.id);
      expect(after.version).toBe(3);
      expect(after.metadata).toEqual({ estimated_hours: 3 });
      expect(after.metadata).not.toHaveProperty('blocked_reason');
    });

    it('removes a number key with --estimated-hours null', async () => {
      const task = await p.json<Item>('work', 'create', 'task', 'Size the importer', '--estimated-hours', '5', '--actual-hours', '2');
      const updated = await p.json<Item>('work', 'update', task.id, '--estimated-hours', 'null');
      expect(updated.version).toBe(2);
      const after = await show(task.id);
      expect(after).toMatchObject({ version: 2, metadata: { actual_hours: 2 } });
      expect(after.metadata).not.toHaveProperty('estimated_hours');
    });

    it('gives the core error for a key the item type requires, and writes nothing', async () => {
      const session = await p.json<Item>('work', 'create', 'session', 'Sprint', '--token-budget', '50000', '--prompts-count', '0', '--yaml-frontmatter', '{"schema_version":"1.0"}');
      const r = await p.cli('work', 'update', session.id, '--token-budget', 'null', '--json');
      expect(r.code).toBe(2);
      expect(jsonError(r)).toMatchObject({ code: 'VALIDATION_ERROR', exit_code: 2 });
      expect(jsonError(r).message).toContain('metadata.token_budget: a session requires this key, so it cannot be removed');
      expect(await show(session.id)).toMatchObject({ version: 1, metadata: { token_budget: 50000 } });
    });

    it('gives the core error for vendor metadata flags, whose keys a vendor requires, and writes nothing', async () => {
      const vendor = await p.json<Vendor>('vendor', 'create', 'null-vendor', '--manifest-compliant');
      const [flag, json] = await Promise.all([
        p.cli('vendor', 'update', 'null-vendor', '--manifest-compliant', 'null'),
        p.cli('vendor', 'update', 'null-vendor', '--format-support=null'),
      ]);
      for (const r of [flag, json]) {
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toContain('a vendor requires this key, so it cannot be removed (null in a metadata update removes a key)');
      }
      expect(flag.stderr).toContain('metadata.manifest_compliant');
      expect(json.stderr).toContain('metadata.format_support');
      const after = await p.json<Vendor>('vendor', 'show', 'null-vendor');
      expect(after).toMatchObject({ version: vendor.version, metadata: { manifest_compliant: true } });
      // The yes/no flag still reads a bare flag as true and --no-… as false.
      expect((await p.json<Vendor>('vendor', 'update', 'null-vendor', '--no-manifest-compliant')).metadata.manifest_compliant).toBe(false);
      expect((await p.json<Vendor>('vendor', 'update', 'null-vendor', '--manifest-compliant', '--status', 'operational')).metadata.manifest_compliant).toBe(true);
    });
  });
}
