import { EntitySchema } from '@mikro-orm/core';
import type { VendorRow } from './vendor.entity.js';

export interface DeploymentRow {
  id: string;
  deployed_at: Date;
  commit_hash: string;
  metadata: Record<string, unknown>;
  version: number;
  created_at: Date;
  created_by: string;
}

/** Append-only; `version` stays 1. */
export const DeploymentEntity = new EntitySchema<DeploymentRow>({
  name: 'Deployment',
  tableName: 'deployments',
  properties: {
    id: { type: 'uuid', primary: true },
    deployed_at: { type: 'datetime' },
    commit_hash: { type: 'string', length: 40 },
    metadata: { type: 'json' },
    version: { type: 'integer', default: 1 },
    created_at: { type: 'datetime' },
    created_by: { type: 'string', length: 100 },
  },
  indexes: [
    { name: 'deployments_deployed_at_idx', properties: ['deployed_at'] },
    { name: 'deployments_commit_hash_idx', properties: ['commit_hash'] },
  ],
});

export interface DeploymentVendorRow {
  deployment_id: DeploymentRow;
  vendor_id: VendorRow;
}

export const DeploymentVendorEntity = new EntitySchema<DeploymentVendorRow>({
  name: 'DeploymentVendor',
  tableName: 'deployment_vendors',
  properties: {
    deployment_id: { kind: 'm:1', entity: 'Deployment', fieldName: 'deployment_id', primary: true, deleteRule: 'cascade' },
    vendor_id: { kind: 'm:1', entity: 'Vendor', fieldName: 'vendor_id', primary: true, deleteRule: 'restrict' },
  } as never,
  indexes: [{ name: 'deployment_vendors_vendor_id_index', properties: ['vendor_id'] }],
});

export interface DeploymentWorkItemRow {
  deployment_id: DeploymentRow;
  work_item_id: string;
}

/**
 * Links to work items carry no foreign key on purpose: a deployment keeps its
 * link when the item is soft-deleted and also after the item is archived.
 */
export const DeploymentWorkItemEntity = new EntitySchema<DeploymentWorkItemRow>({
  name: 'DeploymentWorkItem',
  tableName: 'deployment_work_items',
  properties: {
    deployment_id: { kind: 'm:1', entity: 'Deployment', fieldName: 'deployment_id', primary: true, deleteRule: 'cascade' },
    work_item_id: { type: 'uuid', primary: true },
  } as never,
  indexes: [{ name: 'deployment_work_items_work_item_idx', properties: ['work_item_id'] }],
});
