import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, POSTGRES_REQUIRED, postgresUnavailableReason, type TestDatabase } from '@project-status/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/main.cjs', import.meta.url));
if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "pnpm turbo run build" first`);

const pgReason = await postgresUnavailableReason();

/** A raw stdio peer: writes bytes as a client would, and reads the server's JSON-RPC answers by id. */
function rawPeer(child: ChildProcessWithoutNullStreams) {
  const answers = new Map<unknown, (m: Record<string, unknown>) => void>();
  const seen = new Map<unknown, Record<string, unknown>>();
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => {
    buffered += text;
    for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
      const message = JSON.parse(buffered.slice(0, nl)) as Record<string, unknown>;
      buffered = buffered.slice(nl + 1);
      seen.set(message.id, message);
      answers.get(message.id)?.(message);
    }
  });
  return {
    send: (bytes: Buffer) => child.stdin.write(bytes),
    answer: (id: unknown) => new Promise<Record<string, unknown>>((resolve) => (seen.has(id) ? resolve(seen.get(id)!) : answers.set(id, resolve))),
  };
}

const line = (message: object) => Buffer.from(`${JSON.stringify(message)}\n`);
const call = (id: number, name: string, args: object) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });

for (const engine of ['sqlite', 'postgres'] as const) {
  const skip = engine === 'postgres' && pgReason !== null && !POSTGRES_REQUIRED;
  if (skip) console.warn(`[skip] stdio UTF-8 [postgres]: ${pgReason}`);

  (skip ? describe.skip : describe)(`project-status-mcp over stdio, a line that is not UTF-8 [${engine}]`, () => {
    let project: string;
    let db: TestDatabase | undefined;
    let child: ChildProcessWithoutNullStreams;
    let peer: ReturnType<typeof rawPeer>;

    beforeAll(async () => {
      project = mkdtempSync(join(tmpdir(), 'ps-mcp-utf8-'));
      mkdirSync(join(project, '.git'));
      db = engine === 'postgres' ? await createTestDatabase('postgres', 'mcp-utf8') : undefined;
      child = spawn(process.execPath, [BIN, ...(db ? ['--database-url', db.url] : [])], { cwd: project, env: { PATH: process.env.PATH ?? '' } });
      peer = rawPeer(child);
      peer.send(line({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }));
      expect(await peer.answer(1)).toHaveProperty('result');
      peer.send(line({ jsonrpc: '2.0', method: 'notifications/initialized' }));
    }, 60_000);
    afterAll(async () => {
      child?.stdin.end();
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
      await db?.drop();
      rmSync(project, { recursive: true, force: true });
    });

    it('answers a request holding a Latin-1 byte with a parse error naming the byte, and creates nothing', async () => {
      peer.send(Buffer.from(`${JSON.stringify(call(2, 'create_work_item', { item_type: 'task', title: 'Caf_' })).replace('Caf_', 'Caf\xe9')}\n`, 'latin1'));
      const refused = await peer.answer(2);
      expect(refused).toMatchObject({ id: 2, error: { code: -32700, message: expect.stringContaining('not valid UTF-8: byte 0xE9 at offset'), data: { encoding_error: { byte: 0xe9 } } } });
      // Valid UTF-8 on the same connection still works, and the refused line wrote nothing.
      peer.send(line(call(3, 'create_work_item', { item_type: 'task', title: 'Café' })));
      expect(JSON.stringify(await peer.answer(3))).toContain('Café');
      peer.send(line(call(4, 'list_work_items', {})));
      const list = JSON.stringify(await peer.answer(4));
      expect(list).toContain('Café');
      expect(list).not.toContain('\uFFFD'); // the refused line would have been stored as "Caf�"
    }, 60_000);
  });
}
