import type { YamlModule } from '../yaml.js';

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const PLAIN_STRING = /^[A-Za-z_][A-Za-z0-9_ ./-]*$/;
/** Plain scalars YAML 1.1 or 1.2 would read as something other than a string. */
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

function scalar(value: unknown): string | null {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value !== 'string') return null;
  // Plain when it cannot be mistaken for another type or YAML syntax; otherwise a JSON string, which is a valid YAML double-quoted scalar.
  return PLAIN_STRING.test(value) && !RESERVED.test(value) && !value.endsWith(' ') ? value : JSON.stringify(value);
}

/**
 * YAML for a session's frontmatter. Frontmatter is nearly always a flat map
 * of scalars; those are written directly (the `yaml` package's stringify
 * costs ~50 µs a block, which is 200 ms for the 4 000 sessions of a 100×
 * project). Anything nested falls back to `yaml.stringify`. Either way the
 * `yaml` parser reads back the same values.
 */
export function frontmatterYaml(fm: Record<string, unknown>, stringify: YamlModule['stringify']): string {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(fm)) {
    const text = PLAIN_KEY.test(key) ? scalar(value) : null;
    if (text === null) return stringify(fm, { lineWidth: 0 }).trimEnd();
    lines.push(`${key}: ${text}`);
  }
  return lines.join('\n');
}
