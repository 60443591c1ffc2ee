import { expect, it } from 'vitest';
import { HELP, isLoopback, loadConfig } from '../src/config.js';

const serve = (argv: string[], env: Record<string, string> = {}) => {
  const result = loadConfig(argv, env);
  if (!result.ok) throw new Error(result.message);
  if (result.config.action !== 'serve') throw new Error(`expected serve, got ${result.config.action}`);
  return result.config;
};

it('defaults to 127.0.0.1, port 3700, a 1 MiB body limit, no token and no client id (config.json, then http, decide)', () => {
  const config = serve([]);
  expect(config.serve).toMatchObject({ host: '127.0.0.1', port: 3700, maxBodyBytes: 1024 * 1024 });
  expect(config.serve.token).toBeUndefined();
  expect(config.serve.clientId).toBeUndefined();
  expect(config.allowedHosts).toContain('localhost');
});

it('refuses to listen beyond loopback without a token', () => {
  const result = loadConfig(['--host', '0.0.0.0'], {});
  expect(result.ok).toBe(false);
  expect(!result.ok && result.message).toMatch(/refusing to listen on 0\.0\.0\.0 without a token/);
});

it('takes the token from PROJECT_STATUS_HTTP_TOKEN, the flag winning over it', () => {
  expect(serve(['--host', '0.0.0.0'], { PROJECT_STATUS_HTTP_TOKEN: 'from-the-environment' }).serve.token).toBe('from-the-environment');
  expect(serve(['--token', 'from-the-command-line'], { PROJECT_STATUS_HTTP_TOKEN: 'from-the-environment' }).serve.token).toBe('from-the-command-line');
  expect(serve(['--host', '0.0.0.0'], { PROJECT_STATUS_HTTP_TOKEN: 'from-the-environment' }).allowedHosts).toBeUndefined();
});

it('takes the client id from PROJECT_STATUS_CLIENT_ID, the flag winning over it', () => {
  expect(serve([], { PROJECT_STATUS_CLIENT_ID: 'env-bot' }).serve.clientId).toBe('env-bot');
  expect(serve(['--client-id', 'flag-bot'], { PROJECT_STATUS_CLIENT_ID: 'env-bot' }).serve.clientId).toBe('flag-bot');
  expect(serve([], { PROJECT_STATUS_CLIENT_ID: '' }).serve.clientId).toBeUndefined();
});

it('names the environment variable when its client id is invalid', () => {
  const result = loadConfig([], { PROJECT_STATUS_CLIENT_ID: 'x'.repeat(101) });
  expect(!result.ok && result.message).toMatch(/^PROJECT_STATUS_CLIENT_ID: /);
});

it('states the client id precedence in --help', () => {
  expect(HELP.replace(/\s+/g, ' ')).toContain('--client-id <id> actor recorded for requests without X-Client-Id (env PROJECT_STATUS_CLIENT_ID, then "clientId" in .project-status/config.json, then http)');
});

it('rejects short tokens, bad ports, unknown flags and a CORS origin with a path', () => {
  for (const argv of [['--token', 'short'], ['--port', '70000'], ['--port', 'abc'], ['--bogus'], ['--cors-origin', 'http://x.test/path'], ['--client-id', '']]) {
    const result = loadConfig(argv, {});
    expect(result.ok, argv.join(' ')).toBe(false);
  }
});

it('passes only the database URL of the environment on to storage', () => {
  const config = serve(['--database-url', 'sqlite:x.db', '--root', '/tmp/p', '--client-id', 'board'], { PROJECT_STATUS_DATABASE_URL: 'postgres://db/x', HOME: '/root' });
  expect(config.storageEnv).toEqual({ PROJECT_STATUS_DATABASE_URL: 'postgres://db/x' });
  expect(config.serve).toMatchObject({ databaseUrl: 'sqlite:x.db', root: '/tmp/p', clientId: 'board' });
});

it('recognises loopback addresses', () => {
  expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1'].every(isLoopback)).toBe(true);
  expect(['0.0.0.0', '192.168.1.10', '::', 'example.com'].some(isLoopback)).toBe(false);
});

it('answers --help and --version', () => {
  expect(loadConfig(['--help'], {})).toEqual({ ok: true, config: { action: 'help' } });
  expect(loadConfig(['-v'], {})).toEqual({ ok: true, config: { action: 'version' } });
});
