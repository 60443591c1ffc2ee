import { USER_SECTION_MARKER } from '../legacy/grammar.js';

/** Where the report lives, relative to the project root. */
export const REPORT_FILE = '.project_status.md';

/**
 * What a regeneration must keep from the current file: everything after the
 * marker line, byte for byte. A file without the marker (a hand-written
 * legacy file) is kept whole, so writing the report never loses text.
 */
export function preservedUserSection(existing: string | null): { notes: string; hadMarker: boolean } {
  if (existing === null) return { notes: '', hadMarker: false };
  const at = findMarkerLine(existing);
  if (at === -1) return { notes: existing, hadMarker: false };
  const afterLine = existing.indexOf('\n', at);
  return { notes: afterLine === -1 ? '' : existing.slice(afterLine + 1), hadMarker: true };
}

/** Generated report, then the marker line, then the user's notes. */
export function withUserSection(generated: string, notes: string): string {
  const body = generated.endsWith('\n') ? generated : `${generated}\n`;
  return `${body}${USER_SECTION_MARKER}\n${notes}`;
}

/** Offset of the marker at the start of a line, or -1. */
function findMarkerLine(text: string): number {
  let from = 0;
  for (;;) {
    const at = text.indexOf(USER_SECTION_MARKER, from);
    if (at === -1) return -1;
    if (at === 0 || text[at - 1] === '\n') return at;
    from = at + USER_SECTION_MARKER.length;
  }
}
