import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { ProjectStatusHandle } from '../src/index.js';
import { describeEachEngine } from '../src/testing/index.js';

/** Values an attacker or a confused model might send. */
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom("'; drop table work_items; --", '" or 1=1 --', '../../etc/passwd', '\u0000', 'a\u0000b', '%_%', '\\', '${x}', '<script>', '🙂'.repeat(60), ' ', ''),
  fc.string({ minLength: 190, maxLength: 260 }),
  fc.constant('x'.repeat(100_000)),
  fc.uuid(),
);
/** Each of these goes into every field of every operation, deterministically. */
const SHARP_VALUES: unknown[] = ['a\u0000b', 2 ** 31, 'x'.repeat(100_000), -1, null, '', 1.5, [], {}, "'; drop table vendors; --"];

const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    { weight: 4, arbitrary: fc.constantFrom(...SHARP_VALUES) },
    { weight: 2, arbitrary: hostileString },
    fc.integer(),
    fc.constantFrom(0, -1, 1, 2 ** 31, 2 ** 53, -0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1e308),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 3 }),
  ),
})).value;

/**
 * A valid input per operation; the property replaces one to three of its
 * fields with hostile values, so calls get past the first check and reach
 * deep validation and the database. Operations missing here get random objects.
 */
function validInputs(ids: { task: string; project: string; vendor: string; vendorName: string }): Record<string, Record<string, unknown>> {
  const hash = 'a'.repeat(40);
  return {
    create_work_item: { item_type: 'task', title: 'ok', parent_id: ids.project, metadata: { estimated_hours: 1 }, labels: ['x'], branch_name: 'b', commit_hash: hash, pr_number: 1 },
    update_work_item: { id: ids.task, version: 1, title: 'ok', status: 'active', metadata: { estimated_hours: 2 }, labels: ['y'], pr_number: 2 },
    query_work_item: { id: ids.task },
    list_work_items: { item_type: 'task', status: 'active', limit: 10, offset: 0, label: 'x' },
    add_dependency: { source_id: ids.task, target_id: ids.project, dependency_type: 'depends_on' },
    remove_dependency: { source_id: ids.task, target_id: ids.project, dependency_type: 'depends_on' },
    list_ready_work: { parent_id: ids.project, item_type: 'task', limit: 5 },
    claim_work_item: { id: ids.task, assignee: 'agent' },
    search_work_items: { query: 'ok', limit: 5 },
    archive_work_items: { older_than_days: 365, dry_run: true },
    query_archived_work_items: { limit: 5 },
    create_vendor: { name: 'v_ok', initial_metadata: { format_support: { csv: true }, test_results: { passing: 1, total: 2, skipped: 0 } } },
    query_vendor_status: { name: ids.vendorName },
    update_vendor_status: { name: ids.vendorName, version: 1, status: 'operational', extractor_version: '1.0.0', metadata: { manifest_compliant: true } },
    list_vendors: { status: 'broken' },
    record_deployment: { commit_hash: hash, metadata: { pr_number: 1, pr_title: 't', commit_hash: hash, test_summary: { passed: 1 }, constitutional_compliance: true }, affected_vendor_ids: [ids.vendor], related_work_item_ids: [ids.task] },
    list_deployments: { vendor: ids.vendorName, limit: 5 },
    get_project_configuration: {},
    update_project_configuration: { version: 0, git_branch: 'main', default_token_budget: 5000 },
    create_enhancement: { title: 'e', priority: 2, target_quarter: '2026-Q1', work_item_ids: [ids.task] },
    list_enhancements: { priority: 2 },
    get_history: { entity_type: 'work_item', entity_id: ids.task },
    health_check: {},
  };
}

