import { serve, type ServerType } from '@hono/node-server';
import { request } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { allowedHostNames } from '@project-status/core';
import { describeEachEngine } from '@project-status/storage/testing';
import { afterEach, expect, it } from 'vitest';
import { createHttpApp } from '../src/index.js';

/** What a raw client saw on its connection. */
interface Seen {
  head: string;
  body: string;
  /** ECONNRESET, EPIPE… when the connection was reset under it. */
  error: string | undefined;
}

/**
 * Sends a chunked POST whose body is far over the limit the way an uploading
 * client does: the first chunks, then (once the 413 has arrived) the rest of
 * the body and its end, and reads until the server closes.
 */
function chunkedUpload(port: number, chunks: number): Promise<Seen> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let error: string | undefined;
    let sentRest = false;
    const chunk = `{"pad":"${'x'.repeat(4000)}"}`;
    const frame = `${Buffer.byteLength(chunk).toString(16)}\r\n${chunk}\r\n`;
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      received += data;
      if (!sentRest && received.includes('\r\n\r\n')) {
        sentRest = true;
        for (let i = 0; i < chunks; i++) socket.write(frame);
        socket.write('0\r\n\r\n');
      }
    });
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('close', () => {
      const [head = '', body = ''] = received.split('\r\n\r\n');
      resolve({ head, body, error });
    });
    socket.write('POST /work-items HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
    socket.write(frame);
  });
}

let server: ServerType | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

describeEachEngine('HTTP body limit on a real socket', (ctx) => {
  it('answers an oversize chunked body with 413 and the JSON error, then closes without a reset', async () => {
    const app = createHttpApp(ctx.ps(), { maxBodyBytes: 2048 });
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server!.once('listening', () => resolve()));
    const { port } = server.address() as AddressInfo;
    const before = (await ctx.ps().list_work_items({})).total_count;
    const seen = await chunkedUpload(port, 200);
    expect(seen.error).toBeUndefined();
    expect(seen.head).toMatch(/^HTTP\/1\.1 413 /);
    expect(seen.head).toMatch(/\r\nconnection: close/i);
    expect(JSON.parse(seen.body.replace(/^[0-9a-f]+\r\n|\r\n0\r\n$/g, ''))).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { max_bytes: 2048 } });
    expect((await ctx.ps().list_work_items({})).total_count).toBe(before);
  });
});

describeEachEngine('HTTP Host check on a real socket', (ctx) => {
  it('answers to the loopback names, brackets and port included, and refuses a rebound name', async () => {
    const app = createHttpApp(ctx.ps(), { allowedHosts: allowedHostNames('127.0.0.1') });
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server!.once('listening', () => resolve()));
    const { port } = server.address() as AddressInfo;
    const get = (host: string) =>
      new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/health', headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'localhost']) expect(await get(host), host).toBe(200);
    expect(await get(`evil.example:${port}`)).toBe(403);
  });
});
