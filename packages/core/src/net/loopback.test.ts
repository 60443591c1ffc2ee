import { describe, expect, it } from 'vitest';
import { allowedHostNames, hostAllowed, isLoopbackHost } from './loopback.js';

describe('loopback host checks', () => {
  it('knows the names only this machine can reach', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', 'LocalHost.', 'app.localhost', '::1', '[::1]', '::ffff:127.0.0.1'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', '192.168.1.10', '127.0.0.256', 'example.com', 'localhost.example.com', '127.0.0.1.nip.io'].some(isLoopbackHost)).toBe(false);
  });

  it('allows the loopback names and the bound one, and nothing when bound beyond loopback', () => {
    expect(allowedHostNames('127.0.0.1')).toEqual(['localhost', '127.0.0.1', '::1']);
    expect(allowedHostNames('127.0.0.2')).toContain('127.0.0.2');
    expect(allowedHostNames('0.0.0.0')).toBeUndefined();
  });

  it('compares the Host header by name, with any port, and refuses a rebound or malformed one', () => {
    const allowed = allowedHostNames('127.0.0.1')!;
    for (const host of ['localhost:3717', '127.0.0.1', '[::1]:80', 'LOCALHOST:1']) expect(hostAllowed(host, allowed), host).toBe(true);
    for (const host of [undefined, '', 'evil.example:3717', 'evil@localhost', 'localhost/x', '[::1', 'localhost:99999']) expect(hostAllowed(host, allowed), String(host)).toBe(false);
  });
});
