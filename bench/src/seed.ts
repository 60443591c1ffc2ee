import { createUuidV7Generator, joinTransaction, runOperation, type Operation, type ProjectStatus, type Store } from '@project-status/core';
import { createRandom } from './random.js';
import { planSeed, type SeedPlan, type SeedStep } from './seed-plan.js';

/** Options of {@link seedProject}. */
export interface SeedOptions {
  /** 1 = SPEC §6 seed scale (45 vendors, 1 200 work items, 50 deployments); 100 = 100× that. */
  scale: number;
  /** Called after every batch with steps done and steps in all. */
  onProgress?: (done: number, total: number) => void;
  /** PRNG seed: the same seed gives the same project. */
  seed?: number;
  /**
   * Steps per transaction. Above 1, a batch runs inside one `store.transaction`
   * (every service call still validates and writes history); 1 runs each call
   * in its own transaction, as a client would.
   */
  batchSize?: number;
  /** End of the simulated timeline the seed's timestamps are spread over (default: now). */
  until?: Date;
  /** Length of that timeline in days (default 300, inside the 365-day archive threshold). */
  spanDays?: number;
}

/** What a seeded project holds, for benchmarks to pick their targets from. */
export interface SeedResult {
  vendorNames: string[];
  /** Live (not soft-deleted) work item ids in creation order; each project root precedes its tree. */
  workItemIds: string[];
  vendorIds: string[];
  /** Ids of the project roots (depth 0), each heading a 150-item tree five levels deep. */
  rootIds: string[];
  /** Live items at depth 2–4: parents for new tasks. */
  innerIds: string[];
  /** Live leaf tasks, with the version the seed left them at. */
  leaves: { id: string; version: number }[];
  counts: SeedPlan['counts'];
  seconds: number;
}

const DEFAULT_SEED = 20_261_125;
const DEFAULT_BATCH = 500;

/** Runs one planned step through the catalog operation (input validated by its zod schema, history written). */
async function runStep(ops: Readonly<Record<string, Operation>>, env: { store: Store; now(): Date; newId(): string }, step: SeedStep, ids: string[], vendorIds: string[], versions: number[]): Promise<void> {
  const call = (name: string, input: unknown) => runOperation(ops[name]!, input, { ...env, actor: step.actor });
  switch (step.kind) {
    case 'vendor':
      vendorIds.push(((await call('create_vendor', step.input)) as { id: string }).id);
      return;
    case 'item': {
      const parentId = step.parent === null ? null : ids[step.parent];
      const item = (await call('create_work_item', { ...step.input, parent_id: parentId })) as { id: string; version: number };
      ids[step.index] = item.id;
      versions[step.index] = item.version;
      return;
    }
    case 'dependency': {
      const [before, after] = [ids[step.before]!, ids[step.after]!];
      const edge = step.type === 'blocks' ? { source_id: before, target_id: after } : { source_id: after, target_id: before };
      await call('add_dependency', { ...edge, dependency_type: step.type });
      return;
    }
    case 'deployment':
      await call('record_deployment', { ...step.input, affected_vendor_ids: step.vendors.map((v) => vendorIds[v]), related_work_item_ids: step.items.map((i) => ids[i]) });
      return;
    case 'enhancement':
      await call('create_enhancement', { ...step.input, work_item_ids: step.items.map((i) => ids[i]) });
      return;
    case 'delete': {
      const item = (await call('update_work_item', { id: ids[step.index], version: versions[step.index], delete: true })) as { version: number };
      versions[step.index] = item.version;
      return;
    }
  }
}

/**
 * Fills an empty store with a realistic, deterministic project: vendors,
 * five-level work item trees (projects → sessions → tasks/research → …) with
 * mixed statuses, labels and branches, acyclic dependencies (about a third of
 * the tasks wait on an earlier one), deployments linked to vendors and work
 * items, and a few enhancements. Everything goes through the catalog
 * operations — validated, versioned, recorded in history — never through
 * hand-written INSERTs. Timestamps and ids follow a simulated clock spread
 * over `spanDays`, so ids and content are reproducible for a given `until`.
 *
 * @example
 * const ps = await openProjectStatus({ databaseUrl: 'sqlite:/tmp/x/status.db', root: '/tmp/x', create: true });
 * const { vendorNames, workItemIds } = await seedProject(ps, { scale: 1 });
 */
export async function seedProject(ps: ProjectStatus, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const seed = options.seed ?? DEFAULT_SEED;
  const plan = planSeed(options.scale, seed);
  const batch = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH));
  const until = (options.until ?? new Date()).getTime();
  const span = (options.spanDays ?? 300) * 86_400_000;
  const stepMs = span / Math.max(1, plan.steps.length);
  let tick = 0;
  const clock = () => Math.floor(until - span + tick * stepMs);
  // A separate stream for ids, so the content does not depend on how many ids a service draws.
  const idRandom = createRandom(seed ^ 0x5eed);
  const env = { now: () => new Date(clock()), newId: createUuidV7Generator(clock, (b) => idRandom.fill(b)) };

  const ids: string[] = [];
  const versions: number[] = [];
  const vendorIds: string[] = [];
  const total = plan.steps.length;
  for (let i = 0; i < total; i += batch) {
    const chunk = plan.steps.slice(i, i + batch);
    const runChunk = async (store: Store) => {
      for (const step of chunk) {
        await runStep(ps.operations, { ...env, store }, step, ids, vendorIds, versions);
        tick++;
      }
    };
    if (batch === 1) await runChunk(ps.store);
    else await ps.store.transaction((tx) => runChunk(joinTransaction(tx, ps.store.engine)));
    options.onProgress?.(Math.min(i + batch, total), total);
  }

  const deleted = new Set(plan.steps.flatMap((s) => (s.kind === 'delete' ? [s.index] : [])));
  const items = plan.steps.flatMap((s) => (s.kind === 'item' ? [s] : []));
  const hasChildren = new Set(items.map((s) => s.parent));
  const depthOf: number[] = [];
  for (const s of items) depthOf[s.index] = s.parent === null ? 0 : depthOf[s.parent]! + 1;
  const live = items.filter((s) => !deleted.has(s.index));
  return {
    vendorNames: plan.steps.flatMap((s) => (s.kind === 'vendor' ? [s.input.name] : [])),
    workItemIds: live.map((s) => ids[s.index]!),
    vendorIds,
    rootIds: live.filter((s) => s.parent === null).map((s) => ids[s.index]!),
    innerIds: live.filter((s) => depthOf[s.index]! >= 2 && depthOf[s.index]! <= 4).map((s) => ids[s.index]!),
    leaves: live.filter((s) => !hasChildren.has(s.index) && s.input.item_type === 'task').map((s) => ({ id: ids[s.index]!, version: versions[s.index]! })),
    counts: plan.counts,
    seconds: (performance.now() - started) / 1000,
  };
}
