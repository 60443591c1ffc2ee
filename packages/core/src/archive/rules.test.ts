import { describe, expect, it } from 'vitest';
import { archiveCutoff, isArchiveEligible, selectArchivable, type ArchiveFacts } from './rules.js';

const OLD = '2024-01-01T00:00:00.000Z';
const NEW = '2026-11-01T00:00:00.000Z';
const cutoff = archiveCutoff(new Date('2026-11-25T00:00:00.000Z'), 365);
const item = (id: string, path: string, status: string, created_at = OLD, deleted_at: string | null = null): ArchiveFacts => ({ id, path, status, created_at, deleted_at });

describe('archive eligibility', () => {
  it('counts old completed and old deleted items as eligible', () => {
    expect(isArchiveEligible(item('a', '/a', 'completed'), cutoff)).toBe(true);
    expect(isArchiveEligible(item('a', '/a', 'active', OLD, OLD), cutoff)).toBe(true);
  });

  it('keeps recent or unfinished items live', () => {
    expect(isArchiveEligible(item('a', '/a', 'completed', NEW), cutoff)).toBe(false);
    expect(isArchiveEligible(item('a', '/a', 'active'), cutoff)).toBe(false);
  });
});

describe('selectArchivable', () => {
  it('archives a subtree only when every descendant is eligible', () => {
    const ids = selectArchivable(
      [item('r', '/r', 'completed'), item('a', '/r/a', 'completed'), item('b', '/r/b', 'active'), item('c', '/r/a/c', 'completed')],
      cutoff,
    );
    // b is unfinished: r stays; a and its child c go, c first
    expect(ids).toEqual(['c', 'a']);
  });

  it('keeps a parent whose child is too recent', () => {
    expect(selectArchivable([item('r', '/r', 'completed'), item('a', '/r/a', 'completed', NEW)], cutoff)).toEqual([]);
  });

  it('orders deepest first so the live table never holds an orphan', () => {
    const ids = selectArchivable([item('r', '/r', 'completed'), item('a', '/r/a', 'completed'), item('b', '/r/a/b', 'completed')], cutoff);
    expect(ids).toEqual(['b', 'a', 'r']);
  });
});
