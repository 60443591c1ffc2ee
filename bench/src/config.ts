import { parseArgs } from 'node:util';
import { z } from 'zod';

/**
 * The benchmark's configuration, parsed once from argv and the environment
 * (nothing else in the bench reads `process.argv` or `process.env`).
 */
const Choice = <T extends string>(values: readonly [T, ...T[]]) => z.enum(['both', ...values] as [T | 'both', ...(T | 'both')[]]);

const BenchConfig = z.strictObject({
  scales: Choice(['1', '100']).transform((v) => (v === 'both' ? [1, 100] : [Number(v)])),
  engines: Choice(['sqlite', 'postgres']).transform((v) => (v === 'both' ? (['sqlite', 'postgres'] as const) : ([v] as const))),
  iterations: z.coerce.number().int().min(5, 'at least 5 iterations, or the percentiles mean nothing').max(100_000),
  warmup: z.coerce.number().int().min(0).max(10_000),
  batch: z.coerce.number().int().min(1).max(100_000),
  seed: z.coerce.number().int(),
  json: z.string().min(1).optional(),
  postgresUrl: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL of a server where the bench may create and drop databases' }),
  help: z.boolean(),
});

/** Parsed options of `pnpm bench`. */
export type BenchConfig = z.output<typeof BenchConfig>;

export const USAGE = `Usage: pnpm bench [-- options]
  --scale 1|100|both          seed scale (1 = 45 vendors / 1 200 work items / 50 deployments)   [both]
  --engine sqlite|postgres|both                                                                 [both]
  --iterations N              timed calls per row and side (ours, raw)                          [200]
  --warmup N                  untimed calls before each side                                    [20]
  --batch N                   seed steps per transaction (1 = one transaction per call)          [500]
  --seed N                    PRNG seed of the seeded project                                   [20261125]
  --json FILE                 also write raw numbers to bench/results/FILE
  --postgres-url URL          server on which a scratch database is created and dropped
                              [$PROJECT_STATUS_BENCH_POSTGRES_URL, else $PROJECT_STATUS_TEST_DATABASE_URL,
                               else postgres://postgres@127.0.0.1:5432/test]`;

/**
 * Parses the command line; a bad option yields the message to print, never a throw.
 *
 * @example
 * const parsed = parseBenchConfig(['--scale', '1', '--engine', 'sqlite'], {});
 * if (parsed.success) parsed.config.iterations; // 200
 */
export function parseBenchConfig(argv: string[], env: Record<string, string | undefined>): { success: true; config: BenchConfig } | { success: false; message: string } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv.filter((a) => a !== '--'),
      strict: true,
      options: {
        scale: { type: 'string', default: 'both' },
        engine: { type: 'string', default: 'both' },
        iterations: { type: 'string', default: '200' },
        warmup: { type: 'string', default: '20' },
        batch: { type: 'string', default: '500' },
        seed: { type: 'string', default: '20261125' },
        json: { type: 'string' },
        'postgres-url': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return { success: false, message: `${(error as Error).message}\n\n${USAGE}` };
  }
  const result = BenchConfig.safeParse({
    scales: values.scale,
    engines: values.engine,
    iterations: values.iterations,
    warmup: values.warmup,
    batch: values.batch,
    seed: values.seed,
    json: values.json,
    postgresUrl: values['postgres-url'] ?? env.PROJECT_STATUS_BENCH_POSTGRES_URL ?? env.PROJECT_STATUS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    help: values.help,
  });
  if (!result.success) {
    const flag: Record<string, string> = { scales: 'scale', engines: 'engine', postgresUrl: 'postgres-url' };
    const issues = result.error.issues.map((i) => `  --${flag[String(i.path[0])] ?? String(i.path[0] ?? '?')}: ${i.message}`).join('\n');
    return { success: false, message: `Invalid options:\n${issues}\n\n${USAGE}` };
  }
  return { success: true, config: result.data };
}

/**
 * The configuration to run with, or null when there is nothing to run: the
 * usage was printed (`--help`), or the problem was logged and the exit code set.
 */
export function benchConfigOrExit(argv: string[], env: Record<string, string | undefined>, log: (line: string) => void): BenchConfig | null {
  const parsed = parseBenchConfig(argv, env);
  if (!parsed.success) {
    log(parsed.message);
    process.exitCode = 2;
    return null;
  }
  if (parsed.config.help) {
    console.log(USAGE);
    return null;
  }
  return parsed.config;
}
