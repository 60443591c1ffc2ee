import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { frontmatterYaml } from './frontmatter.js';

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
