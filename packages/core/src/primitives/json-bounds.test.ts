import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { boundedJson, findUnfitJson, MAX_JSON_DEPTH, MAX_METADATA_CHARS } from './json-bounds.js';

const bounds = { maxDepth: MAX_JSON_DEPTH, maxChars: MAX_METADATA_CHARS };

/** `{ a: { a: … 1 } }` with `levels` objects. */
function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

describe('findUnfitJson', () => {
  it('accepts ordinary JSON, astral characters (paired surrogates) included', () => {
    expect(findUnfitJson({ title: 'ok 🙂', list: [1, 'two', null, true, { x: -0.5 }] }, bounds)).toBeNull();
  });

  it('refuses a lone surrogate in a value or a key, at any depth, naming where', () => {
    expect(findUnfitJson({ a: [{ b: 'x\ud800' }] }, bounds)).toEqual({
      path: ['a', '0', 'b'],
      message: 'must be valid Unicode text: expected surrogates in pairs, received a lone surrogate \\ud800 at index 1',
    });
    expect(findUnfitJson({ a: { ['k\udc00']: 1 } }, bounds)?.path).toEqual(['a', 'k\\udc00']);
    expect(findUnfitJson({ a: { ['k\udc00']: 1 } }, bounds)?.message).toMatch(/^key must be valid Unicode text/);
    expect(findUnfitJson('\ud83d', bounds)?.message).toContain('\\ud83d at index 0');
  });

  it('refuses a __proto__ key (parsed JSON holds it; any copy would drop it) at any depth', () => {
    expect(findUnfitJson(JSON.parse('{"a":[{"__proto__":{"x":1}}]}'), bounds)).toEqual({ path: ['a', '0', '__proto__'], message: expect.stringContaining('key "__proto__" is not allowed') });
    expect(findUnfitJson({ proto: 1, constructor: 2 }, bounds)).toBeNull();
  });

  it('refuses NUL in values and keys', () => {
    expect(findUnfitJson({ a: 'x\u0000' }, bounds)).toEqual({ path: ['a'], message: 'must not contain NUL (\\u0000) characters' });
    expect(findUnfitJson({ ['a\u0000']: 1 }, bounds)?.path).toEqual(['a\\u0000']);
  });

  it(`allows ${MAX_JSON_DEPTH} levels of nesting and refuses ${MAX_JSON_DEPTH + 1}, naming the top of the path`, () => {
    expect(findUnfitJson(nested(MAX_JSON_DEPTH), bounds)).toBeNull();
    const issue = findUnfitJson(nested(MAX_JSON_DEPTH + 1), bounds);
    expect(issue?.path).toEqual(['a', 'a', 'a']);
    expect(issue?.message).toBe(`must be nested at most ${MAX_JSON_DEPTH} levels deep, received deeper nesting (at a.a.a.…)`);
  });

  it('measures each member of an operation input on its own when asked', () => {
    expect(findUnfitJson({ metadata: nested(MAX_JSON_DEPTH) }, { ...bounds, perMember: true })).toBeNull();
    expect(findUnfitJson({ metadata: nested(MAX_JSON_DEPTH + 1) }, { ...bounds, perMember: true })?.path).toEqual(['metadata', 'a', 'a']);
  });

  it('checks a value nested 100 000 deep without overflowing the stack', () => {
    expect(findUnfitJson(nested(100_000), bounds)?.message).toMatch(/nested at most 32 levels/);
    let array: unknown = [];
    for (let i = 0; i < 100_000; i++) array = [array];
    expect(findUnfitJson(array, bounds)?.message).toMatch(/nested at most 32 levels/);
  });

  it('refuses a value whose JSON text exceeds the size bound', () => {
    expect(findUnfitJson({ a: 'x'.repeat(MAX_METADATA_CHARS - 20) }, bounds)).toBeNull();
    expect(findUnfitJson({ a: 'x'.repeat(MAX_METADATA_CHARS) }, { ...bounds, name: 'metadata' })).toEqual({
      path: ['a'],
      message: 'is too large: the metadata holding it must be at most 100 000 characters as JSON, received more',
    });
    expect(findUnfitJson(Array.from({ length: 30_000 }, () => 1234), bounds)?.message).toMatch(/the value holding it must be at most 100 000 characters/);
  });

  it('refuses what JSON cannot carry: bigints, functions, symbols, non-finite numbers', () => {
    expect(findUnfitJson({ a: 1n }, bounds)?.message).toBe('must be a JSON value (string, number, boolean, null, array or object), received a bigint');
    expect(findUnfitJson({ a: () => 1 }, bounds)?.message).toMatch(/received a function/);
    expect(findUnfitJson({ a: [Number.NaN] }, bounds)).toEqual({ path: ['a', '0'], message: 'must be a finite number, received NaN' });
    expect(findUnfitJson({ a: Number.POSITIVE_INFINITY }, bounds)?.message).toBe('must be a finite number, received Infinity');
  });

  it('ends on a cyclic value (a library caller may build one) with the depth bound', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(findUnfitJson(cyclic, bounds)?.message).toMatch(/nested at most/);
  });
});

describe('boundedJson', () => {
  it('reports the problem at its path below the field', () => {
    const Schema = z.strictObject({ metadata: boundedJson(z.record(z.string(), z.unknown())) });
    const result = Schema.safeParse({ metadata: { deep: nested(MAX_JSON_DEPTH) } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['metadata', 'deep', 'a', 'a']);
  });
});
