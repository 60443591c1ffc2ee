import type { ChangeSignal } from '@project-status/core';

/** Tells a notifier about commits by other processes; runs only while someone listens. */
export interface RemoteCommitSource {
  start(emit: () => void): void;
  stop(): void;
}

/**
 * The store's {@link ChangeSignal}: commits in this process wake listeners
 * directly (`emit` after COMMIT); a {@link RemoteCommitSource} adds commits of
 * other processes, and runs only while at least one listener is subscribed —
 * a process nobody watches in pays nothing.
 */
export class ChangeNotifier implements ChangeSignal {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly remote?: RemoteCommitSource) {}

  subscribe(listener: () => void): () => void {
    const wrapped = () => listener();
    this.listeners.add(wrapped);
    if (this.listeners.size === 1) this.remote?.start(() => this.emit());
    return () => {
      if (this.listeners.delete(wrapped) && this.listeners.size === 0) this.remote?.stop();
    };
  }

  emit(): void {
    for (const listener of [...this.listeners]) listener();
  }

  close(): void {
    if (this.listeners.size > 0) this.remote?.stop();
    this.listeners.clear();
  }
}

/**
 * SQLite: `PRAGMA data_version` changes on this connection whenever another
 * connection (any process) commits to the file. Reading it costs about a
 * microsecond, so it is polled at a short interval while someone listens.
 */
export class SqliteDataVersionPoller implements RemoteCommitSource {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataVersion: () => number,
    private readonly intervalMs = 25,
  ) {}

  start(emit: () => void): void {
    let seen = this.dataVersion();
    this.timer = setInterval(() => {
      let now: number;
      try {
        now = this.dataVersion();
      } catch {
        return; // closed or busy: the next tick (or the watcher's re-check) catches up
      }
      if (now !== seen) {
        seen = now;
        emit();
      }
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** The slice of a node-postgres client the listener uses. */
export interface ListenClient {
  connect(): Promise<unknown>;
  query(sql: string): Promise<unknown>;
  on(event: 'notification' | 'error' | 'end', listener: (...args: unknown[]) => void): unknown;
  end(): Promise<void>;
}

/**
 * PostgreSQL: one dedicated connection per process `LISTEN`s on the feed's
 * channel while someone listens (a pooled connection would be taken from the
 * writers for good). Every commit with history notifies at commit time, so a
 * listener in any process on any machine wakes within a round trip. When the
 * connection drops it reconnects with backoff and wakes listeners once, so
 * they re-read from their cursor: a lost notification costs latency, never a
 * change.
 */
export class PostgresListener implements RemoteCommitSource {
  private client: ListenClient | undefined;
  private active = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly newClient: () => ListenClient,
    private readonly channel: string,
  ) {}

  start(emit: () => void): void {
    this.active = true;
    void this.connect(emit, 0);
  }

  private async connect(emit: () => void, attempt: number): Promise<void> {
    if (!this.active) return;
    const client = this.newClient();
    this.client = client;
    let failed = false;
    const fail = () => {
      if (failed) return;
      failed = true;
      void client.end().catch(() => undefined);
      if (!this.active || this.client !== client) return;
      this.client = undefined;
      const delay = Math.min(100 * 2 ** attempt, 5_000);
      this.retry = setTimeout(() => void this.connect(emit, attempt + 1), delay);
      this.retry.unref();
    };
    client.on('error', fail);
    client.on('end', fail);
    client.on('notification', () => emit());
    try {
      await client.connect();
      await client.query(`listen ${this.channel}`);
      if (!this.active || this.client !== client) {
        await client.end().catch(() => undefined);
        return;
      }
      // Commits may have happened while not listening: let watchers re-read.
      if (attempt > 0) emit();
      attempt = 0;
    } catch {
      fail();
    }
  }

  stop(): void {
    this.active = false;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    void client?.end().catch(() => undefined);
  }
}
