import { EntitySchema } from '@mikro-orm/core';
import { VENDOR_STATUSES } from '@project-status/core';
import { audit, oneOf } from './columns.js';

export interface VendorRow {
  id: string;
  name: string;
  status: string;
  extractor_version: string;
  metadata: Record<string, unknown>;
  version: number;
  created_at: Date;
  updated_at: Date;
  created_by: string;
  updated_by: string;
}

export const VendorEntity = new EntitySchema<VendorRow>({
  name: 'Vendor',
  tableName: 'vendors',
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'string', length: 100 },
    status: oneOf(VENDOR_STATUSES),
    extractor_version: { type: 'string', length: 50 },
    metadata: { type: 'json' },
    ...audit,
  } as never,
  // Case-insensitive uniqueness is the database's job, so concurrent creates
  // with names differing only in case cannot both land.
  uniques: [{ name: 'vendors_name_lower_unique', expression: 'create unique index "vendors_name_lower_unique" on "vendors" (lower("name"))' }],
});
