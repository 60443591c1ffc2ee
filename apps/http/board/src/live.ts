import { askToken, headers } from './api.js';

/**
 * The change feed, live: reads `GET /events` with fetch rather than
 * EventSource, because EventSource cannot send the bearer header (and a
 * token must never go in a URL). After a dropped connection it reconnects
 * with `Last-Event-ID` set to the last change it saw, so nothing is missed;
 * a cursor the server no longer holds (400) starts afresh and reloads.
 */

export interface Change {
  seq: number;
  entity_type: string;
  entity_id: string;
  version: number;
  action: string;
  actor: string;
  at: string;
}

export interface LiveHandlers {
  change: (change: Change) => void;
  /** The stream (re)started from scratch: the page should reload what it shows. */
  reset: () => void;
  state: (state: 'live' | 'reconnecting') => void;
}

export function startLive(handlers: LiveHandlers): { cursor: () => string | undefined } {
  let cursor: string | undefined;
  let delay = 500;
  const run = async () => {
    for (;;) {
      try {
        const res = await fetch('/events', { headers: headers(cursor ? { 'Last-Event-ID': cursor, Accept: 'text/event-stream' } : { Accept: 'text/event-stream' }) });
        if (res.status === 401) {
          await askToken('Enter the token the server was started with (--token). It is kept for this tab only.');
          continue;
        }
        if (res.status === 400 && cursor) {
          cursor = undefined;
          handlers.reset();
          continue;
        }
        if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
        delay = 500;
        handlers.state('live');
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value.replace(/\r\n?/g, '\n');
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let event = 'message';
            let id: string | undefined;
            let data = '';
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) continue;
              const colon = line.indexOf(':');
              const field = colon < 0 ? line : line.slice(0, colon);
              const val = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
              if (field === 'event') event = val;
              else if (field === 'id') id = val;
              else if (field === 'data') data += data ? `\n${val}` : val;
            }
            if (id !== undefined) cursor = id;
            // Tests and the bench read the cursor to know the page has seen a change.
            if (cursor !== undefined) document.documentElement.dataset.cursor = cursor;
            if (event === 'change') handlers.change(JSON.parse(data) as Change);
          }
        }
      } catch {
        // Dropped or refused: retried below with the cursor held.
      }
      handlers.state('reconnecting');
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  };
  void run();
  return { cursor: () => cursor };
}
