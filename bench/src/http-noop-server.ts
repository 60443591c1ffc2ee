/**
 * The floor for `http-latency`: a bare `node:http` server answering every
 * request with a small JSON body, so the table shows what an HTTP round trip
 * on keep-alive costs by itself. Prints its port on stdout.
 */
import { createServer } from 'node:http';

const server = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end('{"ok":true}');
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
