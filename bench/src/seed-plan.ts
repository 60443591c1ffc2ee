import type { z } from 'zod';
import type { CreateEnhancementInput, CreateVendorInput, CreateWorkItemInput, RecordDeploymentInput } from '@project-status/core';
import { createRandom, type Random } from './random.js';
import { ACTORS, AREAS, LABELS, NOUNS, PRINCIPLES, VERBS } from './seed-vocabulary.js';

/**
 * The seed, planned as data before anything is written: a pure function of
 * (scale, seed). Items refer to their parent and to each other by index into
 * `items`; the seeder turns indexes into the ids the services generate.
 */

/** Items per project tree, by depth (0 = the project). Sums to 150; 8 trees per scale unit = 1 200 items. */
export const TREE_SHAPE = [1, 5, 25, 55, 45, 19] as const;
const TREES_PER_SCALE = 8;
const VENDORS_PER_SCALE = 45;
const DEPLOYMENTS_PER_SCALE = 50;
const ENHANCEMENTS_PER_SCALE = 6;

type WorkItemInput = Omit<z.input<typeof CreateWorkItemInput>, 'parent_id'>;
type DeploymentInput = Omit<z.input<typeof RecordDeploymentInput>, 'affected_vendor_ids' | 'related_work_item_ids'>;
type EnhancementInput = Omit<z.input<typeof CreateEnhancementInput>, 'work_item_ids'>;

/** One step of the seed, in the order it must run (parents before children, ends of an edge before the edge). */
export type SeedStep =
  | { kind: 'vendor'; actor: string; input: z.input<typeof CreateVendorInput> }
  | { kind: 'item'; actor: string; index: number; parent: number | null; input: WorkItemInput }
  | { kind: 'dependency'; actor: string; before: number; after: number; type: 'blocks' | 'depends_on' }
  | { kind: 'deployment'; actor: string; vendors: number[]; items: number[]; input: DeploymentInput }
  | { kind: 'enhancement'; actor: string; items: number[]; input: EnhancementInput }
  | { kind: 'delete'; actor: string; index: number };

export interface SeedPlan {
  steps: SeedStep[];
  counts: { vendors: number; workItems: number; dependencies: number; deployments: number; enhancements: number; deleted: number };
}

interface Node {
  index: number;
  depth: number;
  parent: Node | null;
  children: number;
  status: 'active' | 'completed' | 'blocked';
}

function title(rng: Random): string {
  return `${rng.pick(VERBS)} ${rng.pick(NOUNS)} ${rng.pick(AREAS)}`;
}

function childStatus(rng: Random, parent: Node | null, depth: number): Node['status'] {
  if (depth === 0) return rng.chance(0.15) ? 'completed' : 'active';
  // Work under a finished parent is almost always finished too.
  if (parent?.status === 'completed' && rng.chance(0.9)) return 'completed';
  if (depth === 1) return rng.chance(0.55) ? 'completed' : 'active';
  const r = rng.next();
  return r < 0.5 ? 'active' : r < 0.88 ? 'completed' : 'blocked';
}

