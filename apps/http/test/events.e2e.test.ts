import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, POSTGRES_REQUIRED, postgresUnavailableReason, type TestDatabase } from '@project-status/storage/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltBinary, startServer, stopAll } from './support/binary.js';

const TOKEN = 'events-token-0123456789abcdef';
const AUTH = { Authorization: `Bearer ${TOKEN}` };

interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

/** Opens `GET /events` and hands back parsed events as they arrive. */
async function openEvents(base: string, headers: Record<string, string> = {}, query = '') {
  const abort = new AbortController();
  const res = await fetch(`${base}/events${query}`, { headers: { ...AUTH, ...headers }, signal: abort.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const queue: SseEvent[] = [];
  const next = async (): Promise<SseEvent> => {
    for (;;) {
      const parsed = queue.shift();
      if (parsed) return parsed;
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event: SseEvent = { event: 'message', data: '' };
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          const [field, ...rest] = line.split(': ');
          const value = rest.join(': ');
          if (field === 'event') event.event = value;
          else if (field === 'id') event.id = value;
          else if (field === 'data') event.data += value;
        }
        if (block.split('\n').some((l) => !l.startsWith(':'))) queue.push(event);
        continue;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('the event stream ended');
      buffer += value;
    }
  };
  const take = async (n: number): Promise<SseEvent[]> => {
    const out: SseEvent[] = [];
    while (out.length < n) out.push(await next());
    return out;
  };
  return { next, take, close: () => abort.abort() };
}

async function create(base: string, title: string): Promise<string> {
  const res = await fetch(`${base}/work-items`, { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: JSON.stringify({ item_type: 'task', title }) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const cleanups: (() => Promise<void>)[] = [];
beforeAll(requireBuiltBinary);
afterEach(async () => {
  await stopAll();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const pgReason = await postgresUnavailableReason();

for (const engine of ['sqlite', 'postgres'] as const) {
  const skip = engine === 'postgres' && pgReason !== null && !POSTGRES_REQUIRED;
  if (skip) console.warn(`[skip] http events [postgres]: ${pgReason}`);
  (skip ? describe.skip : describe)(`GET /events and /changes across two server processes [${engine}]`, () => {
    it('streams writes made through the other server, in order, and resumes with Last-Event-ID without loss or repeats', { timeout: 60_000 }, async () => {
      const db: TestDatabase = await createTestDatabase(engine, 'http_events');
      cleanups.push(() => db.drop());
      const project = join(db.root, 'project');
      mkdirSync(join(project, '.git'), { recursive: true });
      const env: Record<string, string> = engine === 'postgres' ? { PROJECT_STATUS_DATABASE_URL: db.url } : {};
      // Two instances on one database, as behind a load balancer.
      const [a, b] = await Promise.all([startServer(['--root', project, '--token', TOKEN, '--client-id', 'server-a'], env), startServer(['--root', project, '--token', TOKEN, '--client-id', 'server-b'], env)]);

      const stream = await openEvents(b.base);
      const [ready] = await stream.take(1);
      expect(ready!.event).toBe('ready');
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await create(a.base, `first ${i}`));
      const first = await stream.take(5);
      expect(first.map((e) => e.event)).toEqual(Array(5).fill('change'));
      expect(first.map((e) => JSON.parse(e.data).entity_id)).toEqual(ids);
      expect(first.map((e) => Number(e.id))).toEqual(first.map((e) => JSON.parse(e.data).seq));
      expect(Number(first[0]!.id)).toBe(Number(ready!.id) + 1);
      stream.close();

      // Written while nobody listened; a reconnect with the last id gets exactly these.
      const later: string[] = [];
      for (let i = 0; i < 3; i++) later.push(await create(a.base, `later ${i}`));
      const resumed = await openEvents(b.base, { 'Last-Event-ID': first.at(-1)!.id! });
      const rest = await resumed.take(3);
      expect(rest.map((e) => JSON.parse(e.data).entity_id)).toEqual(later);
      expect(rest.map((e) => JSON.parse(e.data).actor)).toEqual(['server-a', 'server-a', 'server-a']);
      const more = await create(a.base, 'live again');
      expect(JSON.parse((await resumed.next()).data).entity_id).toBe(more);
      resumed.close();

      // The page form, narrowed, on the other instance.
      const page = (await (await fetch(`${a.base}/changes?after=${ready!.id}&entity_types=work_item&limit=4`, { headers: AUTH })).json()) as { changes: { entity_id: string }[]; has_more: boolean; next_cursor: number };
      expect(page.changes.map((c) => c.entity_id)).toEqual(ids.slice(0, 4));
      expect(page.has_more).toBe(true);
    });

    it('refuses a stale or garbage cursor with 400 and keeps the token and Origin rules', { timeout: 60_000 }, async () => {
      const db: TestDatabase = await createTestDatabase(engine, 'http_events');
      cleanups.push(() => db.drop());
      const project = join(db.root, 'project');
      mkdirSync(join(project, '.git'), { recursive: true });
      const server = await startServer(['--root', project, '--token', TOKEN], engine === 'postgres' ? { PROJECT_STATUS_DATABASE_URL: db.url } : {});
      await create(server.base, 'one');
      for (const [header, reason] of [['99999', 'cursor_ahead'], ['abc', undefined], ['-3', undefined]] as const) {
        const res = await fetch(`${server.base}/events`, { headers: { ...AUTH, 'Last-Event-ID': header } });
        expect(res.status).toBe(400);
        const body = (await res.json()) as { code: string; details: { reason?: string } };
        expect(body.code).toBe('VALIDATION_ERROR');
        if (reason) expect(body.details.reason).toBe(reason);
      }
      expect((await fetch(`${server.base}/changes?after=x`, { headers: AUTH })).status).toBe(400);
      expect((await fetch(`${server.base}/events`)).status).toBe(401);
      expect((await fetch(`${server.base}/changes`)).status).toBe(401);
      expect((await fetch(`${server.base}/events`, { headers: { ...AUTH, Origin: 'https://evil.example' } })).status).toBe(403);
    });
  });
}
