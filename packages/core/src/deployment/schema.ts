import { z } from 'zod';
import { boundedJson } from '../primitives/json-bounds.js';
import { Actor, CommitHash, Detail, InputTimestamp, IsoTimestamp, Limit, MAX_INT32, Offset, singleLine, Uuid } from '../primitives/schemas.js';
import { VendorRef } from '../vendor/schema.js';
import { WorkItemRef } from '../work-item/short-id.js';
import { lazySchema } from '../primitives/lazy-schema.js';

/** The fields of deployment metadata, before the bounds (zod cannot extend a refined object). */
const DeploymentMetadataFields = lazySchema(() => z.looseObject({
  pr_number: z.int().min(1, 'must be a positive integer').max(MAX_INT32),
  pr_title: singleLine(z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters')),
  commit_hash: CommitHash,
  test_summary: z.record(singleLine(z.string().min(1).max(50)), z.int().min(0).max(MAX_INT32), { error: 'test_summary maps a category to a count ≥ 0, e.g. {"passed": 45, "failed": 0}' }),
  constitutional_compliance: z.boolean(),
  legacy_work_item_refs: z.array(z.string().max(100)).optional(),
}));
/** Deployment metadata: known keys are checked; extra keys are kept, within the metadata bounds. */
export const DeploymentMetadata = lazySchema(() => boundedJson(DeploymentMetadataFields));
export type DeploymentMetadata = z.infer<typeof DeploymentMetadata>;

const LinkRef = lazySchema(() => z.object({ id: Uuid, name: z.string() }));
const WorkRef = lazySchema(() => z.object({ id: Uuid, title: z.string().optional() }));

export const Deployment = lazySchema(() => z.object({
  id: Uuid,
  deployed_at: IsoTimestamp,
  commit_hash: z.string(),
  metadata: DeploymentMetadata,
  vendors: z.array(LinkRef),
  work_items: z.array(WorkRef),
  version: z.int(),
  created_at: IsoTimestamp,
  created_by: z.string(),
}));
export type Deployment = z.infer<typeof Deployment>;

/** A list row of a deployment (list_deployments without detail: "full"): no metadata object, vendors by name, work items by id. */
export const DeploymentSummary = lazySchema(() => z.object({
  id: Uuid,
  deployed_at: IsoTimestamp,
  commit_hash: z.string(),
  pr_number: z.int(),
  pr_title: z.string(),
  vendors: z.array(z.string()),
  work_item_ids: z.array(Uuid),
}));
export type DeploymentSummary = z.infer<typeof DeploymentSummary>;

export function toDeploymentSummary(d: Deployment): DeploymentSummary {
  return { id: d.id, deployed_at: d.deployed_at, commit_hash: d.commit_hash, pr_number: d.metadata.pr_number, pr_title: d.metadata.pr_title, vendors: d.vendors.map((v) => v.name), work_item_ids: d.work_items.map((w) => w.id) };
}

/** A deployment as a work item's detail lists it. */
export const DeploymentRef = lazySchema(() => z.object({ id: Uuid, deployed_at: IsoTimestamp, pr_number: z.int(), commit_hash: z.string() }));
export type DeploymentRef = z.infer<typeof DeploymentRef>;

/**
 * record_deployment input. The commit hash is given once, as `commit_hash`;
 * `metadata.commit_hash` (which the stored deployment keeps, SPEC §3.4) is
 * taken from it when left out, and refused when it differs — so every surface
 * (MCP, HTTP, CLI, library) gets the same rule and no adapter fills it in.
 *
 * @example
 * RecordDeploymentInput.parse({ commit_hash: sha, metadata: { pr_number: 42, pr_title: 'Importer', test_summary: { passed: 45 }, constitutional_compliance: true } });
 * // → metadata.commit_hash === sha
 */
export const RecordDeploymentInput = lazySchema(() => z
  .strictObject({
    deployed_at: InputTimestamp.optional(),
    commit_hash: CommitHash,
    metadata: boundedJson(
      DeploymentMetadataFields.extend({
        commit_hash: CommitHash.optional().describe('Defaults to commit_hash; if given, must equal it.'),
      }),
    ),
    affected_vendor_ids: z.array(VendorRef).max(1000).default([]),
    related_work_item_ids: z.array(WorkItemRef).max(1000).default([]),
    created_by: Actor.optional(),
  })
  // A transform (not a refine) so it runs only on otherwise valid input: a malformed hash gets one issue, not two.
  .transform((input, ctx) => {
    const given = input.metadata.commit_hash;
    if (given !== undefined && given !== input.commit_hash) {
      ctx.issues.push({
        code: 'custom',
        input: given,
        path: ['metadata', 'commit_hash'],
        message: `must equal commit_hash: expected "${input.commit_hash}", received "${given}" (leave metadata.commit_hash out and it is taken from commit_hash)`,
      });
      return z.NEVER;
    }
    return { ...input, metadata: { ...input.metadata, commit_hash: input.commit_hash } };
  }));
export type RecordDeploymentInput = z.infer<typeof RecordDeploymentInput>;

export const ListDeploymentsInput = lazySchema(() => z.strictObject({
  since: InputTimestamp.optional(),
  until: InputTimestamp.optional(),
  vendor: VendorRef.optional(),
  work_item_id: WorkItemRef.optional(),
  limit: Limit,
  offset: Offset,
  detail: Detail,
}));
export type ListDeploymentsInput = z.infer<typeof ListDeploymentsInput>;