function itemInput(rng: Random, depth: number, status: Node['status'], scale: number): WorkItemInput {
  const labels = rng.sample(LABELS, rng.int(0, 3));
  if (depth === 0) {
    return {
      item_type: 'project',
      title: `Project ${rng.pick(NOUNS)} ${rng.pick(NOUNS)} platform`,
      status,
      labels,
      metadata: {
        description: `Deliver the ${rng.pick(NOUNS)} platform ${rng.pick(AREAS)}.`,
        target_quarter: `${rng.int(2025, 2027)}-Q${rng.int(1, 4)}`,
        constitutional_principles: rng.sample(PRINCIPLES, rng.int(0, 3)),
      },
    };
  }
  if (depth === 1) {
    return {
      item_type: 'session',
      title: `Session: ${title(rng)}`,
      status,
      metadata: {
        token_budget: rng.int(20, 400) * 1000,
        prompts_count: rng.int(0, 60),
        yaml_frontmatter: { schema_version: '1.0', model: rng.pick(['claude-sonnet', 'claude-opus']), prompt_kind: rng.pick(['feature', 'fix', 'research']) },
      },
    };
  }
  const branch = rng.chance(0.45) ? { branch_name: `feature/${rng.pick(NOUNS)}-${rng.int(1, 400 * Math.max(1, scale))}` } : {};
  const shipped = status === 'completed' && rng.chance(0.6) ? { commit_hash: rng.hex(40), pr_number: rng.int(1, 5000 * Math.max(1, scale)) } : {};
  if (rng.chance(0.12)) {
    return {
      item_type: 'research',
      title: `Research: ${title(rng)}`,
      status,
      labels,
      ...branch,
      metadata: {
        research_questions: Array.from({ length: rng.int(1, 3) }, () => `How does the ${rng.pick(NOUNS)} behave ${rng.pick(AREAS)}?`),
        ...(status === 'completed' ? { findings_summary: `The ${rng.pick(NOUNS)} is the bottleneck ${rng.pick(AREAS)}.` } : {}),
        references: rng.chance(0.5) ? [`https://example.com/notes/${rng.hex(8)}`] : [],
      },
    };
  }
  const estimated = rng.int(1, 40);
  return {
    item_type: 'task',
    title: title(rng),
    status,
    labels,
    ...branch,
    ...shipped,
    metadata: {
      estimated_hours: estimated,
      ...(status === 'completed' ? { actual_hours: rng.int(1, estimated * 2) } : {}),
      ...(status === 'blocked' ? { blocked_reason: `Waiting for the ${rng.pick(NOUNS)} ${rng.pick(AREAS)}` } : {}),
    },
  };
}

function vendorInput(rng: Random, n: number): z.input<typeof CreateVendorInput> {
  const operational = rng.chance(0.8);
  const total = rng.int(5, 80);
  const skipped = rng.int(0, Math.min(3, total));
  const passing = operational ? total - skipped - rng.int(0, Math.min(2, total - skipped)) : rng.int(0, total - skipped);
  const version = `${rng.int(0, 3)}.${rng.int(0, 9)}.${rng.int(0, 20)}`;
  return {
    name: `vendor_${n}`,
    status: operational ? 'operational' : 'broken',
    extractor_version: version,
    initial_metadata: {
      format_support: { excel: rng.chance(0.7), csv: rng.chance(0.8), pdf: rng.chance(0.5), ocr: rng.chance(0.2) },
      test_results: { passing, total, skipped },
      manifest_compliant: rng.chance(0.7),
      scaffolder_version: `2.${rng.int(0, 4)}.0`,
    },
  };
}

/** Adds the project tree rooted at the next index, with its dependencies, to `steps`. */
function planTree(rng: Random, steps: SeedStep[], nodes: Node[], scale: number, pairs: Set<string>): number {
  const byDepth: Node[][] = [];
  let edges = 0;
  for (let depth = 0; depth < TREE_SHAPE.length; depth++) {
    const level: Node[] = [];
    const parents = depth === 0 ? [null] : (byDepth[depth - 1] ?? []);
    for (let k = 0; k < (TREE_SHAPE[depth] ?? 0); k++) {
      // Levels 1 and 2 spread evenly (5 sessions, 5 items each); deeper levels pick a random parent.
      const parent = depth === 0 ? null : depth <= 2 ? parents[Math.floor(k / (TREE_SHAPE[depth]! / parents.length))]! : rng.pick(parents);
      const status = childStatus(rng, parent, depth);
      const node: Node = { index: nodes.length, depth, parent, children: 0, status };
      if (parent) parent.children++;
      nodes.push(node);
      level.push(node);
      steps.push({ kind: 'item', actor: rng.pick(ACTORS), index: node.index, parent: parent?.index ?? null, input: itemInput(rng, depth, status, scale) });
    }
    byDepth.push(level);
  }
  // Dependencies always run from an earlier item to a later one, so creation order is a topological order and the graph stays acyclic.
  const work = byDepth.slice(2).flat().sort((a, b) => a.index - b.index);
  for (let i = 1; i < work.length; i++) {
    const later = work[i]!;
    const siblings = work.slice(0, i).filter((w) => w.parent === later.parent);
    const candidates: Node[] = [];
    if (siblings.length && rng.chance(0.3)) candidates.push(rng.pick(siblings));
    if (rng.chance(0.06)) candidates.push(work[rng.int(0, i - 1)]!);
    for (const before of candidates) {
      let ancestor = later.parent;
      while (ancestor && ancestor !== before) ancestor = ancestor.parent;
      const key = `${Math.min(before.index, later.index)}:${Math.max(before.index, later.index)}`;
      if (ancestor === before || pairs.has(key)) continue;
      pairs.add(key);
      steps.push({ kind: 'dependency', actor: rng.pick(ACTORS), before: before.index, after: later.index, type: rng.chance(0.5) ? 'blocks' : 'depends_on' });
      edges++;
    }
  }
  return edges;
}

