import { describeEachEngine } from '@project-status/storage/testing';
import { expect, it } from 'vitest';
import { createHttpApp } from '../src/index.js';
import { send } from './support/send.js';

describeEachEngine('http work-item routes', (ctx) => {
  let app: ReturnType<typeof createHttpApp> | undefined;
  const http = () => (app ??= createHttpApp(ctx.ps(), { clientId: 'http-test' }));
  const createTask = async (title: string, extra: Record<string, unknown> = {}) => {
    const res = await send(http(), 'POST', '/work-items', { body: { item_type: 'task', title, ...extra } });
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number; parent_id: string | null };
  };

  it('creates a work item with 201, an ETag and a Location, and reads it back there', async () => {
    const created = await send(http(), 'POST', '/work-items', { body: { item_type: 'project', title: 'Launch', metadata: { description: 'the launch' } }, headers: { 'X-Client-Id': 'dashboard' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('ETag')).toBe('"1"');
    expect(created.headers.get('Location')).toBe(`/work-items/${created.body.id}`);
    expect(created.body).toMatchObject({ title: 'Launch', version: 1, created_by: 'dashboard' });

    const read = await send(http(), 'GET', created.headers.get('Location')!);
    expect(read.status).toBe(200);
    expect(read.headers.get('ETag')).toBe('"1"');
    expect(read.body.item.id).toBe(created.body.id);
    expect(read.body).toHaveProperty('ancestors');
  });

  it('records the server client id as the actor when a request names none', async () => {
    const task = await createTask('anonymous');
    const read = await send(http(), 'GET', `/work-items/${task.id}`);
    expect(read.body.item.created_by).toBe('http-test');
  });

  it('coerces query-string values to the schema types: null for roots, numbers, booleans', async () => {
    const root = await createTask('coerce root');
    await createTask('coerce child', { parent_id: root.id });
    const roots = await send(http(), 'GET', '/work-items?parent_id=null&limit=100&include_deleted=false&detail=full');
    expect(roots.status).toBe(200);
    expect(roots.body.limit).toBe(100);
    expect(roots.body.items.length).toBeGreaterThan(0);
    expect(roots.body.items.every((i: { parent_id: string | null }) => i.parent_id === null)).toBe(true);
    const children = await send(http(), 'GET', `/work-items?parent_id=${root.id}`);
    expect(children.body.items.map((i: { title: string }) => i.title)).toEqual(['coerce child']);
    const page = await send(http(), 'GET', '/work-items?limit=1&offset=1');
    expect(page.body).toMatchObject({ limit: 1, offset: 1 });
    expect(page.body.items).toHaveLength(1);
  });

  it('filters list and search by held=true|false, with the total of the filtered rows, and refuses held=maybe', async () => {
    const root = await createTask('held root');
    const held = await createTask('held hinge', { parent_id: root.id });
    await createTask('free hinge', { parent_id: root.id });
    const claimed = await send(http(), 'POST', `/work-items/${held.id}/claim`, { body: {}, headers: { 'X-Client-Id': 'holder' } });
    expect(claimed.status).toBe(200);
    const titles = (body: { items: { title: string }[] }) => body.items.map((i) => i.title);
    const yes = await send(http(), 'GET', `/work-items?parent_id=${root.id}&status=active&held=true&limit=25&offset=0`);
    expect(yes.status).toBe(200);
    expect(titles(yes.body)).toEqual(['held hinge']);
    expect(yes.body.total_count).toBe(1);
    const no = await send(http(), 'GET', `/work-items?parent_id=${root.id}&held=false`);
    expect(titles(no.body)).toEqual(['free hinge']);
    expect(no.body.total_count).toBe(1);
    const found = await send(http(), 'GET', '/work-items/search?q=hinge&held=true');
    expect(found.status).toBe(200);
    expect(titles(found.body)).toEqual(['held hinge']);
    expect(found.body.total_count).toBe(1);
    for (const path of ['/work-items?held=maybe', '/work-items/search?q=hinge&held=maybe']) {
      const bad = await send(http(), 'GET', path);
      expect(bad.status, path).toBe(400);
      expect(bad.body.code).toBe('VALIDATION_ERROR');
      expect(bad.body.details.issues[0].path).toBe('held');
      expect(bad.body.message).toMatch(/held: must be true or false \(received "maybe"\)/);
    }
  });

  it('rejects query values the schema refuses, naming the field', async () => {
    const bad = await send(http(), 'GET', '/work-items?limit=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_ERROR');
    expect(bad.body.details.issues[0].path).toBe('limit');
    expect(bad.body.message).toMatch(/limit: must be a whole number \(received "abc"\)/);
    const flag = await send(http(), 'GET', '/work-items?include_deleted=maybe');
    expect(flag.body.message).toMatch(/include_deleted: must be true or false \(received "maybe"\)/);
    const twice = await send(http(), 'GET', '/work-items?status=active&status=blocked');
    expect(twice.status).toBe(400);
    expect(twice.body.message).toMatch(/status.*2 times/);
    const unknown = await send(http(), 'GET', '/work-items?colour=red');
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/colour/);
  });

  it('reads numbers in the query string as the CLI does (digits only) and JSON numbers in a body as numbers', async () => {
    for (const query of ['limit=1e1', 'priority=3.0', 'limit=%2B3']) {
      const bad = await send(http(), 'GET', `/work-items?${query}`);
      expect(bad.status, query).toBe(400);
      expect(bad.body.code).toBe('VALIDATION_ERROR');
      expect(bad.body.message).toMatch(/must be a whole number .*digits only, such as 3/);
    }
    expect((await send(http(), 'GET', '/work-items?limit=10&priority=3')).status).toBe(200);
    // In JSON, 3.0 is the number 3: accepted as the integer it is.
    const task = await send(http(), 'POST', '/work-items', { raw: '{"item_type":"task","title":"json number","priority":2.0}', headers: { 'Content-Type': 'application/json' } });
    expect(task.status).toBe(201);
    expect(task.body.priority).toBe(2);
  });

  it('needs If-Match to change a work item: 428 without it, 412 with a stale one, 200 and a new ETag with the current one', async () => {
    const task = await createTask('locking');
    const path = `/work-items/${task.id}`;

    const missing = await send(http(), 'PATCH', path, { body: { title: 'renamed' } });
    expect(missing.status).toBe(428);
    expect(missing.body.code).toBe('PRECONDITION_REQUIRED');

    const first = await send(http(), 'PATCH', path, { body: { title: 'renamed once' }, headers: { 'If-Match': '"1"', 'X-Client-Id': 'alice' } });
    expect(first.status).toBe(200);
    expect(first.headers.get('ETag')).toBe('"2"');
    expect(first.body).toMatchObject({ title: 'renamed once', version: 2, updated_by: 'alice' });

    const stale = await send(http(), 'PATCH', path, { body: { title: 'lost update' }, headers: { 'If-Match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect(stale.body.details).toMatchObject({ expected_version: 1, current_version: 2, last_updated_by: 'alice' });
    expect(stale.body.details.updated_at).toEqual(first.body.updated_at);

    const after = await send(http(), 'GET', path);
    expect(after.body.item.title).toBe('renamed once');
    expect(after.headers.get('ETag')).toBe('"2"');

    // Sending what is already there changes nothing: same ETag, so another writer holding "2" is not made stale.
    const same = await send(http(), 'PATCH', path, { body: { title: 'renamed once', status: 'active' }, headers: { 'If-Match': '"2"', 'X-Client-Id': 'bob' } });
    expect(same.status).toBe(200);
    expect(same.headers.get('ETag')).toBe('"2"');
    expect(same.body).toMatchObject({ version: 2, updated_by: 'alice' });
    const history = await send(http(), 'GET', `${path}/history`);
    expect(history.body.entries.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    // …but its If-Match is still checked.
    expect((await send(http(), 'PATCH', path, { body: { title: 'renamed once' }, headers: { 'If-Match': '"1"' } })).status).toBe(412);
    expect((await send(http(), 'PATCH', path, { body: { title: 'other writer' }, headers: { 'If-Match': '"2"' } })).status).toBe(200);
  });

  it('refuses an If-Match that names no single version and a version sent in the body', async () => {
    const task = await createTask('if-match shapes');
    const path = `/work-items/${task.id}`;
    for (const header of ['*', 'W/"1"', '"1", "2"', 'one']) {
      const res = await send(http(), 'PATCH', path, { body: { title: 'x' }, headers: { 'If-Match': header } });
      expect(res.status, header).toBe(400);
      expect(res.body.details.issues[0].path).toBe('If-Match');
    }
    const inBody = await send(http(), 'PATCH', path, { body: { title: 'x', version: 1 }, headers: { 'If-Match': '"1"' } });
    expect(inBody.status).toBe(400);
    expect(inBody.body.message).toMatch(/If-Match/);
    const bare = await send(http(), 'PATCH', path, { body: { title: 'bare number' }, headers: { 'If-Match': '1' } });
    expect(bare.status).toBe(200);
  });

  it('refuses fields a route does not take and fields the path already sets, changing nothing', async () => {
    const task = await createTask('strict');
    const path = `/work-items/${task.id}`;
    const unknownField = await send(http(), 'POST', '/work-items', { body: { item_type: 'task', title: 'x', colour: 'red' } });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.code).toBe('VALIDATION_ERROR');
    expect(unknownField.body.message).toMatch(/colour/);
    const pathField = await send(http(), 'PATCH', path, { body: { id: task.id, title: 'x' }, headers: { 'If-Match': '"1"' } });
    expect(pathField.status).toBe(400);
    expect(pathField.body.message).toMatch(/path parameter/);
    const deleteViaPatch = await send(http(), 'PATCH', path, { body: { delete: true }, headers: { 'If-Match': '"1"' } });
    expect(deleteViaPatch.status).toBe(400);
    const queryOnBodyRoute = await send(http(), 'POST', '/work-items?title=x', { body: { item_type: 'task', title: 'x' } });
    expect(queryOnBodyRoute.status).toBe(400);
    const unchanged = await send(http(), 'GET', path);
    expect(unchanged.body.item).toMatchObject({ title: 'strict', version: 1, deleted_at: null });
  });

  it('soft-deletes with DELETE (?cascade=true for a parent) and restores with POST …/restore', async () => {
    const parent = await createTask('parent');
    await createTask('child', { parent_id: parent.id });
    const path = `/work-items/${parent.id}`;

    const withoutCascade = await send(http(), 'DELETE', path, { headers: { 'If-Match': '"1"' } });
    expect(withoutCascade.status).toBeGreaterThanOrEqual(400);
    expect(withoutCascade.status).toBeLessThan(500);

    const deleted = await send(http(), 'DELETE', `${path}?cascade=true`, { headers: { 'If-Match': '"1"' } });
    expect(deleted.status).toBe(200);
    expect(deleted.body.deleted_at).not.toBeNull();
    expect(deleted.headers.get('ETag')).toBe('"2"');

    expect((await send(http(), 'GET', path)).status).toBe(404);
    const withDeleted = await send(http(), 'GET', `${path}?include_deleted=true`);
    expect(withDeleted.status).toBe(200);

    const restoreWithoutIfMatch = await send(http(), 'POST', `${path}/restore`);
    expect(restoreWithoutIfMatch.status).toBe(428);
    const restored = await send(http(), 'POST', `${path}/restore`, { body: { cascade: true }, headers: { 'If-Match': '"2"' } });
    expect(restored.status).toBe(200);
    expect(restored.body.deleted_at).toBeNull();
    const children = await send(http(), 'GET', `/work-items?parent_id=${parent.id}`);
    expect(children.body.total_count).toBe(1);
  });

  it('refuses a DELETE that tries to change other fields', async () => {
    const task = await createTask('delete only');
    const res = await send(http(), 'DELETE', `/work-items/${task.id}?title=sneaky`, { headers: { 'If-Match': '"1"' } });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/title.*not accepted/);
    expect((await send(http(), 'GET', `/work-items/${task.id}`)).body.item.deleted_at).toBeNull();
  });

  it('serves the tree, dependencies, ready work, claims and history of work items', async () => {
    const root = await createTask('tree root');
    const a = await createTask('tree a', { parent_id: root.id });
    const b = await createTask('tree b', { parent_id: root.id });

    const tree = await send(http(), 'GET', `/work-items/${root.id}/tree`);
    expect(tree.status).toBe(200);
    expect(Object.keys(tree.body).sort()).toEqual(['ancestors', 'descendants', 'item']);
    expect(tree.body.descendants.map((n: { title: string }) => n.title).sort()).toEqual(['tree a', 'tree b']);

    const added = await send(http(), 'POST', `/work-items/${b.id}/dependencies`, { body: { target_id: a.id, dependency_type: 'depends_on' } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ source_id: b.id, target_id: a.id });
    const cycle = await send(http(), 'POST', `/work-items/${a.id}/dependencies`, { body: { target_id: b.id, dependency_type: 'depends_on' } });
    expect(cycle.status).toBe(400);
    const duplicate = await send(http(), 'POST', `/work-items/${b.id}/dependencies`, { body: { target_id: a.id, dependency_type: 'depends_on' } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('CONFLICT');

    const deps = await send(http(), 'GET', `/work-items/${b.id}/dependencies`);
    expect(deps.body.waits_for.map((d: { id: string }) => d.id)).toEqual([a.id]);

    const ready = await send(http(), 'GET', `/work-items/ready?parent_id=${root.id}&limit=100`);
    const readyIds = ready.body.items.map((i: { id: string }) => i.id);
    expect(readyIds).toContain(a.id);
    expect(readyIds).not.toContain(b.id);

    const claimed = await send(http(), 'POST', `/work-items/${a.id}/claim`, { body: { assignee: 'agent-1' } });
    expect(claimed.status).toBe(200);
    expect(claimed.body.assignee).toBe('agent-1');
    const taken = await send(http(), 'POST', `/work-items/${a.id}/claim`, { body: { assignee: 'agent-2' } });
    expect(taken.status).toBe(409);

    const removed = await send(http(), 'DELETE', `/work-items/${b.id}/dependencies?target_id=${a.id}&dependency_type=depends_on`);
    expect(removed.status).toBe(200);
    expect(removed.body.removed).toBe(true);
    const gone = await send(http(), 'DELETE', `/work-items/${b.id}/dependencies?target_id=${a.id}&dependency_type=depends_on`);
    expect(gone.status).toBe(404);

    const history = await send(http(), 'GET', `/work-items/${a.id}/history?limit=10`);
    expect(history.status).toBe(200);
    expect(history.body.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['create', 'claim']));
  });

  it('searches with ?q= and archives old finished items (dry run first)', async () => {
    await createTask('quarterly zeppelin review');
    const found = await send(http(), 'GET', '/work-items/search?q=zeppelin');
    expect(found.status).toBe(200);
    expect(found.body.items.map((i: { title: string }) => i.title)).toEqual(['quarterly zeppelin review']);
    const noWords = await send(http(), 'GET', '/work-items/search');
    expect(noWords.status).toBe(400);
    expect(noWords.body.details.issues[0].path).toBe('q'); // the parameter the client knows, not the operation's field
    // Sent but empty (or blank): the catalog's error on `query` is reported as `q` too; sent as `query`, as `query`.
    for (const blank of ['', '%20']) {
      const empty = await send(http(), 'GET', `/work-items/search?q=${blank}`);
      expect(empty.status).toBe(400);
      expect(empty.body.details.issues.map((i: { path: string }) => i.path)).toEqual(['q']);
      expect(empty.body.message).toMatch(/\bq: /);
      expect(empty.body.message).not.toMatch(/\bquery\b/);
    }
    expect((await send(http(), 'GET', '/work-items/search?query=')).body.details.issues[0].path).toBe('query');
    // Other renamed inputs likewise: a path parameter filling another field, and If-Match filling version.
    const badPath = await send(http(), 'POST', '/work-items/zz!/dependencies', { body: { target_id: found.body.items[0].id, dependency_type: 'blocks' } });
    expect(badPath.status).toBe(400);
    expect(badPath.body.details.issues[0].path).toBe('id');
    const badVersion = await send(http(), 'PATCH', `/work-items/${found.body.items[0].id}`, { body: { title: 'x' }, headers: { 'If-Match': '"0"' } });
    expect(badVersion.status).toBe(400);
    expect(badVersion.body.details.issues[0].path).toBe('If-Match');
    expect(badVersion.body.message).toMatch(/If-Match: /);
    // `query`, the MCP tool's name for the same input, works too; giving both is ambiguous.
    const byToolName = await send(http(), 'GET', '/work-items/search?query=zeppelin');
    expect(byToolName.status).toBe(200);
    expect(byToolName.body.items.map((i: { title: string }) => i.title)).toEqual(['quarterly zeppelin review']);
    const both = await send(http(), 'GET', '/work-items/search?q=zeppelin&query=review');
    expect(both.status).toBe(400);
    expect(both.body.message).toMatch(/q.*query|query.*q/);

    const dry = await send(http(), 'POST', '/archive', { body: { older_than_days: 0, dry_run: true } });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dry_run: true, archived: 0 });
    const archived = await send(http(), 'GET', '/archived-work-items?limit=5');
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ limit: 5, offset: 0 });
  });

  it('answers 404 NOT_FOUND for an unknown id and 400 for a malformed one', async () => {
    const unknown = await send(http(), 'GET', '/work-items/0190b6e4-7c3a-7b2e-9f41-2a3b4c5d6e7f');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
    const malformed = await send(http(), 'GET', '/work-items/not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(malformed.body.details.issues[0].path).toBe('id');
  });
});
