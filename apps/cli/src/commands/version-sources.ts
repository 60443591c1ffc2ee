import type { VersionSource } from './command-line.js';

/** Reading a field from an untyped operation result. */
function dig(value: unknown, ...path: string[]): unknown {
  let v = value;
  for (const key of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

const asVersion = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** Where the current version of each updatable entity is read from. */
export const VERSION_SOURCES = {
  workItem: {
    operation: 'query_work_item',
    // Restoring needs the deleted item, so the read includes deleted ones.
    input: (u) => ({ id: u.id, include_deleted: true }),
    version: (r) => asVersion(dig(r, 'item', 'version')),
    show: (u) => `project-status work show ${String(u.id)}`,
  },
  vendor: {
    operation: 'query_vendor_status',
    input: (u) => ({ name: u.name }),
    version: (r) => asVersion(dig(r, 'version')),
    show: (u) => `project-status vendor show ${JSON.stringify(String(u.name))}`,
  },
  configuration: {
    operation: 'get_project_configuration',
    input: () => ({}),
    version: (r) => asVersion(dig(r, 'version')),
    show: () => 'project-status config show',
  },
  enhancement: {
    // There is no single-enhancement read; its newest history entry carries the version after the last change.
    operation: 'get_history',
    input: (u) => ({ entity_type: 'enhancement', entity_id: u.id, limit: 1 }),
    version: (r) => asVersion(dig(dig(r, 'entries') as unknown[] | undefined, '0', 'version')),
    show: (u) => `project-status history enhancement ${String(u.id)}`,
  },
} satisfies Record<string, VersionSource>;
