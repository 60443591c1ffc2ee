import { z } from 'zod';
import { boundedJson } from '../primitives/json-bounds.js';
import { Actor, Audit, ExpectedVersion, IsoTimestamp, MAX_INT32, singleLine, Uuid } from '../primitives/schemas.js';
import { lazySchema } from '../primitives/lazy-schema.js';

export const VENDOR_STATUSES = ['operational', 'broken'] as const;
export const VendorStatus = lazySchema(() => z.enum(VENDOR_STATUSES));
export type VendorStatus = z.infer<typeof VendorStatus>;

export const VendorName = lazySchema(() => z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(/^[A-Za-z0-9 _-]+$/, 'may contain only letters, digits, spaces, "-" and "_"'));

/**
 * How a person or a client names a vendor: its name (any letter case) or its
 * id. A name is checked like {@link VendorName}, which a UUID also satisfies;
 * a UUID-shaped value is looked up as an id first, then as a name.
 */
export const VendorRef = lazySchema(() => VendorName.describe('the vendor name (any letter case) or its id'));

export const ExtractorVersion = lazySchema(() => singleLine(z.string().trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters')));

export const FormatSupport = lazySchema(() => z.strictObject({
  excel: z.boolean(),
  csv: z.boolean(),
  pdf: z.boolean(),
  ocr: z.boolean(),
}));

const Count = lazySchema(() => z.int().min(0).max(MAX_INT32));
export const TestResults = lazySchema(() => z
  .strictObject({ passing: Count, total: Count, skipped: Count })
  .refine((t) => t.passing <= t.total, { message: 'passing cannot exceed total', path: ['passing'] })
  .refine((t) => t.passing + t.skipped <= t.total, { message: 'passing + skipped cannot exceed total', path: ['skipped'] }));

/** Vendor metadata: known keys are checked; extra keys are kept, within the metadata bounds. */
export const VendorMetadata = lazySchema(() => boundedJson(z.looseObject({
  format_support: FormatSupport,
  test_results: TestResults,
  extractor_version: ExtractorVersion,
  manifest_compliant: z.boolean(),
  scaffolder_version: z.string().min(1).max(50).optional(),
  created_at: IsoTimestamp.optional(),
})));
export type VendorMetadata = z.infer<typeof VendorMetadata>;

/** A partial metadata change; merged over the current metadata, then checked whole. */
export const VendorMetadataPatch = lazySchema(() => boundedJson(z.looseObject({
  format_support: FormatSupport.partial().optional(),
  test_results: z.strictObject({ passing: Count, total: Count, skipped: Count }).partial().optional(),
  extractor_version: ExtractorVersion.optional(),
  manifest_compliant: z.boolean().optional(),
})));

/**
 * Every key an update may name is required, so `null` (which removes a key)
 * is refused with a message saying so rather than "expected boolean, received null".
 */
const NotRemovable = {
  error: (issue: { input?: unknown }) => (issue.input === null ? 'a vendor requires this key, so it cannot be removed (null in a metadata update removes a key)' : undefined),
};
const FlagUpdate = lazySchema(() => z.boolean(NotRemovable).optional());
const CountUpdate = lazySchema(() => z.int(NotRemovable).min(0).max(MAX_INT32).optional());

/**
 * A metadata change of `update_vendor_status`: a JSON Merge Patch over the
 * current metadata (format_support and test_results merge by key), then
 * checked whole. Only extra keys (e.g. `scaffolder_version`) may be removed
 * with `null`; the known keys are required.
 */
export const VendorMetadataUpdate = lazySchema(() => boundedJson(z
  .looseObject({
    format_support: z.strictObject({ excel: FlagUpdate, csv: FlagUpdate, pdf: FlagUpdate, ocr: FlagUpdate }, NotRemovable).optional(),
    test_results: z.strictObject({ passing: CountUpdate, total: CountUpdate, skipped: CountUpdate }, NotRemovable).optional(),
    extractor_version: singleLine(z.string(NotRemovable).trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters')).optional(),
    manifest_compliant: FlagUpdate,
  })
  .describe(
    'Keys to change, merged into the current metadata (JSON Merge Patch; format_support and test_results merge by key): an extra key set to null is removed (e.g. {"scaffolder_version": null}), keys left out are kept, other values replace. The keys listed here are required and cannot be removed.',
  )));
export type VendorMetadataUpdate = z.infer<typeof VendorMetadataUpdate>;

export const Vendor = lazySchema(() => z.object({
  id: Uuid,
  name: z.string(),
  status: VendorStatus,
  extractor_version: z.string(),
  metadata: VendorMetadata,
  ...Audit,
}));
export type Vendor = z.infer<typeof Vendor>;

/** A vendor as list rows show it; the id is there because deployments link vendors by id. */
export const VendorSummary = lazySchema(() => z.object({
  id: Uuid,
  name: z.string(),
  status: VendorStatus,
  extractor_version: z.string(),
  tests: z.string(),
  formats: z.array(z.string()),
  version: z.int(),
}));
export type VendorSummary = z.infer<typeof VendorSummary>;

const FORMAT_LABELS = { excel: 'Excel', csv: 'CSV', pdf: 'PDF', ocr: 'OCR' } as const;

/** Formats a vendor supports, in the legacy file's order and spelling. */
export function supportedFormats(metadata: VendorMetadata): string[] {
  return (Object.keys(FORMAT_LABELS) as (keyof typeof FORMAT_LABELS)[]).filter((k) => metadata.format_support[k]).map((k) => FORMAT_LABELS[k]);
}

export function toVendorSummary(v: Vendor): VendorSummary {
  const t = v.metadata.test_results;
  return {
    id: v.id,
    name: v.name,
    status: v.status,
    extractor_version: v.extractor_version,
    tests: `${t.passing}/${t.total} passing, ${t.skipped} skipped`,
    formats: supportedFormats(v.metadata),
    version: v.version,
  };
}

/** What a vendor created with only a name looks like. */
export function defaultVendorMetadata(): VendorMetadata {
  return {
    format_support: { excel: false, csv: false, pdf: false, ocr: false },
    test_results: { passing: 0, total: 0, skipped: 0 },
    extractor_version: '0.0.0',
    manifest_compliant: false,
  };
}

export const CreateVendorInput = lazySchema(() => z.strictObject({
  name: VendorName,
  status: VendorStatus.optional(),
  extractor_version: ExtractorVersion.optional(),
  initial_metadata: VendorMetadataPatch.optional(),
  created_by: Actor.optional(),
}));
export type CreateVendorInput = z.infer<typeof CreateVendorInput>;

export const QueryVendorInput = lazySchema(() => z.strictObject({ name: VendorRef }));

export const UpdateVendorInput = lazySchema(() => z.strictObject({
  name: VendorRef,
  version: ExpectedVersion,
  status: VendorStatus.optional(),
  extractor_version: ExtractorVersion.optional(),
  metadata: VendorMetadataUpdate.optional(),
  updated_by: Actor.optional(),
}));
export type UpdateVendorInput = z.infer<typeof UpdateVendorInput>;

export const ListVendorsInput = lazySchema(() => z.strictObject({
  status: VendorStatus.optional(),
  detail: z.enum(['summary', 'full']).default('summary'),
}));
