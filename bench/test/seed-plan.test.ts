import { describe, expect, it } from 'vitest';
import { planSeed, TREE_SHAPE, type SeedStep } from '../src/seed-plan.js';

const items = (steps: SeedStep[]) => steps.flatMap((s) => (s.kind === 'item' ? [s] : []));

describe('planSeed', () => {
  it('plans the SPEC §6 seed scale: 45 vendors, 1 200 work items, 50 deployments', () => {
    const { counts } = planSeed(1, 7);
    expect(counts).toMatchObject({ vendors: 45, workItems: 1200, deployments: 50 });
    expect(counts.enhancements).toBeGreaterThan(0);
  });

  it('plans 100× the seed scale: 4 500 vendors, 120 000 work items, 5 000 deployments', () => {
    expect(planSeed(100, 7).counts).toMatchObject({ vendors: 4500, workItems: 120_000, deployments: 5000 });
  });

  it('yields the same plan for the same seed and a different one for another seed', () => {
    expect(planSeed(1, 7)).toEqual(planSeed(1, 7));
    expect(planSeed(1, 8)).not.toEqual(planSeed(1, 7));
  });

  it('creates every parent before its children and never goes deeper than depth 5', () => {
    const depth: number[] = [];
    for (const step of items(planSeed(1, 7).steps)) {
      if (step.parent !== null) expect(depth[step.parent]).toBeDefined();
      depth[step.index] = step.parent === null ? 0 : depth[step.parent]! + 1;
    }
    expect(Math.max(...depth)).toBe(TREE_SHAPE.length - 1);
    expect(TREE_SHAPE.length - 1).toBeLessThanOrEqual(5);
  });

  it('only links an earlier item before a later one, so the dependency graph is acyclic', () => {
    const deps = planSeed(1, 7).steps.flatMap((s) => (s.kind === 'dependency' ? [s] : []));
    expect(deps.length).toBeGreaterThan(100);
    for (const d of deps) expect(d.before).toBeLessThan(d.after);
    expect(new Set(deps.map((d) => `${d.before}:${d.after}`)).size).toBe(deps.length);
  });

  it('mixes item types and statuses', () => {
    const all = items(planSeed(1, 7).steps);
    expect(new Set(all.map((s) => s.input.item_type))).toEqual(new Set(['project', 'session', 'task', 'research']));
    expect(new Set(all.map((s) => s.input.status))).toEqual(new Set(['active', 'completed', 'blocked']));
    expect(all.some((s) => s.input.branch_name)).toBe(true);
    expect(all.some((s) => (s.input.labels ?? []).length > 0)).toBe(true);
  });

  it('rejects a scale that is not a positive number', () => {
    expect(() => planSeed(0, 7)).toThrow(/positive/);
    expect(() => planSeed(Number.NaN, 7)).toThrow(/positive/);
  });
});
