import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServedBy } from '@project-status/core';
import { openProjectStatus, type ProjectStatusHandle } from '../src/index.js';
import { createOutageProxy, createPostgresDatabase, postgresUnavailableReason, POSTGRES_REQUIRED, TEST_POSTGRES_URL, type OutageProxy, type TestDatabase } from '../src/testing/index.js';

const pgReason = await postgresUnavailableReason();
if (pgReason && POSTGRES_REQUIRED) throw new Error(pgReason);

/** A small seeded generator, so a failing run can be repeated (the seed is printed). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CLIENTS = 3;
const WRITES_PER_CLIENT = 40;
const MAX_WRITES_PER_CLIENT = 200;
const CUTS = ['hang', 'refuse', 'reset'] as const;

describe.skipIf(pgReason !== null)('several clients writing while PostgreSQL flaps (refused, reset, hung)', () => {
  let db: TestDatabase;
  let proxy: OutageProxy;
  let direct: ProjectStatusHandle;
  beforeAll(async () => {
    db = await createPostgresDatabase('flapping');
    const real = new URL(TEST_POSTGRES_URL);
    proxy = await createOutageProxy({ host: real.hostname, port: Number(real.port || 5432) }, 'up');
    direct = await openProjectStatus({ databaseUrl: db.url, root: db.root, clientId: 'checker' });
  });
  afterAll(async () => {
    await direct.close();
    await proxy.close();
    await db.drop();
  });

  it('loses no acknowledged write and applies none twice', async () => {
    const seed = Number(process.env.FLAP_SEED ?? Date.now() % 100_000);
    const rnd = random(seed);
    // Each client its own machine: its own project root, cache and outbox.
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) =>
        openProjectStatus({
          databaseUrl: proxy.rewrite(db.url),
          root: mkdtempSync(join(tmpdir(), `ps-flap-${i}-`)),
          clientId: `client-${i}`,
          fallback: { probeIntervalMs: 30, refreshEveryMs: 0 },
          postgres: { connectTimeoutMs: 1000, statementTimeoutMs: 2000, poolTimeoutMs: 1000 },
        }),
      ),
    );
    const items = await Promise.all(clients.map((c, i) => c.create_work_item({ item_type: 'task', title: `item of client ${i}` })));
    await Promise.all(clients.map((c) => c.fallback!.refresh()));

    type Ack = { client: number; kind: 'note' | 'title'; token: string; queued: boolean };
    const acked: Ack[] = [];
    let refused = 0;
    let flaps = 0;
    const modes = { up: 0, refuse: 0, reset: 0, hang: 0 };
    let stop = false;
    const start = Math.floor(rnd() * CUTS.length);
    const flapper = (async () => {
      while (!stop) {
        // Every way a database goes away, in turn from a random start: hung (a write frozen half-way
        // either committed or not; the client must not acknowledge what it cannot know), refused, reset
        // mid-statement — each followed by a while up, of random lengths.
        const mode = flaps % 2 === 0 ? 'up' : CUTS[(start + (flaps - 1) / 2) % CUTS.length]!;
        await proxy.set(mode);
        modes[mode]++;
        flaps++;
        await new Promise((resolve) => setTimeout(resolve, 20 + rnd() * 150));
      }
    })();

    await Promise.all(
      clients.map(async (ps, i) => {
        let version = items[i]!.version;
        // At least WRITES_PER_CLIENT, and on until every kind of cut has happened (bounded).
        for (let n = 0; n < MAX_WRITES_PER_CLIENT && (n < WRITES_PER_CLIENT || flaps < 2 * CUTS.length + 1); n++) {
          const token = `c${i}-w${n}-${seed}`;
          const kind = rnd() < 0.7 ? 'note' : 'title';
          let served: ServedBy | undefined;
          const onServed = (s: ServedBy) => (served = s);
          try {
            if (kind === 'note') await ps.add_note({ id: items[i]!.id, text: token }, { onServed });
            else version = (await ps.update_work_item({ id: items[i]!.id, version, title: token }, { onServed })).version;
            acked.push({ client: i, kind, token, queued: served?.queued === true });
          } catch (error) {
            refused++;
            // Not acknowledged (a version conflict, or a failure mid-write): re-read the version and go on.
            if ((error as { code?: string }).code === 'VERSION_CONFLICT') version = Number((error as { details: { current_version: number } }).details.current_version);
            else version = (await ps.query_work_item({ id: items[i]!.id }).catch(() => null))?.item.version ?? version;
          }
          await new Promise((resolve) => setTimeout(resolve, rnd() * 20));
        }
      }),
    );
    stop = true;
    await flapper;
    await proxy.set('up');
    for (const ps of clients) {
      for (let round = 0; round < 20 && (await ps.fallback!.drain()).remaining > 0; round++) await new Promise((r) => setTimeout(r, 50));
    }

    const conflicts = (await Promise.all(clients.map((c) => c.list_sync_conflicts({})))).flatMap((r) => r.conflicts);
    const conflicted = new Set(conflicts.map((c) => String(c.input.text ?? c.input.title)));
    let lost = 0;
    let twice = 0;
    let landed = 0;
    for (const [i, item] of items.entries()) {
      const notes = (await direct.query_work_item({ id: item.id })).notes ?? [];
      const history = await direct.store.getHistory('work_item', item.id, { limit: 10_000, offset: 0 });
      const noteTexts = (await direct.store.listNotes(item.id, 10_000)).map((n) => n.text);
      const titles = history.rows.flatMap((h) => (h.changes.title ? [String(h.changes.title.new)] : []));
      for (const ack of acked.filter((a) => a.client === i)) {
        const times = ack.kind === 'note' ? noteTexts.filter((t) => t === ack.token).length : titles.filter((t) => t === ack.token).length;
        if (times > 1) twice++;
        if (times === 1) landed++;
        else if (times === 0 && !conflicted.has(ack.token)) lost++;
      }
      for (const text of new Set(noteTexts)) if (noteTexts.filter((t) => t === text).length > 1) twice++;
      expect(notes).toBeDefined();
    }
    console.log(
      `flapping run (seed ${seed}): ${flaps} flaps (${Object.entries(modes).map(([m, n]) => `${m} ${n}`).join(', ')}), ${acked.length} writes acknowledged (${acked.filter((a) => a.queued).length} queued during outages), ` +
        `${landed} on the server, ${conflicts.length} sync conflicts, ${refused} refused or failed unacknowledged; lost ${lost}, applied twice ${twice}`,
    );
    expect({ lost, twice }).toEqual({ lost: 0, twice: 0 });
    expect(Math.min(modes.hang, modes.refuse, modes.reset)).toBeGreaterThan(0);
    expect(landed + conflicts.length).toBeGreaterThanOrEqual(acked.length);
    await Promise.all(clients.map((c) => c.close()));
  }, 120_000);
});
