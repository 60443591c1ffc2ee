import { NotFoundError, ValidationError } from '../errors/domain-error.js';
import type { StoreReader } from '../ports/store.js';
import { isUuid, normalizeShortId } from '../work-item/short-id.js';

/** Candidates an ambiguous prefix error lists. */
const CANDIDATES_SHOWN = 10;

/**
 * The UUID a work item reference names: a UUID as is; a short id, or a prefix
 * of one, when exactly one live item's short id is it or starts with it (an
 * exact short id wins over longer ones it is a prefix of). Null when nothing
 * matches.
 */
export async function resolveWorkItemRef(store: StoreReader, ref: string, field = 'id'): Promise<string | null> {
  if (isUuid(ref)) return ref.toLowerCase();
  const prefix = normalizeShortId(ref);
  if (!prefix) throw ValidationError.field(field, `"${ref}" is not a work item id (a UUID, a short id, or a prefix of one)`);
  const matches = await store.findWorkItemsByShortId(prefix, CANDIDATES_SHOWN + 1);
  const exact = matches.find((m) => m.short_id === prefix);
  if (exact) return exact.id;
  if (matches.length === 1) return matches[0]!.id;
  if (matches.length === 0) return null;
  const shown = matches.slice(0, CANDIDATES_SHOWN);
  throw new ValidationError(
    `${field}: "${ref}" is ambiguous: it starts the short id of ${matches.length > CANDIDATES_SHOWN ? `more than ${CANDIDATES_SHOWN}` : matches.length} work items (${shown.map((m) => `${m.short_id} "${m.title}"`).join(', ')}); type more of it`,
    [{ path: field, message: `ambiguous short id prefix "${ref}"` }],
    { ambiguous: ref, candidates: shown },
  );
}

/**
 * Names of existing items inside a plan: a UUID or a whole short id, never a
 * prefix — a mistyped local ref must not quietly name some existing item.
 * Each maps to its UUID, or null when it names none.
 */
export async function resolveExactRefs(store: StoreReader, refs: readonly string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for (const ref of refs) {
    const short = isUuid(ref) ? null : normalizeShortId(ref);
    if (isUuid(ref)) out.set(ref, ref.toLowerCase());
    else out.set(ref, short ? ((await store.findWorkItemsByShortId(short, 1)).find((m) => m.short_id === short)?.id ?? null) : null);
  }
  return out;
}

/** A UUID already in the form ids are stored in (lower case). */
function isStoredUuid(value: string): boolean {
  return isUuid(value) && value === value.toLowerCase();
}

/**
 * Replaces work item references in the named top-level fields of `input`
 * (strings or lists of strings) by UUIDs in lower case, as ids are stored. An unknown short id is NOT_FOUND
 * here; an unknown UUID is left for the service to report as it always has.
 */
export async function resolveInputRefs<T extends Record<string, unknown>>(store: StoreReader, input: T, fields: readonly string[]): Promise<T> {
  let out = input;
  for (const field of fields) {
    const value = input[field];
    const one = async (ref: string, path: string) => {
      if (isUuid(ref)) return ref.toLowerCase();
      const id = await resolveWorkItemRef(store, ref, path);
      if (!id) throw new NotFoundError(`no work item has the short id "${ref}" (or one starting with it)`, { entity: 'work_item', short_id: ref });
      return id;
    };
    if (typeof value === 'string' && !isStoredUuid(value)) out = { ...out, [field]: await one(value, field) };
    else if (Array.isArray(value) && value.some((v) => typeof v === 'string' && !isStoredUuid(v))) {
      const list: unknown[] = [];
      for (const [i, v] of value.entries()) list.push(typeof v === 'string' ? await one(v, `${field}.${i}`) : v);
      out = { ...out, [field]: list };
    }
  }
  return out;
}
