import { describe, expect, it } from 'vitest';
import { parseBenchConfig } from '../src/config.js';

describe('parseBenchConfig', () => {
  it('runs both scales on both engines with 200 iterations by default', () => {
    const parsed = parseBenchConfig([], {});
    expect(parsed.success && parsed.config).toMatchObject({ scales: [1, 100], engines: ['sqlite', 'postgres'], iterations: 200, batch: 500 });
  });

  it('narrows the run to one scale and one engine', () => {
    const parsed = parseBenchConfig(['--', '--scale', '100', '--engine', 'sqlite', '--iterations', '50', '--json', 'out.json'], {});
    expect(parsed.success && parsed.config).toMatchObject({ scales: [100], engines: ['sqlite'], iterations: 50, json: 'out.json' });
  });

  it('takes the PostgreSQL server from the environment when no flag names one', () => {
    const parsed = parseBenchConfig([], { PROJECT_STATUS_TEST_DATABASE_URL: 'postgres://u@db:5432/x' });
    expect(parsed.success && parsed.config.postgresUrl).toBe('postgres://u@db:5432/x');
  });

  it('rejects an unknown scale, a tiny iteration count and an unknown flag with the usage text', () => {
    for (const argv of [['--scale', '10'], ['--iterations', '2'], ['--engine', 'mysql'], ['--fast']]) {
      const parsed = parseBenchConfig(argv, {});
      expect(parsed.success).toBe(false);
      if (!parsed.success) expect(parsed.message).toContain('Usage: pnpm bench');
    }
  });

  it('rejects a database URL that is not PostgreSQL', () => {
    const parsed = parseBenchConfig(['--postgres-url', 'mysql://localhost/x'], {});
    expect(!parsed.success && parsed.message).toMatch(/--postgres-url: must be a postgres:\/\/ URL/);
  });
});
