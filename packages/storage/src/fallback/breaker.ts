import type { DomainError } from '@project-status/core';

/** Options of {@link CircuitBreaker}. */
export interface BreakerOptions {
  /** How often the background probe asks a database that failed whether it answers again (default 2 000 ms). */
  probeIntervalMs?: number;
}

export const DEFAULT_PROBE_INTERVAL_MS = 2_000;

/**
 * The outage circuit breaker (SPEC §5, docs/outage.md). Closed: calls go to
 * the database. The first call that fails because the database is down opens
 * it: from then on calls go straight to the fallback without paying a
 * connect or statement timeout each, and one background probe (a ping, at
 * most one in flight) runs every `probeIntervalMs`. The first probe that
 * succeeds closes it again, so the probe period bounds how long recovery
 * takes to notice; `onClose` then starts the outbox replay.
 */
export class CircuitBreaker {
  private open = false;
  private cause: DomainError | undefined;
  private openedAt: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private probing = false;
  private stopped = false;
  private readonly interval: number;

  constructor(
    private readonly probe: () => Promise<boolean>,
    private readonly onRecover: () => void,
    options: BreakerOptions = {},
  ) {
    this.interval = options.probeIntervalMs ?? DEFAULT_PROBE_INTERVAL_MS;
  }

  /** Whether calls may try the database now. */
  allows(): boolean {
    return !this.open;
  }

  /** Why the database is considered down (the failure that opened the breaker). */
  get lastCause(): DomainError | undefined {
    return this.cause;
  }

  /** Milliseconds since it opened; null while closed. */
  openFor(now = Date.now()): number | null {
    return this.openedAt === undefined ? null : now - this.openedAt;
  }

  success(): void {
    if (!this.open) return;
    this.open = false;
    this.openedAt = undefined;
    this.cause = undefined;
    this.clear();
    this.onRecover();
  }

  failure(cause: DomainError): void {
    this.cause = cause;
    if (this.open || this.stopped) return;
    this.open = true;
    this.openedAt = Date.now();
    this.schedule();
  }

  /** Stops probing for good (the store is closing). */
  stop(): void {
    this.stopped = true;
    this.clear();
  }

  private schedule(): void {
    this.clear();
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.interval);
    // A probe never keeps a process (a CLI call, a test) alive on its own.
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (!this.open || this.probing || this.stopped) return;
    this.probing = true;
    let answered = false;
    try {
      answered = await this.probe();
    } catch {
      answered = false;
    } finally {
      this.probing = false;
    }
    if (answered) this.success();
    else this.schedule();
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
