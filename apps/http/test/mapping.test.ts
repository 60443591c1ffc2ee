import { ConflictError, ValidationError, VersionConflictError } from '@project-status/core';
import { expect, it } from 'vitest';
import { coerceQuery, ERROR_STATUS, statusFor, toErrorBody } from '../src/index.js';

it('maps every error code to its status, version conflicts to 412 only on If-Match writes', () => {
  expect(ERROR_STATUS).toMatchObject({ VALIDATION_ERROR: 400, NOT_FOUND: 404, CONFLICT: 409, VERSION_CONFLICT: 409, DATABASE_ERROR: 503, PAYLOAD_TOO_LARGE: 413, PRECONDITION_REQUIRED: 428, UNAUTHORIZED: 401 });
  expect(statusFor('VERSION_CONFLICT', { ifMatch: true })).toBe(412);
  expect(statusFor('VERSION_CONFLICT', { ifMatch: false })).toBe(409);
  expect(statusFor('CONFLICT', { ifMatch: true })).toBe(409);
});

it('turns domain errors into their JSON and hides the message of unexpected ones', () => {
  const conflict = VersionConflictError.mismatch({ entity: 'vendor', id: 'v', expected_version: 1, current_version: 2, last_updated_by: 'cli', updated_at: null });
  expect(toErrorBody(conflict).body).toEqual(conflict.toJSON());
  expect(toErrorBody(new ConflictError('dup')).body.code).toBe('CONFLICT');
  const unexpected = toErrorBody(new Error('password=hunter2'));
  expect(unexpected.body).toEqual({ code: 'INTERNAL_ERROR', message: 'the server failed unexpectedly; see its log', details: {} });
  expect(unexpected.expected).toBe(false);
  expect(toErrorBody(ValidationError.field('x', 'bad')).expected).toBe(true);
});

it('coerces query values from the JSON Schema, keeping text where the field takes text', () => {
  const schema = {
    type: 'object',
    properties: {
      limit: { type: 'integer' },
      include_deleted: { type: 'boolean' },
      parent_id: { anyOf: [{ type: 'string', format: 'uuid' }, { type: 'null' }] },
      entity_id: { type: 'string' },
      labels: { type: 'array', items: { type: 'string' } },
      score: { type: 'number' },
    },
  };
  expect(coerceQuery({ limit: ['10'], include_deleted: ['true'], parent_id: ['null'], entity_id: ['123'], labels: ['a', 'b'], score: ['-1.5'] }, schema)).toEqual({
    limit: 10,
    include_deleted: true,
    parent_id: null,
    entity_id: '123',
    labels: ['a', 'b'],
    score: -1.5,
  });
  // A word where only a number or a boolean fits is refused here, named as the client wrote it.
  expect(() => coerceQuery({ limit: ['ten'] }, schema)).toThrow(/limit: must be a whole number \(received "ten"\)/);
  expect(() => coerceQuery({ include_deleted: ['yes'] }, schema)).toThrow(/include_deleted: must be true or false/);
  expect(() => coerceQuery({ parent_id: ['abc'] }, schema)).not.toThrow(); // takes text too: zod judges it
  expect(coerceQuery({ q: ['zeppelin'] }, { properties: { query: { type: 'string' } } }, { q: 'query' })).toEqual({ query: 'zeppelin' });
  expect(() => coerceQuery({ limit: ['1', '2'] }, schema)).toThrow(/2 times/);
});

it('reads numbers in the query string as the CLI reads its flags: plain decimal digits only', () => {
  const schema = { type: 'object', properties: { limit: { type: 'integer' }, priority: { anyOf: [{ type: 'integer' }, { type: 'null' }] }, hours: { type: 'number' } } };
  expect(coerceQuery({ limit: ['10'], priority: ['-2'], hours: ['1.5'] }, schema)).toEqual({ limit: 10, priority: -2, hours: 1.5 });
  expect(coerceQuery({ hours: ['4'] }, schema)).toEqual({ hours: 4 });
  // Text that some parser would read as a number, but that is not how a whole number is written.
  for (const text of ['1e1', '3.0', '+3', '0x10', ' 3', '3 ', '', '2.5', 'Infinity']) {
    expect(() => coerceQuery({ limit: [text] }, schema), text).toThrow(`limit: must be a whole number (received ${JSON.stringify(text)}): digits only, such as 3`);
  }
  expect(() => coerceQuery({ priority: ['3.0'] }, schema)).toThrow(/priority: must be a whole number or null \(received "3.0"\)/);
  for (const text of ['1e1', '.5', '1.', '-1.5e2', 'NaN']) {
    expect(() => coerceQuery({ hours: [text] }, schema), text).toThrow(`hours: must be a number (received ${JSON.stringify(text)}): digits with an optional decimal point`);
  }
});
