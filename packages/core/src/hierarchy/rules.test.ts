import { describe, expect, it } from 'vitest';
import { ancestorIds, nestTree, placeUnder, planMove, rewritePath } from './rules.js';

const node = (id: string, path: string) => ({ id, path, depth: path.split('/').length - 2 });

describe('placeUnder', () => {
  it('places a root at depth 0 with a one-segment path', () => {
    expect(placeUnder(null, 'a')).toEqual({ path: '/a', depth: 0 });
  });

  it('appends the id to the parent path one level deeper', () => {
    expect(placeUnder(node('b', '/a/b'), 'c')).toEqual({ path: '/a/b/c', depth: 2 });
  });

  it('rejects a child below depth 5', () => {
    expect(() => placeUnder(node('f', '/a/b/c/d/e/f'), 'g')).toThrow(/at most depth 5/);
  });
});

describe('planMove', () => {
  it('computes the new prefix and depth shift of a subtree', () => {
    const plan = planMove(node('c', '/a/b/c'), 3, node('x', '/x'));
    expect(plan).toMatchObject({ path: '/x/c', depth: 1, oldPrefix: '/a/b/c', newPrefix: '/x/c', depthDelta: -1 });
  });

  it('makes an item a root when the new parent is null', () => {
    expect(planMove(node('c', '/a/b/c'), 2, null)).toMatchObject({ path: '/c', depth: 0, depthDelta: -2 });
  });

  it('rejects a move under the item itself', () => {
    expect(() => planMove(node('c', '/a/c'), 1, node('c', '/a/c'))).toThrow(/own parent/);
  });

  it('rejects a move under one of its own descendants', () => {
    expect(() => planMove(node('b', '/a/b'), 3, node('d', '/a/b/c/d'))).toThrow(/own ancestor/);
  });

  it('rejects a move that would push the deepest descendant past depth 5', () => {
    // subtree of b reaches depth 3 (b at 1); under e (depth 4) b lands at 5, its deepest at 7
    expect(() => planMove(node('b', '/a/b'), 3, node('e', '/x/y/z/w/e'))).toThrow(/depth 7/);
  });

  it('does not mistake a sibling with a common id prefix for a descendant', () => {
    expect(() => planMove(node('ab', '/r/ab'), 1, node('abc', '/r/abc'))).not.toThrow();
  });
});

describe('paths', () => {
  it('lists ancestors root first without the item itself', () => {
    expect(ancestorIds('/a/b/c')).toEqual(['a', 'b']);
    expect(ancestorIds('/a')).toEqual([]);
  });

  it('rewrites only paths under the moved prefix', () => {
    const plan = { oldPrefix: '/a/b', newPrefix: '/x/b' };
    expect(rewritePath('/a/b/c/d', plan)).toBe('/x/b/c/d');
    expect(rewritePath('/a/bc', plan)).toBe('/a/bc');
  });

  it('nests flat rows under their parents in row order', () => {
    const tree = nestTree('r', [
      { id: 'a', parent_id: 'r' },
      { id: 'b', parent_id: 'r' },
      { id: 'c', parent_id: 'a' },
    ]);
    expect(tree.map((n) => n.id)).toEqual(['a', 'b']);
    expect(tree[0]?.children.map((n) => n.id)).toEqual(['c']);
  });
});
