/**
 * Column helpers shared by the entity definitions. Property names equal column
 * names (snake_case) so the raw read path and the ORM see one naming.
 */
export const audit = {
  version: { type: 'integer', version: true },
  created_at: { type: 'datetime' },
  updated_at: { type: 'datetime' },
  created_by: { type: 'string', length: 100 },
  updated_by: { type: 'string', length: 100 },
} as const;

/**
 * A string column limited to `values`. MikroORM turns it into a CHECK
 * constraint on both engines (and reads it back, so schema diffs stay clean).
 */
export function oneOf(values: readonly string[]) {
  return { enum: true as const, items: [...values] };
}
