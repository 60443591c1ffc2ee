import { NotFoundError } from '../errors/domain-error.js';
import { toDeploymentSummary, type Deployment, type DeploymentSummary, type ListDeploymentsInput, type RecordDeploymentInput } from '../deployment/schema.js';
import { nowIso, type ServiceEnv } from './env.js';
import { resolveVendorRefs } from './vendors.js';

/** record_deployment: append-only; every linked vendor and work item must exist (soft-deleted items are fine). */
export async function recordDeployment(env: ServiceEnv, input: RecordDeploymentInput): Promise<Deployment> {
  const at = nowIso(env);
  const vendorRefs = [...new Set(input.affected_vendor_ids)];
  const workIds = [...new Set(input.related_work_item_ids)];
  return env.store.transaction(async (tx) => {
    const [vendors, items] = await Promise.all([resolveVendorRefs(tx, vendorRefs), tx.getWorkItems(workIds)]);
    const unknownVendors = vendors.unknown;
    const vendorIds = [...new Set([...vendors.found.values()].map((v) => v.id))];
    const unknownItems = workIds.filter((id) => !items.some((w) => w.id === id));
    if (unknownVendors.length || unknownItems.length) {
      const parts = [
        unknownVendors.length ? `unknown vendor(s): ${unknownVendors.join(', ')}` : '',
        unknownItems.length ? `unknown work item id(s): ${unknownItems.join(', ')}` : '',
      ].filter(Boolean);
      throw new NotFoundError(`deployment not recorded — ${parts.join('; ')}`, { unknown_vendor_ids: unknownVendors, unknown_work_item_ids: unknownItems });
    }
    const id = env.newId();
    await tx.insertDeployment(
      { id, deployed_at: input.deployed_at ? new Date(input.deployed_at).toISOString() : at, commit_hash: input.commit_hash, metadata: input.metadata, created_at: at, created_by: env.actor },
      vendorIds,
      workIds,
    );
    await tx.appendHistory([
      {
        id: env.newId(),
        entity_type: 'deployment',
        entity_id: id,
        version: 1,
        action: 'create',
        actor: env.actor,
        at,
        changes: { commit_hash: { old: null, new: input.commit_hash }, vendors: { old: null, new: vendorIds }, work_items: { old: null, new: workIds } },
      },
    ]);
    const created = await tx.getDeployment(id);
    if (!created) throw new NotFoundError(`deployment ${id} vanished inside its own transaction`);
    return created;
  });
}

/** list_deployments: newest first. */
export async function listDeployments(env: ServiceEnv, input: ListDeploymentsInput): Promise<{ deployments: (Deployment | DeploymentSummary)[]; total_count: number; limit: number; offset: number }> {
  // A vendor filter may name the vendor or give its id; the store filters by name (unique in any case).
  const vendor = input.vendor ? (await resolveVendorRefs(env.store, [input.vendor])).found.get(input.vendor) : undefined;
  const page = await env.store.listDeployments(vendor ? { ...input, vendor: vendor.name } : input);
  const rows = input.detail === 'full' ? page.rows : page.rows.map(toDeploymentSummary);
  return { deployments: rows, total_count: page.total, limit: input.limit, offset: input.offset };
}
