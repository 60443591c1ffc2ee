import { PassThrough, type Readable } from 'node:stream';
import { findInvalidUtf8 } from '@project-status/core';

/** As the SDK's stdio reader: a line longer than this is passed on for the SDK to refuse. */
const MAX_LINE_BYTES = 10 * 1024 * 1024;

/** JSON-RPC "Parse error": bytes that are not UTF-8 are not JSON text (RFC 8259 §8.1). */
const PARSE_ERROR = -32700;

/**
 * The SDK's stdio transport decodes each JSON-RPC line with
 * `Buffer.toString('utf8')`, which turns a byte that is not UTF-8 into U+FFFD
 * silently — a Latin-1 `é` in a title would be stored as `�`. This filter sits
 * between stdin and the transport: a valid line is passed on unchanged; a line
 * holding such a byte is not, and a request gets a JSON-RPC parse error naming
 * the byte's offset instead (with its id, read from the lossy text; null when
 * unreadable). A notification has nobody to answer, so it is only logged.
 */
export function strictUtf8Lines(input: Readable, reply: (line: string) => void, log: (message: string) => void): Readable {
  const out = new PassThrough();
  let pending: Buffer = Buffer.alloc(0);
  input.on('data', (chunk: Buffer | string) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const buf = pending.length ? Buffer.concat([pending, bytes]) : bytes;
    let start = 0;
    for (let nl = buf.indexOf(0x0a, start); nl !== -1; nl = buf.indexOf(0x0a, start)) {
      const line = buf.subarray(start, nl + 1);
      start = nl + 1;
      const fault = findInvalidUtf8(line);
      if (!fault) {
        out.write(line);
        continue;
      }
      let id: unknown = null;
      let request = true;
      try {
        const message = JSON.parse(line.toString('utf8')) as { id?: unknown; method?: unknown };
        if (typeof message.id === 'string' || typeof message.id === 'number') id = message.id;
        request = message.id !== undefined || message.method === undefined;
      } catch {
        // not JSON either: answered with id null
      }
      const hex = `0x${fault.byte.toString(16).toUpperCase().padStart(2, '0')}`;
      const text = `the JSON-RPC message is not valid UTF-8: byte ${hex} at offset ${fault.offset} (column ${fault.column}) is not part of a UTF-8 character; it was not read, nothing was done — send UTF-8`;
      if (request) reply(`${JSON.stringify({ jsonrpc: '2.0', id, error: { code: PARSE_ERROR, message: text, data: { encoding_error: fault } } })}\n`);
      else log(`ignored a notification: ${text}`);
    }
    pending = buf.subarray(start);
    if (pending.length > MAX_LINE_BYTES) {
      out.write(pending);
      pending = Buffer.alloc(0);
    }
  });
  input.on('end', () => {
    if (pending.length) out.write(pending);
    out.end();
  });
  input.on('error', (error) => out.destroy(error));
  return out;
}
