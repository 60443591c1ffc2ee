import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from './domain-error.js';
import { parseOrThrow } from './from-zod.js';

describe('parseOrThrow', () => {
  const Input = z.object({ title: z.string(), metadata: z.object({ description: z.string() }), priority: z.number().optional() });

  it('says a missing field is required, at its path, instead of "expected string, received undefined"', () => {
    const error = (() => {
      try {
        parseOrThrow(Input, { metadata: {} });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: 'title', message: 'required' },
      { path: 'metadata.description', message: 'required' },
    ]);
    expect((error as ValidationError).message).toBe('Invalid input — title: required; metadata.description: required');
  });

  it('keeps zod\'s wording for a value of the wrong type', () => {
    expect(() => parseOrThrow(Input, { title: 't', metadata: { description: 'd' }, priority: 'high' })).toThrow(/priority: Invalid input: expected number, received string/);
  });

  it('keeps a schema\'s own message for a missing field', () => {
    const Own = z.object({ id: z.string({ error: 'give the item id' }) });
    expect(() => parseOrThrow(Own, {})).toThrow(/id: give the item id/);
  });
});
