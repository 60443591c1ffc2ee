import { z } from 'zod';
import { lazySchema } from '../primitives/lazy-schema.js';

/**
 * Short ids: what a person types and a model copies instead of a 36-character
 * UUID. A short id is a prefix of the item's *short-id source*, a base32
 * (Crockford alphabet, lowercase) rendering of all 128 bits of its UUID with
 * the random bits first: the 60 random bits at the end of a UUID (v7 and v4
 * alike), then the remaining 68 (the v7 time prefix, which items made in the
 * same millisecond share, comes last). The source is a bijection of the UUID,
 * so two items always differ somewhere in it, and the store gives each item
 * the shortest prefix (at least {@link MIN_SHORT_ID_LENGTH}) that no other
 * live item holds — lengthening at insert on a collision, which a unique index
 * decides. Nothing depends on which client made the item or when it reached
 * the database, so items created offline and replayed later stay unique.
 */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Characters of a fresh short id (30 random bits: ~1 collision per 30 000 items, resolved by lengthening). */
export const MIN_SHORT_ID_LENGTH = 6;
/** Length of the whole source (128 bits + 2 padding bits). */
export const MAX_SHORT_ID_LENGTH = 26;
/** Shortest prefix a client may use to name an item. */
export const MIN_SHORT_ID_PREFIX = 3;

/** The 26-character short-id source of a UUID. */
export function shortIdSource(uuid: string): string {
  const hex = uuid.replaceAll('-', '').toLowerCase();
  // Random tail (hex 17..31 = bits 68..127) first, then the rest, padded to a multiple of 5 bits.
  let bits = (BigInt(`0x${hex.slice(17)}`) << 70n) | (BigInt(`0x${hex.slice(0, 17)}`) << 2n);
  let out = '';
  for (let i = 0; i < MAX_SHORT_ID_LENGTH; i++) {
    out = ALPHABET[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}

/** The short id of `uuid` at `length` characters. */
export function shortIdFor(uuid: string, length = MIN_SHORT_ID_LENGTH): string {
  return shortIdSource(uuid).slice(0, Math.min(Math.max(length, MIN_SHORT_ID_LENGTH), MAX_SHORT_ID_LENGTH));
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID in its usual text form. */
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

/**
 * A typed short id (or prefix) in canonical form: lowercase, with Crockford's
 * look-alikes read as what they look like (`i`/`l` → `1`, `o` → `0`); null
 * when it cannot be one.
 */
export function normalizeShortId(value: string): string | null {
  const text = value.trim().toLowerCase().replace(/[il]/g, '1').replace(/o/g, '0');
  return new RegExp(`^[${ALPHABET}]{${MIN_SHORT_ID_PREFIX},${MAX_SHORT_ID_LENGTH}}$`).test(text) ? text : null;
}

/** The first string after every string starting with `prefix` (for an indexed range scan). */
export function prefixUpperBound(prefix: string): string {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const at = ALPHABET.indexOf(prefix[i]!);
    if (at < ALPHABET.length - 1) return prefix.slice(0, i) + ALPHABET[at + 1];
  }
  return `${prefix}~`; // "zzz…": nothing in the alphabet sorts after it
}

/**
 * A work item reference as clients send it: the UUID (in either letter case;
 * it leaves the schema in lower case, as ids are stored), its short id, or an
 * unambiguous prefix of the short id. The catalog resolves it to the UUID
 * before a service sees it (see `refs` on an operation).
 */
export const WorkItemRef = lazySchema(() => z
  .string()
  .trim()
  .refine((v) => isUuid(v) || normalizeShortId(v) !== null, {
    error: `must be a work item id: a UUID, a short id such as 7kq2mx, or at least ${MIN_SHORT_ID_PREFIX} characters of one`,
  })
  .overwrite((v) => (isUuid(v) ? v.toLowerCase() : v)));
