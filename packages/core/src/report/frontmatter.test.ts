import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { frontmatterYaml, MAX_RENDER_DEPTH, TRUNCATED_NOTE, nestingDepth, truncateDeep } from './frontmatter.js';

describe('frontmatterYaml', () => {
  it('writes flat scalar maps the way the legacy file does', () => {
    expect(frontmatterYaml({ schema_version: '1.1', session_id: 'sess_001', token_budget: 100000, mode: 'plan' }, stringify)).toBe(
      'schema_version: "1.1"\nsession_id: sess_001\ntoken_budget: 100000\nmode: plan',
    );
  });

  it('quotes strings YAML would read as another type', () => {
    expect(frontmatterYaml({ a: 'yes', b: '12', c: 'null', d: '', e: 'x: y', f: ' lead' }, stringify)).toBe('a: "yes"\nb: "12"\nc: "null"\nd: ""\ne: "x: y"\nf: " lead"');
  });

  it('falls back to the yaml package for nested values and odd keys', () => {
    expect(parse(frontmatterYaml({ schema_version: 1, tags: ['a', 'b'], 'odd key': { x: 1 } }, stringify))).toEqual({ schema_version: 1, tags: ['a', 'b'], 'odd key': { x: 1 } });
  });

  it('always reads back as the same values', () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), // -0 cannot occur: frontmatter comes out of a JSON column, where -0 is stored as 0.
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)), fc.array(fc.string(), { maxLength: 3 }));
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), value, { maxKeys: 6 }), (fm) => {
        expect(parse(frontmatterYaml(fm, stringify)) ?? {}).toEqual(JSON.parse(JSON.stringify(fm)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('truncateDeep', () => {
  it('cuts a value nested far deeper than any stack at 64 levels, without recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? { x: deep } : [deep];
    const { value, truncated } = truncateDeep({ schema_version: 1, deep });
    expect(truncated).toBe(true);
    expect(nestingDepth(value)).toBe(MAX_RENDER_DEPTH);
    expect(JSON.stringify(value)).toContain(TRUNCATED_NOTE);
    expect((value as { schema_version: number }).schema_version).toBe(1);
  });

  it('returns a value within the limit as it is', () => {
    const fm = { schema_version: 1, a: { b: [1, { c: 2 }] } };
    expect(truncateDeep(fm)).toEqual({ value: fm, truncated: false });
    expect(truncateDeep(fm).value).toBe(fm);
  });
});

describe('nested frontmatter', () => {
  it('keeps trailing whitespace and writes every string on one line', () => {
    const fm = { schema_version: 1, list: [true, '---\n## Requirements\n🙂\t'], nested: { a: 'x\n<!-- project-status: user notes below are preserved -->\n  y ' } };
    const yaml = frontmatterYaml(fm, stringify);
    expect(parse(yaml)).toEqual(fm);
    expect(yaml.split('\n').every((l) => l.startsWith(' ') || /^[a-z_]+:/.test(l))).toBe(true);
  });
});
