import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalog } from '../catalog/catalog.js';
import { isSchemaBuilt, lazySchema, lazySchemaCounts } from './lazy-schema.js';
import { CreateWorkItemInput, ListReadyWorkInput, WorkItem } from '../work-item/schema.js';
import { Uuid } from './schemas.js';

describe('lazySchema', () => {
  it('builds nothing when the catalog is imported', () => {
    // Only this file's own schemas may have been touched: none yet.
    expect(lazySchemaCounts().defined).toBeGreaterThan(100);
    expect(lazySchemaCounts().built).toBe(0);
    expect(Object.values(catalog).every((op) => isSchemaBuilt(op.input) !== true)).toBe(true);
  });

  it('builds an operation’s input, and what it is made of, on its first parse only', () => {
    expect(ListReadyWorkInput.parse({})).toMatchObject({ limit: 50 });
    expect(isSchemaBuilt(ListReadyWorkInput)).toBe(true);
    expect(isSchemaBuilt(CreateWorkItemInput)).toBe(false);
    expect(isSchemaBuilt(WorkItem)).toBe(false);
    expect(lazySchemaCounts().built).toBeLessThan(15);
  });

  it('is the schema: instanceof, methods, shape, metadata and JSON Schema work on it', () => {
    const Described = lazySchema(() => z.object({ id: Uuid, n: z.int().default(1) }).describe('a thing'));
    expect(isSchemaBuilt(Described)).toBe(false);
    expect(Described).toBeInstanceOf(z.ZodObject);
    expect(isSchemaBuilt(Described)).toBe(true);
    expect(Described.description).toBe('a thing');
    expect(Object.keys(Described.shape)).toEqual(['id', 'n']);
    expect(Described.extend({ x: z.string() }).parse({ id: '0190b6e4-7c3a-7b2e-9f41-2a3b4c5d6e7f', x: 'y' })).toEqual({ id: '0190b6e4-7c3a-7b2e-9f41-2a3b4c5d6e7f', n: 1, x: 'y' });
    expect(Described.safeParse({ id: 'nope' }).success).toBe(false);
    expect(z.toJSONSchema(Described, { io: 'input' })).toMatchObject({ type: 'object', description: 'a thing', properties: { id: { type: 'string', format: 'uuid' }, n: { type: 'integer', default: 1 } } });
    // A pipe's JSON Schema looks itself up by instance: the proxy must be that instance.
    const Piped = lazySchema(() => z.string().transform((s) => s.length).pipe(z.int()));
    expect(z.toJSONSchema(z.object({ p: Piped }), { io: 'input', unrepresentable: 'any' })).toMatchObject({ properties: { p: { type: 'string' } } });
  });

  it('copies an object of schemas, keys and spread included', () => {
    const Fields = lazySchema(() => ({ a: z.string(), b: z.int() }));
    expect(Object.keys(Fields)).toEqual(['a', 'b']);
    expect(z.object({ ...Fields }).parse({ a: 'x', b: 2 })).toEqual({ a: 'x', b: 2 });
  });
});
