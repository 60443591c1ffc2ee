import { ValidationError } from '@project-status/core';

/**
 * A PostgreSQL schema of our own (`?schema=name` in the URL, or the `schema`
 * option). Lower case only: the name is used unquoted in `search_path`, where
 * PostgreSQL folds case, and quoted by MikroORM, where it does not.
 */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Checks a schema name; `field` names where it came from in the error. */
export function checkSchemaName(schema: string, field: string): string {
  if (!SCHEMA_NAME.test(schema) || schema.startsWith('pg_')) {
    throw ValidationError.field(
      field,
      `"${schema}" is not a schema name this tool can use: use 1-63 lower-case letters, digits and underscores, starting with a letter or underscore (not pg_…)`,
      { schema },
    );
  }
  return schema;
}

/**
 * Splits `?schema=` off a PostgreSQL URL. A `search_path` set through the
 * URL's `options` is refused: node-postgres would honour it and MikroORM's
 * migrator would not, so the tables would be created in one schema and
 * looked for in another.
 */
export function splitSchemaFromUrl(url: string): { url: string; schema?: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url }; // node-postgres reports what is wrong with it
  }
  if (/search_path/i.test(parsed.searchParams.get('options') ?? '')) {
    throw ValidationError.field(
      'databaseUrl',
      'set the PostgreSQL schema with ?schema=name in the URL (or the schema option), not with search_path in options: Project Status must use the same schema for its migrations and its queries',
    );
  }
  const schema = parsed.searchParams.get('schema');
  if (schema === null) return { url };
  parsed.searchParams.delete('schema');
  return { url: parsed.toString(), schema: checkSchemaName(schema, 'databaseUrl') };
}

/** The `-c search_path=…` startup option that puts every session in the schema. */
export function searchPathOption(schema: string): string {
  return `-c search_path=${schema}`;
}

/** The URL node-postgres connects with: the schema, if any, as the session's only `search_path`. */
export function postgresConnectionUrl(target: { url: string; schema?: string }): string {
  if (!target.schema) return target.url;
  const parsed = new URL(target.url);
  const options = parsed.searchParams.get('options');
  parsed.searchParams.set('options', [options, searchPathOption(target.schema)].filter(Boolean).join(' '));
  return parsed.toString();
}
