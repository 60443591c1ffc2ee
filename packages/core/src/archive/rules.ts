/** Default age after which finished work items are archived. */
export const DEFAULT_ARCHIVE_AFTER_DAYS = 365;

/** The part of an item archiving looks at. */
export interface ArchiveFacts {
  id: string;
  path: string;
  status: string;
  deleted_at: string | null;
  created_at: string;
}

/** The instant before which items count as old. */
export function archiveCutoff(now: Date, olderThanDays: number): Date {
  return new Date(now.getTime() - olderThanDays * 86_400_000);
}

/** Old and finished (completed or soft-deleted). */
export function isArchiveEligible(item: ArchiveFacts, cutoff: Date): boolean {
  return (item.status === 'completed' || item.deleted_at !== null) && Date.parse(item.created_at) < cutoff.getTime();
}

/**
 * Subtree-safe selection: an item may be archived only together with all of
 * its descendants, so it qualifies only when every item of its subtree is
 * eligible. Returns the ids deepest first, the order in which moving them
 * never leaves an orphan in the live table. (Storage runs the same rule as one
 * SQL statement; this is its reference.)
 */
export function selectArchivable(items: ArchiveFacts[], cutoff: Date): string[] {
  const blocked = new Set<string>();
  for (const item of items) {
    if (isArchiveEligible(item, cutoff)) continue;
    // An ineligible item pins itself and every ancestor in the live table.
    for (const id of item.path.split('/').filter(Boolean)) blocked.add(id);
  }
  return items
    .filter((i) => !blocked.has(i.id))
    .sort((a, b) => b.path.split('/').length - a.path.split('/').length)
    .map((i) => i.id);
}
