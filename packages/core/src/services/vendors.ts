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
import { assertVersion, definedOnly, effectiveChanges, historyEntry, nowIso, type ServiceEnv } from './env.js';

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

/** True for a value shaped like an id (any UUID version, any letter case). */
export function looksLikeUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/**
 * Vendors named by id or by name (case-insensitively), as people type them:
 * a UUID-shaped ref is an id first, then a name (a vendor may be named like a
 * UUID); anything else is a name. Returns each ref's vendor and the refs that
 * match none.
 *
 * @example await resolveVendorRefs(store, ['ACME', '0190…']) // → { found: Map { 'ACME' → acme, … }, unknown: [] }
 */
export async function resolveVendorRefs(reader: StoreReader, refs: readonly string[]): Promise<{ found: Map<string, Vendor>; unknown: string[] }> {
  const found = new Map<string, Vendor>();
  const uuids = refs.filter(looksLikeUuid);
  for (const v of await reader.getVendorsByIds(uuids.map((r) => r.toLowerCase()))) {
    for (const r of uuids) if (r.toLowerCase() === v.id) found.set(r, v);
  }
  for (const r of refs) {
    if (found.has(r)) continue;
    const byName = await reader.getVendorByName(r);
    if (byName) found.set(r, byName);
  }
  return { found, unknown: refs.filter((r) => !found.has(r)) };
}

/** The vendor a ref (name or id) names; NOT_FOUND otherwise. */
export async function requireVendor(reader: StoreReader, ref: string): Promise<Vendor> {
  const vendor = (await resolveVendorRefs(reader, [ref])).found.get(ref);
  if (!vendor) {
    throw new NotFoundError(`vendor "${ref}" was not found (give its name in any letter case, or its id)`, { entity: 'vendor', name: ref })
      .withHint({ operation: 'list_vendors', input: {}, purpose: 'check the id or name against the vendors that exist' });
  }
  return vendor;
}

/** query_vendor_status */
export async function queryVendorStatus(env: ServiceEnv, input: { name: string }): Promise<Vendor> {
  return requireVendor(env.store, input.name);
}

/** update_vendor_status: version-checked; metadata is a merge patch over what is there (null removes a key). */
export async function updateVendorStatus(env: ServiceEnv, input: UpdateVendorInput): Promise<Vendor> {
  const at = nowIso(env);
  return env.store.transaction(async (tx) => {
    const current = await requireVendor(tx, input.name);
    assertVersion('vendor', current, input.version);
    const metadata = mergeVendorMetadata(current.metadata, input.metadata, input.extractor_version ?? input.metadata?.extractor_version);
    const changes: Partial<Vendor> = effectiveChanges(current, definedOnly({ status: input.status, extractor_version: metadata.extractor_version, metadata }));
    if (Object.keys(changes).length === 0) return current;
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
