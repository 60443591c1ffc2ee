import { describe, expect, it } from 'vitest';
import { cycleError, findCycle, isReady, mustFinishBefore, type DependencyEdge } from './rules.js';

/** A successor lookup over a fixed edge list. */
function graph(edges: DependencyEdge[]) {
  return async (ids: string[]) => {
    const map = new Map<string, string[]>();
    for (const e of edges) {
      const { before, after } = mustFinishBefore(e);
      if (ids.includes(before)) map.set(before, [...(map.get(before) ?? []), after]);
    }
    return map;
  };
}

describe('mustFinishBefore', () => {
  it('reads "a blocks b" as a before b', () => {
    expect(mustFinishBefore({ source_id: 'a', target_id: 'b', dependency_type: 'blocks' })).toEqual({ before: 'a', after: 'b' });
  });

  it('reads "a depends_on b" as b before a', () => {
    expect(mustFinishBefore({ source_id: 'a', target_id: 'b', dependency_type: 'depends_on' })).toEqual({ before: 'b', after: 'a' });
  });
});

describe('findCycle', () => {
  it('finds no cycle in a chain extended forwards', async () => {
    const lookup = graph([{ source_id: 'a', target_id: 'b', dependency_type: 'blocks' }]);
    expect(await findCycle({ source_id: 'b', target_id: 'c', dependency_type: 'blocks' }, lookup)).toBeNull();
  });

  it('returns the cycle an edge would close, in must-finish-before order', async () => {
    const lookup = graph([
      { source_id: 'a', target_id: 'b', dependency_type: 'blocks' },
      { source_id: 'c', target_id: 'b', dependency_type: 'depends_on' },
    ]);
    // a → b → c; adding c blocks a closes c → a → b → c
    expect(await findCycle({ source_id: 'c', target_id: 'a', dependency_type: 'blocks' }, lookup)).toEqual(['c', 'a', 'b', 'c']);
  });

  it('treats a self edge as a cycle', async () => {
    expect(await findCycle({ source_id: 'a', target_id: 'a', dependency_type: 'depends_on' }, graph([]))).toEqual(['a', 'a']);
  });

  it('mixes both edge types when walking', async () => {
    const lookup = graph([{ source_id: 'b', target_id: 'a', dependency_type: 'depends_on' }]); // a before b
    expect(await findCycle({ source_id: 'a', target_id: 'b', dependency_type: 'depends_on' }, lookup)).toEqual(['b', 'a', 'b']);
  });

  it('names the cycle in the error', () => {
    const error = cycleError({ source_id: 'c', target_id: 'a', dependency_type: 'blocks' }, ['c', 'a', 'b', 'c']);
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.message).toContain('c → a → b → c');
    expect(error.details.cycle).toEqual(['c', 'a', 'b', 'c']);
  });
});

describe('isReady', () => {
  const active = { status: 'active' as const, deleted_at: null };
  it('is ready when active and everything waited for is finished', () => {
    expect(isReady(active, [{ status: 'completed', deleted_at: null }, { status: 'active', deleted_at: '2026-01-01T00:00:00.000Z' }])).toBe(true);
  });

  it('is not ready while a prerequisite is unfinished', () => {
    expect(isReady(active, [{ status: 'blocked', deleted_at: null }])).toBe(false);
  });

  it('is never ready when completed, blocked or deleted itself', () => {
    expect(isReady({ status: 'completed', deleted_at: null }, [])).toBe(false);
    expect(isReady({ status: 'blocked', deleted_at: null }, [])).toBe(false);
    expect(isReady({ status: 'active', deleted_at: '2026-01-01T00:00:00.000Z' }, [])).toBe(false);
  });
});
