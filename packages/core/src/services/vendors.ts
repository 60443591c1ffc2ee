import type { z } from 'zod';
import { ConflictError, NotFoundError } from '../errors/domain-error.js';
import { applyMergePatch, parseMergedMetadata } from '../metadata/merge-patch.js';
import {
  defaultVendorMetadata,
  toVendorSummary,
  VendorMetadata,
  type CreateVendorInput,
  type VendorMetadataUpdate,
  type ListVendorsInput,
  type UpdateVendorInput,
  type Vendor,
  type VendorSummary,
} from '../vendor/schema.js';
import type { StoreReader } from '../ports/store.js';
import { assertVersion, definedOnly, historyEntry, nowIso, type ServiceEnv } from './env.js';

/**
 * Applies a metadata patch as a JSON Merge Patch (RFC 7386): format_support and
 * test_results merge by key, `null` removes a key, other values replace; then
 * checks the whole. Removing a required key is a VALIDATION_ERROR naming it.
 *
 * @example
 * mergeVendorMetadata(current.metadata, { format_support: { ocr: true }, scaffolder_version: null });
 */
export function mergeVendorMetadata(base: VendorMetadata, patch: VendorMetadataUpdate | undefined, extractorVersion?: string): VendorMetadata {
  const merged = applyMergePatch(base, patch ?? {}, { mergeNested: ['format_support', 'test_results'] });
  if (extractorVersion !== undefined) merged.value.extractor_version = extractorVersion;
  return parseMergedMetadata(VendorMetadata, merged, 'a vendor');
}

/** create_vendor: unique by name, case-insensitively. */
export async function createVendor(env: ServiceEnv, input: CreateVendorInput): Promise<Vendor> {
  const metadata = mergeVendorMetadata(defaultVendorMetadata(), input.initial_metadata, input.extractor_version);
  const at = nowIso(env);
  return env.store.transaction(
    async (tx) => {
      const existing = await tx.getVendorByName(input.name);
      if (existing) throw ConflictError.duplicate('vendor', 'name', existing.name);
      const vendor: Vendor = {
        id: env.newId(),
        name: input.name,
        status: input.status ?? 'broken',
        extractor_version: metadata.extractor_version,
        metadata,
        version: 1,
        created_at: at,
        updated_at: at,
        created_by: env.actor,
        updated_by: env.actor,
      };
      await tx.insertVendor(vendor);
      await tx.appendHistory([historyEntry(env, 'vendor', vendor.id, 1, 'create', null, vendor, at)]);
      return vendor;
    },
    { lock: 'vendors' },
  );
}

async function requireVendor(env: ServiceEnv, name: string, reader: StoreReader = env.store): Promise<Vendor> {
  const vendor = await reader.getVendorByName(name);
  if (!vendor) throw new NotFoundError(`vendor "${name}" was not found (names match case-insensitively); list_vendors shows what exists`, { entity: 'vendor', name });
  return vendor;
}

/** query_vendor_status */
export async function queryVendorStatus(env: ServiceEnv, input: { name: string }): Promise<Vendor> {
  return requireVendor(env, input.name);
}

/** update_vendor_status: version-checked; metadata is a merge patch over what is there (null removes a key). */
export async function updateVendorStatus(env: ServiceEnv, input: UpdateVendorInput): Promise<Vendor> {
  const at = nowIso(env);
  return env.store.transaction(async (tx) => {
    const current = await requireVendor(env, input.name, tx);
    assertVersion('vendor', current, input.version);
    const metadata = mergeVendorMetadata(current.metadata, input.metadata, input.extractor_version ?? input.metadata?.extractor_version);
    const changes: Partial<Vendor> = definedOnly({ status: input.status, extractor_version: metadata.extractor_version, metadata });
    const updated = await tx.updateVendor({ id: current.id, expectedVersion: input.version, changes, actor: env.actor, at });
    await tx.appendHistory([historyEntry(env, 'vendor', updated.id, updated.version, 'update', current, updated, at)]);
    return updated;
  });
}

/** list_vendors */
export async function listVendors(env: ServiceEnv, input: z.infer<typeof ListVendorsInput>): Promise<{ vendors: (Vendor | VendorSummary)[]; count: number; operational: number }> {
  const rows = await env.store.listVendors(input.status);
  return {
    vendors: input.detail === 'full' ? rows : rows.map(toVendorSummary),
    count: rows.length,
    operational: rows.filter((v) => v.status === 'operational').length,
  };
}
