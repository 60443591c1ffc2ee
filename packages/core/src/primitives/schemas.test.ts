import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Actor, InputTimestamp, Label, singleLine } from './schemas.js';

describe('InputTimestamp', () => {
  it('accepts years 1 to 9999 in UTC, offsets applied', () => {
    for (const ok of ['0001-01-01T00:00:00Z', '2026-01-31T12:00:00+02:00', '9999-12-31T23:59:59.999Z', '0001-01-01T00:00:00-01:00']) expect(InputTimestamp.safeParse(ok).success).toBe(true);
  });

  it('refuses year 0 and what an offset pushes outside years 1–9999, saying the range', () => {
    for (const bad of ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00+01:00', '9999-12-31T23:30:00-01:00']) {
      const result = InputTimestamp.safeParse(bad);
      expect(result.error?.issues.map((i) => i.message)).toEqual([`must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z (in UTC), received ${bad}`]);
    }
  });

  it('gives a malformed timestamp one issue, not two', () => {
    expect(InputTimestamp.safeParse('2026-02-30T00:00:00Z').error?.issues).toHaveLength(1);
  });
});

describe('singleLine', () => {
  it('refuses control characters inside single-line fields, naming the first and where it is', () => {
    expect(Actor.safeParse('al\nice').error?.issues[0]?.message).toBe('must be a single line without control characters, received \\u000a at index 2');
    for (const bad of ['a\tb', 'a\rb', 'a\u001bb', 'a\u007fb', 'a\u0085b', 'a\u2028b']) expect(Label.safeParse(bad).success).toBe(false);
  });

  it('trims surrounding whitespace, line breaks included, before the check', () => {
    expect(Label.parse('  urgent\n')).toBe('urgent');
    expect(singleLine(z.string()).safeParse('naïve — 🙂').success).toBe(true);
  });
});
