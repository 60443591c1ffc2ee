import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalog } from '../catalog/catalog.js';
import { runOperation } from '../catalog/operation.js';
import { ValidationError } from '../errors/domain-error.js';
import type { Store } from '../ports/store.js';
import { Deployment, RecordDeploymentInput, type DeploymentMetadata } from './schema.js';

const hash = (c: string) => c.repeat(40);
const metadata = { pr_number: 42, pr_title: 'Importer', test_summary: { passed: 45, failed: 0 }, constitutional_compliance: true };

/** Just enough of a store for record_deployment with no links: it keeps what was inserted. */
function recordingStore() {
  const inserted: { commit_hash: string; metadata: DeploymentMetadata }[] = [];
  const tx = {
    getVendorsByIds: () => Promise.resolve([]),
    getWorkItems: () => Promise.resolve([]),
    insertDeployment: (row: { commit_hash: string; metadata: DeploymentMetadata }) => {
      inserted.push(row);
      return Promise.resolve();
    },
    appendHistory: () => Promise.resolve(),
    getDeployment: (id: string) => {
      const row = inserted.at(-1);
      return Promise.resolve(row ? { id, ...row } : null);
    },
  };
  const store = { transaction: <T>(fn: (writer: typeof tx) => Promise<T>) => fn(tx) } as unknown as Store;
  return { store, inserted };
}

const env = (store: Store) => ({ store, now: () => new Date('2026-01-01T00:00:00Z'), newId: () => '01a20000-0000-7000-8000-000000000001', actor: 'test' });

describe('record_deployment input', () => {
  it('takes metadata.commit_hash from commit_hash when it is left out, keeping extra metadata keys', () => {
    const parsed = RecordDeploymentInput.parse({ commit_hash: hash('a'), metadata: { ...metadata, release: 'v1' } });
    expect(parsed.metadata).toEqual({ ...metadata, release: 'v1', commit_hash: hash('a') });
  });

  it('accepts metadata.commit_hash when it equals commit_hash', () => {
    expect(RecordDeploymentInput.parse({ commit_hash: hash('a'), metadata: { ...metadata, commit_hash: hash('a') } }).metadata.commit_hash).toBe(hash('a'));
  });

  it('rejects a metadata.commit_hash that differs from commit_hash, naming both fields and values', () => {
    const result = RecordDeploymentInput.safeParse({ commit_hash: hash('a'), metadata: { ...metadata, commit_hash: hash('b') } });
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path).toEqual(['metadata', 'commit_hash']);
    expect(issue.message).toContain('must equal commit_hash');
    expect(issue.message).toContain(`expected "${hash('a')}", received "${hash('b')}"`);
  });

  it('still rejects a malformed metadata.commit_hash', () => {
    const result = RecordDeploymentInput.safeParse({ commit_hash: hash('a'), metadata: { ...metadata, commit_hash: 'abc' } });
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['metadata.commit_hash']);
  });

  it('documents metadata.commit_hash as optional in the input JSON Schema but required in the deployment', () => {
    type Doc = { properties: { metadata: { properties: Record<string, unknown>; required: string[] } }; required: string[] };
    const input = z.toJSONSchema(RecordDeploymentInput, { io: 'input', unrepresentable: 'any' }) as unknown as Doc;
    expect(input.required).toContain('commit_hash');
    expect(input.properties.metadata.properties).toHaveProperty('commit_hash');
    expect(input.properties.metadata.required).not.toContain('commit_hash');
    const output = z.toJSONSchema(Deployment, { io: 'output' }) as unknown as Doc;
    expect(output.properties.metadata.required).toContain('commit_hash');
  });
});

describe('record_deployment operation', () => {
  it('stores the top-level commit hash in the metadata when the metadata leaves it out', async () => {
    const { store, inserted } = recordingStore();
    await runOperation(catalog.record_deployment, { commit_hash: hash('c'), metadata }, env(store));
    expect(inserted).toHaveLength(1);
    expect(inserted[0]).toMatchObject({ commit_hash: hash('c'), metadata: { ...metadata, commit_hash: hash('c') } });
  });

  it('refuses differing commit hashes with a VALIDATION_ERROR and writes nothing', async () => {
    const { store, inserted } = recordingStore();
    const error = await runOperation(catalog.record_deployment, { commit_hash: hash('c'), metadata: { ...metadata, commit_hash: hash('d') } }, env(store)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect((error as ValidationError).message).toContain(`metadata.commit_hash: must equal commit_hash: expected "${hash('c')}", received "${hash('d')}"`);
    expect(inserted).toEqual([]);
  });
});
