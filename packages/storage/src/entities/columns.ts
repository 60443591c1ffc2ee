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

/** `col IN ('a','b')` for a CHECK constraint. */
export function oneOf(column: string, values: readonly string[]): string {
  return `${column} in (${values.map((v) => `'${v}'`).join(', ')})`;
}
