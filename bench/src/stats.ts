/** Latency percentiles of one side of a benchmark row, in milliseconds. */
export interface Summary {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
  n: number;
}

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/**
 * Summarises samples (ms).
 *
 * @example
 * summarize([1, 2, 3]).p50; // 2
 */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    n: sorted.length,
  };
}

/** One measured call; `i` counts calls of that side from 0 (warm-up included). */
export type Timed = (i: number) => Promise<unknown>;

/**
 * Times two implementations of the same work, warmed up, in alternating
 * blocks of 10 calls so that drift (GC, caches, autovacuum) hits both sides
 * alike. Returns the samples in milliseconds.
 */
export async function measurePair(ours: Timed, raw: Timed, iterations: number, warmup: number): Promise<{ ours: number[]; raw: number[] }> {
  let oi = 0;
  let ri = 0;
  for (let w = 0; w < warmup; w++) {
    await ours(oi++);
    await raw(ri++);
  }
  const samples = { ours: [] as number[], raw: [] as number[] };
  const block = 10;
  while (samples.ours.length < iterations) {
    const n = Math.min(block, iterations - samples.ours.length);
    for (let k = 0; k < n; k++) {
      const t = performance.now();
      await ours(oi++);
      samples.ours.push(performance.now() - t);
    }
    for (let k = 0; k < n; k++) {
      const t = performance.now();
      await raw(ri++);
      samples.raw.push(performance.now() - t);
    }
  }
  return samples;
}
