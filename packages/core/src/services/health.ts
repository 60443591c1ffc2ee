import { z } from 'zod';
import type { ServiceEnv } from './env.js';
import { lazySchema } from '../primitives/lazy-schema.js';

export const HealthCheckInput = lazySchema(() => z.strictObject({}));

export const HealthReport = lazySchema(() => z.object({
  healthy: z.boolean(),
  /** `ok`: the database answers and nothing waits; `degraded`: a fallback answers, or writes or conflicts wait; `down`: nothing answers. */
  status: z.enum(['ok', 'degraded', 'down']),
  /** The configured engine. */
  data_source: z.string(),
  /** The layer reads go to now (the engine, or `cache`, `git`, `markdown`); null when none answers. */
  layer: z.string().nullable(),
  latency_ms: z.number(),
  cache_age_seconds: z.number().nullable(),
  pending_outage_writes: z.int(),
  unresolved_sync_conflicts: z.int(),
  checked_at: z.string(),
  warnings: z.array(z.string()),
}));
export type HealthReport = z.infer<typeof HealthReport>;

/** health_check: which store answers, how fast, and what waits to be synced. */
export async function healthCheck(env: ServiceEnv): Promise<HealthReport> {
  const ping = await env.store.ping();
  const outage = (await env.store.outageStatus?.()) ?? { cache_age_seconds: null, pending_writes: 0, unresolved_conflicts: 0 };
  const warnings: string[] = [];
  // A database that answered with a refusal (it does not exist, a lock is held) is not down, and no fallback layer answers for it.
  if (!ping.ok) warnings.push(`the ${env.store.engine} database ${ping.outage === false ? 'refused' : 'did not answer'}: ${ping.error ?? 'unknown error'}`);
  if (outage.pending_writes > 0) warnings.push(`${outage.pending_writes} write(s) made during an outage wait to be replayed`);
  if (outage.unresolved_conflicts > 0) warnings.push(`${outage.unresolved_conflicts} sync conflict(s) need a decision`);
  const layer = ping.ok ? env.store.engine : outage.answering === env.store.engine ? null : (outage.answering ?? null);
  const waiting = outage.pending_writes > 0 || outage.unresolved_conflicts > 0;
  return {
    healthy: ping.ok && outage.unresolved_conflicts === 0,
    status: layer === null ? 'down' : ping.ok && !waiting ? 'ok' : 'degraded',
    data_source: env.store.engine,
    layer,
    latency_ms: ping.latency_ms,
    cache_age_seconds: outage.cache_age_seconds,
    pending_outage_writes: outage.pending_writes,
    unresolved_sync_conflicts: outage.unresolved_conflicts,
    checked_at: env.now().toISOString(),
    warnings,
  };
}
