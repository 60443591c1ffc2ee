import { describe, expect, it } from 'vitest';
import { parseOrThrow } from '../errors/from-zod.js';
import { mergeVendorMetadata } from '../services/vendors.js';
import { defaultVendorMetadata, UpdateVendorInput, type VendorMetadata } from './schema.js';

const current: VendorMetadata = { ...defaultVendorMetadata(), format_support: { excel: false, csv: true, pdf: false, ocr: false }, scaffolder_version: '1.0', owner: 'ops' };

describe('vendor metadata updates (JSON Merge Patch)', () => {
  it('removes an extra key set to null and keeps the rest', () => {
    const merged = mergeVendorMetadata(current, { scaffolder_version: null, owner: null });
    expect(merged).not.toHaveProperty('scaffolder_version');
    expect(merged).not.toHaveProperty('owner');
    expect(merged.format_support).toEqual(current.format_support);
  });

  it('still merges format_support and test_results key by key', () => {
    const merged = mergeVendorMetadata(current, { format_support: { pdf: true }, test_results: { total: 4 } });
    expect(merged.format_support).toEqual({ excel: false, csv: true, pdf: true, ocr: false });
    expect(merged.test_results).toEqual({ passing: 0, total: 4, skipped: 0 });
    expect(merged.scaffolder_version).toBe('1.0');
  });

  it('refuses to remove a required key, naming it', () => {
    expect(() => mergeVendorMetadata(current, { manifest_compliant: null } as never)).toThrow(
      'metadata.manifest_compliant: a vendor requires this key, so it cannot be removed (null in a metadata update removes a key)',
    );
    expect(() => mergeVendorMetadata(current, { format_support: { ocr: null } } as never)).toThrow(/metadata\.format_support\.ocr: a vendor requires this key/);
  });

  it('says in the update input that a required key cannot be removed', () => {
    const input = { name: 'acme', version: 1, metadata: { test_results: { total: null } } };
    expect(() => parseOrThrow(UpdateVendorInput, input)).toThrow('metadata.test_results.total: a vendor requires this key, so it cannot be removed');
    expect(() => parseOrThrow(UpdateVendorInput, { ...input, metadata: { format_support: null } })).toThrow(/metadata\.format_support: a vendor requires this key/);
    expect(parseOrThrow(UpdateVendorInput, { ...input, metadata: { scaffolder_version: null } }).metadata).toEqual({ scaffolder_version: null });
  });
});

describe('vendor metadata bounds', () => {
  it('refuses metadata that grew past the size bound by merging an update into what was stored', () => {
    const stored = { ...current, notes: 'x'.repeat(60_000) };
    const update = parseOrThrow(UpdateVendorInput, { name: 'v', version: 1, metadata: { more_notes: 'y'.repeat(60_000) } });
    expect(() => mergeVendorMetadata(stored, update.metadata)).toThrow('metadata.more_notes: is too large: the metadata holding it must be at most 100 000 characters as JSON, received more');
  });
});
