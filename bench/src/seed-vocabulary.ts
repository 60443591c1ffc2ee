/**
 * Word lists the seed plan draws from. Each title uses exactly one noun, so a
 * search for one noun matches about 1/NOUNS.length of all work items — a
 * realistic hit rate that still gives the ranking something to sort.
 */
export const VERBS = ['Implement', 'Fix', 'Refactor', 'Document', 'Test', 'Investigate', 'Optimise', 'Review', 'Migrate', 'Add', 'Remove', 'Upgrade'] as const;

export const NOUNS = [
  'parser', 'exporter', 'scheduler', 'cache', 'importer', 'webhook', 'dashboard', 'schema', 'migration', 'queue',
  'tokenizer', 'renderer', 'validator', 'crawler', 'indexer', 'extractor', 'ledger', 'invoice', 'manifest', 'pipeline',
  'authentication', 'billing', 'retry', 'backoff', 'timeout', 'throttle', 'payload', 'encoding', 'pagination', 'checksum',
] as const;

export const AREAS = [
  'for Excel imports', 'in the PDF path', 'for OCR results', 'in the CSV reader', 'for the nightly sync', 'in the HTTP layer',
  'for large files', 'under concurrent writers', 'in the CLI', 'for the status report', 'on PostgreSQL', 'on SQLite',
] as const;

export const LABELS = ['backend', 'frontend', 'bug', 'perf', 'docs', 'infra', 'security', 'ux', 'api', 'db', 'ci', 'refactor'] as const;

export const PRINCIPLES = ['Library-first', 'Test-first', 'Simplicity', 'Observability', 'Versioning', 'Integration testing'] as const;

export const ACTORS = ['claude-code', 'claude-desktop', 'cursor', 'copilot', 'alice', 'bob', 'ci'] as const;

/** Nouns the search benchmark rotates through (each matches ~1/30 of the items). */
export const SEARCH_TERMS = ['tokenizer', 'webhook', 'ledger', 'checksum'] as const;
