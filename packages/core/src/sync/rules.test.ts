import { describe, expect, it } from 'vitest';
import { DatabaseError, NotFoundError, ValidationError, VersionConflictError } from '../errors/domain-error.js';
import { classifyReplayError, reapplyInput, replayOrder, versionTarget } from './rules.js';

describe('classifyReplayError', () => {
  it('keeps a write queued when the database failed again, and makes every refusal a conflict', () => {
    expect(classifyReplayError(new DatabaseError('down', { retryable: true }))).toEqual({ kind: 'retry_later' });
    const stale = VersionConflictError.mismatch({ entity: 'work_item', id: 'x', expected_version: 1, current_version: 2, last_updated_by: 'a', updated_at: null });
    expect(classifyReplayError(stale)).toEqual({ kind: 'conflict', reason: 'version_conflict' });
    expect(classifyReplayError(new NotFoundError('gone'))).toEqual({ kind: 'conflict', reason: 'not_found' });
    expect(classifyReplayError(new ValidationError('bad'))).toEqual({ kind: 'conflict', reason: 'rejected' });
    expect(classifyReplayError(new Error('boom'))).toEqual({ kind: 'conflict', reason: 'rejected' });
  });
});

describe('replayOrder', () => {
  it('replays only pending writes, by outbox position', () => {
    const rows = [
      { position: 3, state: 'pending' as const },
      { position: 1, state: 'applied' as const },
      { position: 2, state: 'pending' as const },
      { position: 4, state: 'conflict' as const },
      { position: 5, state: 'discarded' as const },
    ];
    expect(replayOrder(rows).map((r) => r.position)).toEqual([2, 3]);
  });
});

describe('versionTarget and reapplyInput', () => {
  it('names the entity a versioned write refers to', () => {
    expect(versionTarget('update_work_item', { id: 'a', version: 2 })).toEqual({ entity_type: 'work_item', key: 'a' });
    expect(versionTarget('update_vendor', { name: 'acme', version: 1 })).toEqual({ entity_type: 'vendor', key: 'acme' });
    expect(versionTarget('update_configuration', { version: 0 })).toEqual({ entity_type: 'configuration', key: 'singleton' });
    expect(versionTarget('create_work_item', { title: 'x' })).toBeNull();
    expect(versionTarget('add_note', { id: 'a', version: 2 })).toBeNull();
  });
  it('moves only the version to the current one', () => {
    expect(reapplyInput({ id: 'a', version: 2, title: 't' }, 5)).toEqual({ id: 'a', version: 5, title: 't' });
    expect(reapplyInput({ id: 'a', title: 't' }, 5)).toEqual({ id: 'a', title: 't' });
    expect(reapplyInput({ id: 'a', version: 2 }, null)).toEqual({ id: 'a', version: 2 });
  });
});

describe('describeServed', () => {
  it('says which layer, how old and what is queued, in one line', async () => {
    const { describeServed, isFallbackAnswer } = await import('./served.js');
    const primary = { data_source: 'postgres' as const, warnings: [], age_seconds: null };
    expect(isFallbackAnswer(primary)).toBe(false);
    const cache = { data_source: 'cache' as const, warnings: ['database_unavailable', 'cache_stale', 'queued_for_sync'], age_seconds: 2400, queued: true, outbox_position: 3 };
    expect(isFallbackAnswer(cache)).toBe(true);
    expect(describeServed(cache)).toBe('served from cache (40 min old; database_unavailable; cache_stale); write queued for sync at outbox position 3');
    expect(describeServed({ data_source: 'git', warnings: ['read_only_fallback'], age_seconds: 30 })).toBe('served from git (30 s old; read_only_fallback)');
  });
});
