import { ValidationError, WatchInput, type ChangePage, type ProjectStatus } from '@project-status/core';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';

/** A comment line this often keeps proxies from closing an idle stream. */
const KEEP_ALIVE_MS = 15_000;

/**
 * `GET /events`: the change feed as Server-Sent Events. Each change is one
 * `change` event whose `id` is its sequence number, so a browser's
 * EventSource resumes after a dropped connection by sending `Last-Event-ID`
 * (a client may also pass `?after=N`; the header wins). Without either the
 * stream starts at the newest change, announced by a first `ready` event
 * carrying that cursor as its id — a reconnect then resumes from there and
 * misses nothing. A stale or malformed cursor is refused with 400 before the
 * stream starts; if the store fails mid-stream an `error` event is sent and
 * the stream ends (EventSource reconnects with the last id).
 */
export async function serveEvents(c: Context, ps: ProjectStatus): Promise<Response> {
  const raw = c.req.header('Last-Event-ID') ?? c.req.query('after');
  const after = raw === undefined || raw === '' ? undefined : /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
  const parsed = WatchInput.safeParse({ after, entity_types: c.req.queries('entity_types'), ids: c.req.queries('ids') });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join('.') || 'after';
    throw ValidationError.field(path, `${issue.message}${path === 'after' ? ' (Last-Event-ID or ?after=)' : ''}`);
  }
  const filter = { entity_types: parsed.data.entity_types, ids: parsed.data.ids };
  // Validates the cursor (ahead of the newest change, older than retained) while a JSON 400 can still be sent.
  const first = (await ps.call('list_changes', { after: parsed.data.after, limit: 1 }, {})) as ChangePage;
  const start = parsed.data.after ?? first.head;
  return streamSSE(c, async (stream) => {
    const watch = ps.watch({ after: start, ...filter });
    const keepAlive = setInterval(() => void stream.write(': keep-alive\n\n').catch(() => undefined), KEEP_ALIVE_MS);
    stream.onAbort(() => {
      clearInterval(keepAlive);
      void watch.close();
    });
    try {
      if (parsed.data.after === undefined) await stream.writeSSE({ event: 'ready', id: String(start), data: JSON.stringify({ cursor: start }) });
      for await (const change of watch) {
        await stream.writeSSE({ event: 'change', id: String(change.seq), data: JSON.stringify(change) });
      }
    } catch (error) {
      const e = error as { code?: string; message?: string };
      await stream.writeSSE({ event: 'error', data: JSON.stringify({ code: e.code ?? 'INTERNAL_ERROR', message: e.message ?? String(error) }) }).catch(() => undefined);
    } finally {
      clearInterval(keepAlive);
      await watch.close();
    }
  });
}
