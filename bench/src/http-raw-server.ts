/**
 * The "same work" floor for `http-latency`: a bare `node:http` server (as in
 * `http-noop-server.ts`) answering `GET /vendors/{name}` and
 * `GET /work-items/{id}` with the rows the raw driver returns for a copy of
 * the store's SQL (404 when there are none, as the real server answers). What node:http plus the driver cost for the same reads, with none of
 * our code between. Arguments: `sqlite <file>` or `postgres <url>`; prints
 * its port on stdout.
 */
import { createServer } from 'node:http';
import { openRawFromArgs, rawRead, type RawRead } from './raw-reads.js';

const ROUTES: [RegExp, RawRead][] = [
  [/^\/vendors\/([^/]+)$/, 'query_vendor_status'],
  [/^\/work-items\/([^/]+)$/, 'query_work_item'],
];

const raw = await openRawFromArgs(process.argv.slice(2));
const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0]!;
  const route = ROUTES.find(([re]) => re.test(path));
  if (!route) {
    res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"not found"}');
    return;
  }
  const answer = (status: number, body: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  Promise.resolve()
    .then(() => rawRead(raw, route[1], decodeURIComponent(route[0].exec(path)![1]!)))
    .then(
      (rows) => (rows ? answer(200, rows) : answer(404, { error: `nothing at ${path}` })),
      (error: unknown) => answer(500, { error: String(error) }),
    );
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
