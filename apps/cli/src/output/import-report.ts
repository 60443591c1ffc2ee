import type { CommandLine } from '../commands/command-line.js';
import type { Palette } from './color.js';
import { renderList } from './render.js';

/** A malformed entry or a warning of a legacy import, at a line of the source file. */
interface LineNote {
  line: number;
  section: string;
  reason: string;
}

const notesOf = (result: Record<string, unknown>, key: 'issues' | 'warnings'): LineNote[] => {
  const value = result[key];
  if (!Array.isArray(value)) return [];
  return (value as LineNote[]).filter((n) => n && typeof n === 'object').sort((a, b) => a.line - b.line);
};

function section(count: number, one: string, many: string, notes: readonly LineNote[], palette: Palette): string[] {
  if (count === 0) return [];
  return [palette.bold(`${count} ${count === 1 ? one : many}`), ...notes.map((n) => `  line ${n.line}: ${n.section}: ${n.reason}`)];
}

/**
 * The result of `import`: the reconciliation checks as a table with the
 * counts underneath, then every skipped entry (issue) and every warning, one
 * line each with its line number in the source file, ordered by line.
 */
export function renderImportReport(result: unknown, line: CommandLine, palette: Palette): string {
  const checks = renderList(result, line, palette);
  if (result === null || typeof result !== 'object' || Array.isArray(result)) return checks;
  const report = result as Record<string, unknown>;
  const issues = notesOf(report, 'issues');
  const warnings = notesOf(report, 'warnings');
  if (issues.length === 0 && warnings.length === 0) return `${checks}\n\n${palette.dim('no issues, no warnings')}`;
  const notes = [
    ...section(issues.length, 'issue (entry skipped):', 'issues (entries skipped):', issues, palette),
    ...section(warnings.length, 'warning:', 'warnings:', warnings, palette),
  ];
  // Skipped entries do not fail the command by default; say so where a script author will look.
  const skipped = typeof report.skipped === 'number' ? report.skipped : 0;
  if (skipped > 0 && report.strict !== true) notes.push(palette.bold(`${skipped} entr${skipped === 1 ? 'y' : 'ies'} of the file skipped; add --strict to fail (exit 2, nothing written) instead`));
  return `${checks}\n\n${notes.join('\n')}`;
}
