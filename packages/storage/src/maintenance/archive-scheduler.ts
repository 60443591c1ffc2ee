import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArchiveResult, ProjectStatus } from '@project-status/core';
import { STATE_DIR } from '../open/config.js';

export interface ArchiveSchedulerOptions {
  /** Off switch (`--auto-archive off`, `PROJECT_STATUS_AUTO_ARCHIVE=off`). */
  enabled?: boolean;
  /** Minimum time between runs; default one day. */
  intervalMs?: number;
  /** Delay before the first check, so start-up stays fast; default 60 s. */
  initialDelayMs?: number;
  /**
   * Delay before trying again after a failed run (the database was down, say);
   * doubles after each failure in a row, up to the interval. Default 5 min.
   */
  retryDelayMs?: number;
  olderThanDays?: number;
  /** Where the time of the last run is kept (default `.project-status/maintenance.json` under `root`). */
  root: string;
  /** Called after each run, or with the error; for the server's log line ({@link describeArchiveRun}). */
  onRun?: (result: ArchiveResult | Error) => void;
}

export interface ArchiveScheduler {
  /** Runs now if the last run is older than the interval; resolves with the result or null when skipped. */
  tick(): Promise<ArchiveResult | null>;
  stop(): void;
}

const DAY_MS = 86_400_000;

/** The log line a server writes for one background run. */
export function describeArchiveRun(result: ArchiveResult | Error): string {
  return result instanceof Error ? `auto-archive failed: ${result.message}` : `auto-archive: ${result.archived} of ${result.eligible} eligible work items archived`;
}

/**
 * Background archiving for long-running surfaces (SPEC §3.7): at most once per
 * interval, remembered across restarts in a small marker file, never
 * overlapping with itself, never keeping the process alive.
 */
export function startArchiveScheduler(ps: ProjectStatus, options: ArchiveSchedulerOptions): ArchiveScheduler {
  const interval = options.intervalMs ?? DAY_MS;
  const marker = join(options.root, STATE_DIR, 'maintenance.json');
  let running: Promise<ArchiveResult | null> | null = null;
  let timer: NodeJS.Timeout | undefined;

  const lastRun = (): number => {
    try {
      return existsSync(marker) ? Date.parse(JSON.parse(readFileSync(marker, 'utf8')).last_archive_at) || 0 : 0;
    } catch {
      return 0;
    }
  };

  let failures = 0;
  const tick = (): Promise<ArchiveResult | null> => {
    if (running) return running;
    if (Date.now() - lastRun() < interval) return Promise.resolve(null);
    running = (async () => {
      try {
        const result = (await ps.archive_work_items({ older_than_days: options.olderThanDays }, { actor: 'auto-archive' })) as ArchiveResult;
        mkdirSync(join(options.root, STATE_DIR), { recursive: true });
        writeFileSync(marker, JSON.stringify({ last_archive_at: new Date().toISOString(), last_result: result }, null, 2));
        failures = 0;
        options.onRun?.(result);
        return result;
      } catch (error) {
        failures++;
        options.onRun?.(error as Error);
        return null;
      } finally {
        running = null;
      }
    })();
    return running;
  };

  /**
   * When to look again: soon after a failure (a run that failed because the
   * database was down at start must not wait a whole day), else when the
   * last run falls due — never later than a day, never sooner than a minute.
   */
  const nextDelay = (): number => {
    if (failures > 0) return Math.min((options.retryDelayMs ?? 5 * 60_000) * 2 ** (failures - 1), Math.max(interval, 1));
    const due = interval - (Date.now() - lastRun());
    return Math.min(Math.max(due, 60_000), DAY_MS);
  };
  let stopped = false;
  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      void tick().then(() => schedule(nextDelay()));
    }, delay);
    timer.unref();
  };

  if (options.enabled !== false) schedule(options.initialDelayMs ?? 60_000);
  return {
    tick,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
