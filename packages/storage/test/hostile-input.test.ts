import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { ProjectStatusHandle } from '../src/index.js';
import { describeEachEngine } from '../src/testing/index.js';

/** Values an attacker or a confused model might send. */
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom("'; drop table work_items; --", '" or 1=1 --', '../../etc/passwd', '\u0000', 'a\u0000b', '%_%', '\\', '${x}', '<script>', '🙂'.repeat(60), ' ', '', 'a\ud800b', '\udc00', 'two\nlines', '\u001b[2J'),
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
    ps.list_deployments({ limit: 100, detail: 'full' }),
    ps.list_enhancements({ limit: 100, detail: 'full' }),
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

/** `{ a: { a: … 1 } }` with `levels` objects. */
function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

/**
 * Inputs each engine used to fail on in its own way (a database error, a
 * crash, or invalid UTF-8 stored as given), by field: every one must be a
 * VALIDATION_ERROR naming the field, on both engines, and change nothing.
 */
describeEachEngine('hostile input, table by table', (ctx) => {
  it('refuses every hostile value in every field that takes it, before the database, naming the field', async () => {
    const ps = ctx.ps();
    const task = await ps.create_work_item({ item_type: 'task', title: 'table seed' });
    const session = await ps.create_work_item({ item_type: 'session', title: 'table session', metadata: { token_budget: 5000, prompts_count: 0, yaml_frontmatter: { schema_version: 1 } } });
    const vendor = await ps.create_vendor({ name: 'table_vendor' });
    const enhancement = await ps.create_enhancement({ title: 'table enhancement' });
    const config = await ps.get_project_configuration({});
    const hash = 'b'.repeat(40);
    const deployment = { pr_number: 1, pr_title: 't', test_summary: { passed: 1 }, constitutional_compliance: true };
    const frontmatter = (extra: unknown) => ({ token_budget: 5000, prompts_count: 0, yaml_frontmatter: { schema_version: 1, extra } });
    const bases: Record<string, Record<string, unknown>> = {
      create_work_item: { item_type: 'task', title: 'ok' },
      create_session: { item_type: 'session', title: 'ok', metadata: frontmatter('ok') },
      update_work_item: { id: task.id, version: task.version },
      update_session: { id: session.id, version: session.version, metadata: frontmatter('ok') },
      list_work_items: {},
      search_work_items: { query: 'ok' },
      claim_work_item: { id: task.id },
      query_archived_work_items: {},
      archive_work_items: { dry_run: true },
      create_vendor: { name: 'v_new' },
      query_vendor_status: { name: vendor.name },
      update_vendor_status: { name: vendor.name, version: vendor.version },
      record_deployment: { commit_hash: hash, metadata: { ...deployment } },
      list_deployments: {},
      update_project_configuration: { version: config.version },
      create_enhancement: { title: 'ok' },
      update_enhancement: { id: enhancement.id, version: enhancement.version },
      list_enhancements: {},
      get_history: { entity_type: 'work_item', entity_id: task.id },
    };
    const op = (base: string) => (base === 'create_session' ? 'create_work_item' : base === 'update_session' ? 'update_work_item' : base);

    const singleLineFields: [string, string][] = [
      ['create_work_item', 'title'], ['create_work_item', 'branch_name'], ['create_work_item', 'assignee'], ['create_work_item', 'created_by'],
      ['update_work_item', 'title'], ['update_work_item', 'branch_name'], ['update_work_item', 'assignee'], ['update_work_item', 'updated_by'],
      ['list_work_items', 'label'], ['list_work_items', 'branch_name'], ['list_work_items', 'assignee'], ['query_archived_work_items', 'label'],
      ['claim_work_item', 'assignee'], ['create_vendor', 'name'], ['create_vendor', 'extractor_version'], ['query_vendor_status', 'name'],
      ['update_vendor_status', 'extractor_version'], ['list_deployments', 'vendor'], ['update_project_configuration', 'git_branch'],
      ['create_enhancement', 'title'], ['update_enhancement', 'title'], ['get_history', 'entity_id'],
    ];
    const textFields: [string, string][] = [['search_work_items', 'query'], ['create_enhancement', 'description'], ['update_enhancement', 'description']];
    const stringValues = { 'lone high surrogate': 'a\ud800b', 'lone low surrogate': '\udc00', NUL: 'a\u0000b', 'beyond the column length': 'x'.repeat(6000) };
    const lineValues = { 'line break': 'a\nb', tab: 'a\tb', 'escape sequence': 'a\u001b[2Jb', 'line separator': 'a\u2028b' };

    const cases: { name: string; base: string; field: string; value: unknown }[] = [];
    for (const [base, field] of [...singleLineFields, ...textFields]) {
      for (const [name, value] of Object.entries(stringValues)) cases.push({ name, base, field, value });
    }
    for (const [base, field] of singleLineFields) for (const [name, value] of Object.entries(lineValues)) cases.push({ name, base, field, value });
    // Strings inside arrays.
    for (const [base, field] of [['create_work_item', 'labels'], ['update_work_item', 'labels'], ['create_enhancement', 'requires_constitutional_principles']] as const) {
      cases.push({ name: 'lone surrogate in a list', base, field, value: ['ok', 'x\ud800'] });
    }
    // Free-form metadata: any depth, keys too.
    const metadataValues = {
      'lone surrogate deep inside': { a: [{ b: 'x\udfff' }] },
      'lone surrogate in a key': { ['k\ud800']: 1 },
      'NUL deep inside': { a: { b: ['\u0000'] } },
      'NUL in a key': { ['k\u0000']: 1 },
      // As JSON.parse (any surface's body) gives it: an own key, which every object copy would drop.
      'a __proto__ key': JSON.parse('{"a":{"__proto__":{"x":1}}}') as unknown,
      'nesting 33 levels deep': nested(33),
      'nesting 1 500 levels deep': nested(1500),
      'nesting 10 000 levels deep': nested(10_000),
      'more than 100 000 characters': 'x'.repeat(150_000),
      'a bigint': 10n,
      'a non-finite number': Number.POSITIVE_INFINITY,
    };
    for (const [name, value] of Object.entries(metadataValues)) {
      cases.push({ name, base: 'create_session', field: 'metadata', value: frontmatter(value) });
      cases.push({ name, base: 'update_session', field: 'metadata', value: frontmatter(value) });
      cases.push({ name, base: 'create_vendor', field: 'initial_metadata', value: { extra: value } });
      cases.push({ name, base: 'update_vendor_status', field: 'metadata', value: { extra: value } });
      cases.push({ name, base: 'record_deployment', field: 'metadata', value: { ...deployment, extra: value } });
    }
    // Timestamps PostgreSQL refuses (no year 0) or JavaScript cannot hold.
    const timestampFields: [string, string][] = [
      ['record_deployment', 'deployed_at'], ['list_deployments', 'since'], ['list_deployments', 'until'],
      ['query_archived_work_items', 'archived_after'], ['query_archived_work_items', 'archived_before'], ['update_project_configuration', 'last_health_check_at'],
    ];
    const timestamps = { 'year 0': '0000-01-01T00:00:00Z', 'year 0 after its offset': '0001-01-01T00:30:00+01:00', 'year 10000 after its offset': '9999-12-31T23:30:00-01:00', 'year 275760': '+275760-09-13T00:00:01Z', 'not a date': '2026-02-30T00:00:00Z' };
    for (const [base, field] of timestampFields) for (const [name, value] of Object.entries(timestamps)) cases.push({ name, base, field, value });
    // Numbers beyond the 32-bit columns, offsets included.
    const int32Fields: [string, string][] = [
      ['create_work_item', 'pr_number'], ['update_work_item', 'pr_number'], ['update_work_item', 'version'], ['update_vendor_status', 'version'],
      ['update_enhancement', 'version'], ['update_project_configuration', 'version'], ['update_project_configuration', 'default_token_budget'],
      ['create_enhancement', 'priority'], ['archive_work_items', 'older_than_days'], ['archive_work_items', 'batch_size'],
      ...['list_work_items', 'search_work_items', 'query_archived_work_items', 'list_deployments', 'list_enhancements', 'get_history'].flatMap((o) => [[o, 'offset'], [o, 'limit']] as [string, string][]),
    ];
    for (const [base, field] of int32Fields) {
      cases.push({ name: '2^31', base, field, value: 2 ** 31 });
      cases.push({ name: '2^63', base, field, value: 2 ** 63 });
    }
    cases.push({ name: 'count 2^31 in vendor metadata', base: 'update_vendor_status', field: 'metadata', value: { test_results: { total: 2 ** 31 } } });
    cases.push({ name: 'count 2^31 in a test summary', base: 'record_deployment', field: 'metadata', value: { ...deployment, test_summary: { passed: 2 ** 31 } } });
    cases.push({ name: 'pr_number 2^31 in deployment metadata', base: 'record_deployment', field: 'metadata', value: { ...deployment, pr_number: 2 ** 31 } });
    cases.push({ name: 'pr_title with a line break', base: 'record_deployment', field: 'metadata', value: { ...deployment, pr_title: 'a\nb' } });

    const before = await fingerprint(ps);
    const wrong: string[] = [];
    for (const c of cases) {
      const input = { ...bases[c.base], [c.field]: c.value };
      const error = await ps.call(op(c.base), input).then(
        () => null,
        (e: unknown) => e as { code?: string; message: string },
      );
      const label = `${op(c.base)}.${c.field} with ${c.name}`;
      if (!error) wrong.push(`${label}: accepted`);
      else if (error.code !== 'VALIDATION_ERROR') wrong.push(`${label}: ${error.code ?? 'no code'} ${error.message.slice(0, 120)}`);
      else if (!error.message.includes(c.field)) wrong.push(`${label}: the message does not name the field: ${error.message.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
    expect(await fingerprint(ps)).toBe(before);
    expect(cases.length).toBeGreaterThan(250);
  });
});
