import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('the CLI configuration', () => {
  it('leaves the client id to config.json (then "cli") and colour to the terminal when nothing is set', () => {
    expect(loadConfig({})).toEqual({ ok: true, config: { databaseUrl: undefined, clientId: undefined, color: undefined } });
  });

  it('reads the database URL and client id from the environment', () => {
    const parsed = loadConfig({ PROJECT_STATUS_DATABASE_URL: 'postgres://x@h/db', PROJECT_STATUS_CLIENT_ID: 'ci-bot' });
    expect(parsed).toMatchObject({ ok: true, config: { databaseUrl: 'postgres://x@h/db', clientId: 'ci-bot' } });
  });

  it('turns colour off for NO_COLOR and lets FORCE_COLOR decide when set', () => {
    expect(loadConfig({ NO_COLOR: '1' })).toMatchObject({ config: { color: false } });
    expect(loadConfig({ NO_COLOR: '' })).toMatchObject({ config: { color: undefined } });
    expect(loadConfig({ FORCE_COLOR: '1', NO_COLOR: '1' })).toMatchObject({ config: { color: true } });
    expect(loadConfig({ FORCE_COLOR: '0' })).toMatchObject({ config: { color: false } });
  });

  it('says which variable is wrong instead of throwing', () => {
    const parsed = loadConfig({ PROJECT_STATUS_CLIENT_ID: 'x'.repeat(101) });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain('PROJECT_STATUS_CLIENT_ID');
  });
});
