import { z } from 'zod';
import type { ServiceEnv } from './env.js';

export const HealthCheckInput = z.strictObject({});

export const HealthReport = z.object({
  healthy: z.boolean(),
  data_source: z.string(),
  latency_ms: z.number(),
  cache_age_seconds: z.number().nullable(),
  pending_outage_writes: z.int(),
  unresolved_sync_conflicts: z.int(),
  checked_at: z.string(),
  warnings: z.array(z.string()),
});
export type HealthReport = z.infer<typeof HealthReport>;

/** health_check: which store answers, how fast, and what waits to be synced. */
export async function healthCheck(env: ServiceEnv): Promise<HealthReport> {
  const ping = await env.store.ping();
  const outage = (await env.store.outageStatus?.()) ?? { cache_age_seconds: null, pending_writes: 0, unresolved_conflicts: 0 };
  const warnings: string[] = [];
  if (!ping.ok) warnings.push(`the ${env.store.engine} database did not answer: ${ping.error ?? 'unknown error'}`);
  if (outage.pending_writes > 0) warnings.push(`${outage.pending_writes} write(s) made during an outage wait to be replayed`);
  if (outage.unresolved_conflicts > 0) warnings.push(`${outage.unresolved_conflicts} sync conflict(s) need a decision`);
  return {
    healthy: ping.ok && outage.unresolved_conflicts === 0,
    data_source: env.store.engine,
    latency_ms: ping.latency_ms,
    cache_age_seconds: outage.cache_age_seconds,
    pending_outage_writes: outage.pending_writes,
    unresolved_sync_conflicts: outage.unresolved_conflicts,
    checked_at: env.now().toISOString(),
    warnings,
  };
}