function hostileInput(base: Record<string, unknown> | undefined, known: string[]): fc.Arbitrary<unknown> {
  const random = fc.dictionary(fc.oneof(fc.constantFrom(...known), hostileString), hostileValue, { maxKeys: 6 });
  if (!base) return fc.oneof({ weight: 8, arbitrary: random }, { weight: 1, arbitrary: hostileValue });
  const mutated = fc
    .dictionary(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: hostileString }), hostileValue, { minKeys: 1, maxKeys: 3 })
    .map((overrides) => ({ ...base, ...overrides }));
  return fc.oneof({ weight: 8, arbitrary: mutated }, { weight: 1, arbitrary: random });
}

const ALLOWED = new Set(['VALIDATION_ERROR', 'NOT_FOUND', 'CONFLICT', 'VERSION_CONFLICT']);

/** Everything a write could touch, in full (the database stays small in this test). */
async function fingerprint(ps: ProjectStatusHandle): Promise<string> {
  const [items, vendors, deployments, enhancements, config] = await Promise.all([
    ps.list_work_items({ include_deleted: true, limit: 100, detail: 'full' }),
    ps.list_vendors({ detail: 'full' }),
    ps.list_deployments({ limit: 100 }),
    ps.list_enhancements({ limit: 100 }),
    ps.get_project_configuration({}),
  ]);
  return JSON.stringify([items, vendors, deployments, enhancements, config]);
}

describeEachEngine('hostile input', (ctx) => {
  it('gets only domain errors from every operation, and a rejected call changes nothing', async () => {
    const ps = ctx.ps();
    const seed = await ps.create_work_item({ item_type: 'task', title: 'seed' });
    const project = await ps.create_work_item({ item_type: 'project', title: 'seed project', metadata: { description: 'p' } });
    const vendor = await ps.create_vendor({ name: 'seed_vendor' });
    const bases = validInputs({ task: seed.id, project: project.id, vendor: vendor.id, vendorName: vendor.name });
    const operations = Object.values(ps.operations);
    const writes = new Map<string, number>();
    for (const op of operations) {
      const shape = (op.input as unknown as { shape?: Record<string, unknown> }).shape ?? {};
      const known = [...Object.keys(shape), 'id', 'version', 'name'];
      await fc.assert(
        fc.asyncProperty(hostileInput(bases[op.name], known), fc.constantFrom(seed.id, 'seed_vendor', 1), fc.boolean(), async (input, anchor, useAnchor) => {
          // Sometimes point at things that exist, so NOT_FOUND is not the only way out.
          if (useAnchor && input && typeof input === 'object' && !Array.isArray(input)) {
            const key = typeof anchor === 'number' ? 'version' : anchor === 'seed_vendor' ? 'name' : 'id';
            (input as Record<string, unknown>)[key] = anchor;
          }
          const before = await fingerprint(ps);
          try {
            await ps.call(op.name, input);
            if (op.kind === 'write') writes.set(op.name, (writes.get(op.name) ?? 0) + 1);
          } catch (error) {
            const code = (error as { code?: string }).code;
            if (!code || !ALLOWED.has(code)) throw new Error(`${op.name} threw ${code ?? (error as Error).name}: ${(error as Error).message} for ${JSON.stringify(input)?.slice(0, 300)}`);
            expect(typeof (error as Error).message).toBe('string');
            expect(await fingerprint(ps)).toBe(before);
          }
        }),
        {
          numRuns: op.kind === 'write' ? 40 : 20,
          examples: bases[op.name]
            ? Object.keys(bases[op.name]!).flatMap((key) => SHARP_VALUES.map((v) => [{ ...bases[op.name], [key]: v }, 1, false] as [unknown, string | number, boolean]))
            : [],
        },
      );
    }
    // Reads are allowed to succeed; the property is about what goes wrong.
    expect(operations.length).toBeGreaterThanOrEqual(20);
  });

  it('rejects an archive of everything as a dry run only when asked, and validates its numbers', async () => {
    await expect(ctx.ps().archive_work_items({ older_than_days: -1 })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(ctx.ps().call('archive_work_items', { older_than_days: '365' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
  });
});
