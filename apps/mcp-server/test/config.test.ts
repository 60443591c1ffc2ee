import { describe, expect, it } from 'vitest';
import { bearerMatches, isAllowedOrigin, isLoopbackHost, parseConfig } from '../src/index.js';

describe('parseConfig', () => {
  it('defaults to stdio on an embedded database with every toolset', () => {
    expect(parseConfig([], {})).toEqual({ kind: 'run', config: expect.objectContaining({ http: false, host: '127.0.0.1', toolsets: undefined, allowedOrigins: [] }) });
  });

  it('reads flags before the environment', () => {
    const result = parseConfig(['--database-url', 'sqlite:a.db', '--toolsets', 'work, vendors', '--client-id', 'cli-x'], {
      PROJECT_STATUS_DATABASE_URL: 'postgres://x@h/db',
      PROJECT_STATUS_TOOLSETS: 'admin',
      PROJECT_STATUS_CLIENT_ID: 'env-id',
    });
    expect(result).toMatchObject({ kind: 'run', config: { databaseUrl: 'sqlite:a.db', envDatabaseUrl: 'postgres://x@h/db', toolsets: ['work', 'vendors'], clientId: 'cli-x' } });
  });

  it('takes toolsets and the token from the environment', () => {
    const result = parseConfig(['--http'], { PROJECT_STATUS_TOOLSETS: 'config', PROJECT_STATUS_MCP_TOKEN: 'x'.repeat(20) });
    expect(result).toMatchObject({ kind: 'run', config: { http: true, toolsets: ['config'], token: 'x'.repeat(20) } });
  });

  it('names an unknown toolset and the valid ones', () => {
    const result = parseConfig(['--toolsets', 'work,nope'], {});
    expect(result.kind).toBe('error');
    expect(result.kind === 'error' && result.message).toMatch(/nope.*work, vendors, deployments/);
  });

  it('rejects an unknown flag, a bad port and a short token with a pointer to --help', () => {
    for (const argv of [['--bogus'], ['--port', 'eighty'], ['--token', 'short']]) {
      const result = parseConfig(argv, {});
      expect(result.kind).toBe('error');
      expect(result.kind === 'error' && result.message).toContain('--help');
    }
  });

  it('answers --help and --version', () => {
    expect(parseConfig(['--help'], {}).kind).toBe('help');
    expect(parseConfig(['-v'], {}).kind).toBe('version');
  });
});

describe('HTTP guards', () => {
  it('knows loopback hosts', () => {
    for (const h of ['127.0.0.1', '127.8.9.10', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '10.0.0.5', '::', 'example.com', '128.0.0.1']) expect(isLoopbackHost(h)).toBe(false);
  });

  it('allows the server\'s own origin, port included, and listed origins only', () => {
    expect(isAllowedOrigin('http://localhost:3717', [], 'localhost:3717')).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1', [], '127.0.0.1:80')).toBe(true);
    expect(isAllowedOrigin('http://localhost:5173', [], 'localhost:3717')).toBe(false);
    expect(isAllowedOrigin('http://localhost:5173', ['http://localhost:5173'], 'localhost:3717')).toBe(true);
    expect(isAllowedOrigin('https://evil.example', [], 'localhost:3717')).toBe(false);
    expect(isAllowedOrigin('http://localhost.evil.example', [], 'localhost')).toBe(false);
    expect(isAllowedOrigin('null', [], 'localhost')).toBe(false);
    expect(isAllowedOrigin('https://dash.example.com', ['https://dash.example.com/'], undefined)).toBe(true);
    expect(isAllowedOrigin('http://dash.example.com', ['https://dash.example.com'], undefined)).toBe(false);
  });

  it('accepts exactly the configured bearer token', () => {
    const token = 'a-very-secret-token-123';
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`Bearer ${token}x`, token)).toBe(false);
    expect(bearerMatches(token, token)).toBe(false);
    expect(bearerMatches(undefined, token)).toBe(false);
  });
});
