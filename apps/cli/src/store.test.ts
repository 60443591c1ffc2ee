import { ValidationError } from '@project-status/core';
import { describe, expect, it } from 'vitest';
import type { CliDeps } from './context.js';
import { globalFlags } from './store.js';

const deps = (clientId: string | undefined) => ({ config: { databaseUrl: undefined, clientId, color: undefined } }) as CliDeps;

// The whole order, config.json and the "cli" default included, is tested on the spawned binary (test/client-id.sqlite.test.ts).
describe('who the CLI acts as: the flags', () => {
  it('takes --client-id over PROJECT_STATUS_CLIENT_ID and config.json', () => {
    const flags = globalFlags({ 'client-id': 'flag-bot' }, deps('env-bot'));
    expect(flags.clientId).toBe('flag-bot');
  });

  it('takes PROJECT_STATUS_CLIENT_ID when there is no flag', () => {
    expect(globalFlags({}, deps('env-bot')).clientId).toBe('env-bot');
  });

  it('leaves the choice to config.json, then "cli", when neither the flag nor the environment names one', () => {
    expect(globalFlags({}, deps(undefined)).clientId).toBeUndefined();
  });

  it('rejects an empty --client-id as a validation error naming the flag', () => {
    expect(() => globalFlags({ 'client-id': '' }, deps(undefined))).toThrow(ValidationError);
  });
});
