/** Default: a session nobody used for 15 minutes (and that holds no open stream) is closed. */
export const DEFAULT_SESSION_IDLE_TIMEOUT_MS = 15 * 60 * 1000;
/** Default cap on open sessions; each holds a server object. */
export const DEFAULT_MAX_SESSIONS = 256;
/** Default cap on the sessions of one client (one remote address). */
export const DEFAULT_MAX_SESSIONS_PER_CLIENT = 32;

/** The limits of a {@link SessionTable}. */
export interface SessionLimits {
  /** Close a session after this long without a request (and without an open stream). */
  idleTimeoutMs: number;
  /** Open sessions at most. */
  maxSessions: number;
  /** Open sessions of one client at most; beyond it the client's least recently used session makes room. */
  maxSessionsPerClient: number;
  /** Milliseconds clock; tests pass a controllable one. */
  now: () => number;
}

/** What the table keeps of one session. */
interface Entry<T> {
  session: T;
  client: string;
  lastUsed: number;
  /** Requests (and streams) of the session still open: a session with one is in use, however old its last request. */
  open: number;
}

/**
 * The open MCP sessions with their owners and last use, so that sessions
 * whose clients vanished without DELETE do not pile up until nobody can
 * connect: idle ones expire, one client cannot hold more than its share,
 * and when the table is full the least recently used idle session makes
 * room for a new one instead of the newcomer being refused.
 *
 * The table never closes a session itself: it hands the sessions to end to
 * `close`, already removed from the table.
 */
export class SessionTable<T> {
  /** In least-recently-used order: a use moves an entry to the end. */
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly limits: SessionLimits,
    private readonly close: (session: T) => void,
  ) {}

  /** Number of open sessions. */
  get size(): number {
    return this.entries.size;
  }

  /** Number of sessions with a request or stream open. */
  get inUse(): number {
    let n = 0;
    for (const entry of this.entries.values()) if (entry.open > 0) n += 1;
    return n;
  }

  /** The session with this id, if it is open. */
  get(id: string): T | undefined {
    return this.entries.get(id)?.session;
  }

  /**
   * Marks a request of session `id` as started; call the returned function
   * when its response has ended (for a stream: when the stream closes).
   */
  use(id: string): () => void {
    const entry = this.entries.get(id);
    if (!entry) return () => undefined;
    entry.open += 1;
    this.touch(id, entry);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      entry.open -= 1;
      if (this.entries.get(id) === entry) this.touch(id, entry);
    };
  }

  /** Forgets a session that closed (DELETE, transport closed). */
  remove(id: string): void {
    this.entries.delete(id);
  }

  /** Closes every session idle for longer than the timeout; returns how many. */
  sweep(): number {
    const cutoff = this.limits.now() - this.limits.idleTimeoutMs;
    let closed = 0;
    for (const [id, entry] of this.entries) {
      if (entry.open === 0 && entry.lastUsed <= cutoff) {
        this.evict(id, entry);
        closed += 1;
      }
    }
    return closed;
  }

  /**
   * Makes room for a new session of `client` and registers it under `id`,
   * or says why not. Expired sessions go first; then, if the client is at
   * its cap, its own least recently used session (idle ones first); then,
   * if the table is full, the least recently used idle session of anyone.
   * Only when every session is in use is the newcomer refused.
   */
  admit(id: string, client: string, session: T): { ok: true } | { ok: false; message: string } {
    this.sweep();
    const own = [...this.entries].filter(([, e]) => e.client === client);
    if (own.length >= this.limits.maxSessionsPerClient) {
      const [victimId, victim] = own.find(([, e]) => e.open === 0) ?? own[0]!;
      this.evict(victimId, victim);
    }
    if (this.entries.size >= this.limits.maxSessions) {
      const idle = [...this.entries].find(([, e]) => e.open === 0);
      if (!idle) return { ok: false, message: `all ${this.limits.maxSessions} sessions are in use; retry later, or raise --max-sessions` };
      this.evict(idle[0], idle[1]);
    }
    this.entries.set(id, { session, client, lastUsed: this.limits.now(), open: 0 });
    return { ok: true };
  }

  /** Removes and returns every session (the server is stopping). */
  drain(): T[] {
    const all = [...this.entries.values()].map((e) => e.session);
    this.entries.clear();
    return all;
  }

  private touch(id: string, entry: Entry<T>): void {
    entry.lastUsed = this.limits.now();
    this.entries.delete(id);
    this.entries.set(id, entry);
  }

  private evict(id: string, entry: Entry<T>): void {
    this.entries.delete(id);
    this.close(entry.session);
  }
}
