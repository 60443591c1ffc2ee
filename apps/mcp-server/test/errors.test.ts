import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { catalog, ConflictError, cycleError, type ProjectStatus } from '@project-status/core';
import { describe, expect, it } from 'vitest';
import { ERROR_NEXT_STEP, errorResult } from '../src/index.js';
import { connectInMemory } from './support.js';

/** A handle whose every call fails the way `fail` says: the server must turn it into a tool result. */
function failingHandle(fail: () => never): ProjectStatus {
  return { operations: { health_check: catalog.health_check }, clientId: 'test', call: async () => fail() } as unknown as ProjectStatus;
}

describe('error results', () => {
  it('has a next step for every error code', () => {
    for (const code of ['VALIDATION_ERROR', 'NOT_FOUND', 'VERSION_CONFLICT', 'CONFLICT', 'DATABASE_ERROR'] as const) expect(ERROR_NEXT_STEP[code]).toMatch(/\w/);
  });

  it('sends a domain error as its own JSON plus the next step', () => {
    const result = errorResult(ConflictError.duplicate('vendor', 'name', 'x'));
    expect(result.isError).toBe(true);
    expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual({ code: 'CONFLICT', message: 'vendor with name "x" already exists', details: { entity: 'vendor', name: 'x', reason: 'duplicate' } });
    expect((result.content[1] as { text: string }).text).toBe(ERROR_NEXT_STEP.CONFLICT);
  });

  it('words a hint as the tool to call and its arguments', () => {
    const error = new ConflictError('work item x has 1 live child item; delete them first, or delete the whole subtree at once', { reason: 'has_children' })
      .withHint({ operation: 'update_work_item', input: { id: 'x', version: 1, delete: true, cascade: true }, purpose: 'delete the whole subtree' });
    expect((errorResult(error).content[1] as { text: string }).text).toBe(
      'Nothing was written. To delete the whole subtree, call update_work_item with {"id":"x","version":1,"delete":true,"cascade":true}.',
    );
  });

  it('does not send a broken rule (no field issues) to fix details.issues', () => {
    const error = cycleError({ source_id: 'a', target_id: 'b', dependency_type: 'blocks' }, ['a', 'b', 'a']);
    expect(error.details.issues).toEqual([]);
    const step = (errorResult(error).content[1] as { text: string }).text;
    expect(step).not.toContain('details.issues');
    expect(step).toMatch(/rule/);
  });

  it('turns an unexpected failure into a non-retryable INTERNAL_ERROR result that leaks nothing, and logs it', async () => {
    const logged: string[] = [];
    const client = await connectInMemory(failingHandle(() => { throw new TypeError('secret internals at /srv/app.js:12'); }), { log: (m) => logged.push(m) });
    const result = (await client.callTool({ name: 'health_check', arguments: {} })) as CallToolResult;
    expect(result.isError).toBe(true);
    const text = (result.content[0] as { text: string }).text;
    expect(JSON.parse(text)).toMatchObject({ code: 'INTERNAL_ERROR', details: {} });
    expect(text).not.toContain('secret');
    expect((result.content[1] as { text: string }).text).toMatch(/not retryable|will fail the same way/i);
    expect(logged.join('\n')).toContain('secret internals');
    await client.close();
  });
});