/**
 * Plans a project of the given scale (1 = SPEC §6 seed scale: 45 vendors,
 * 1 200 work items, 50 deployments; 100 = 4 500 / 120 000 / 5 000).
 *
 * @example
 * const plan = planSeed(1, 7);
 * plan.counts.workItems; // 1200
 */
export function planSeed(scale: number, seed: number): SeedPlan {
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError(`scale must be a positive number, got ${scale}`);
  const rng = createRandom(seed);
  const steps: SeedStep[] = [];
  const nodes: Node[] = [];
  const vendors = Math.max(1, Math.round(VENDORS_PER_SCALE * scale));
  for (let n = 1; n <= vendors; n++) steps.push({ kind: 'vendor', actor: rng.pick(ACTORS), input: vendorInput(rng, n) });

  const pairs = new Set<string>();
  let dependencies = 0;
  const trees = Math.max(1, Math.round(TREES_PER_SCALE * scale));
  for (let t = 0; t < trees; t++) dependencies += planTree(rng, steps, nodes, scale, pairs);

  const deployments = Math.round(DEPLOYMENTS_PER_SCALE * scale);
  for (let d = 0; d < deployments; d++) {
    const commit = rng.hex(40);
    steps.push({
      kind: 'deployment',
      actor: 'ci',
      vendors: rng.sample(Array.from({ length: vendors }, (_, i) => i), rng.int(1, 3)),
      items: Array.from({ length: rng.int(1, 4) }, () => rng.int(0, nodes.length - 1)).filter((v, i, a) => a.indexOf(v) === i),
      input: {
        commit_hash: commit,
        metadata: {
          pr_number: 100 + d,
          pr_title: title(rng),
          commit_hash: commit,
          test_summary: { passed: rng.int(20, 400), failed: rng.chance(0.1) ? rng.int(1, 3) : 0 },
          constitutional_compliance: rng.chance(0.9),
        },
      },
    });
  }

  const enhancements = Math.max(1, Math.round(ENHANCEMENTS_PER_SCALE * scale));
  for (let e = 0; e < enhancements; e++) {
    steps.push({
      kind: 'enhancement',
      actor: rng.pick(ACTORS),
      items: rng.chance(0.5) ? [rng.int(0, nodes.length - 1)] : [],
      input: {
        title: `${rng.pick(VERBS)} ${rng.pick(NOUNS)} support`,
        description: `Would let users ${rng.pick(VERBS).toLowerCase()} the ${rng.pick(NOUNS)} ${rng.pick(AREAS)}.`,
        priority: rng.int(1, 5),
        status: rng.pick(['planned', 'approved', 'implementing', 'completed'] as const),
        target_quarter: `2026-Q${rng.int(1, 4)}`,
        requires_constitutional_principles: rng.sample(PRINCIPLES, rng.int(0, 2)),
      },
    });
  }

  // About 1 % of the leaves end up soft-deleted, so "deleted_at is null" filters have something to skip.
  let deleted = 0;
  for (const node of nodes) {
    if (node.children === 0 && node.depth >= 2 && rng.chance(0.01)) {
      steps.push({ kind: 'delete', actor: rng.pick(ACTORS), index: node.index });
      deleted++;
    }
  }
  return { steps, counts: { vendors, workItems: nodes.length, dependencies, deployments, enhancements, deleted } };
}
