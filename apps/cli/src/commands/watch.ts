import type { Change, EntityType } from '@project-status/core';
import { ValidationError } from '@project-status/core';
import { EXIT_OK } from '../errors/exit-codes.js';
import type { Palette } from '../output/color.js';
import { globalFlags, openStore } from '../store.js';
import { reportFailure, type RunContext } from './execute.js';

/** Repeated or comma-separated flag values. */
function list(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const items = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
  return items.length ? items : undefined;
}

/** `--after 120` → 120; anything else is left for the schema to refuse with its own message. */
function cursor(value: unknown): unknown {
  if (value === undefined) return undefined;
  const text = String(Array.isArray(value) ? value.at(-1) : value).trim();
  return /^\d+$/.test(text) ? Number(text) : text;
}

/** One human line per change: `#121 2026-11-30T06:10:00.000Z work_item <id> update v3 by alice`. */
export function formatChange(change: Change, palette: Palette): string {
  return `${palette.dim(`#${change.seq}`)} ${change.at} ${change.entity_type} ${change.entity_id} ${palette.bold(change.action)} v${change.version} by ${change.actor}`;
}

/**
 * `project-status watch`: follows the change feed (`ps.watch`, which pages
 * through `list_changes` and wakes on commits of any process) and prints one
 * line per change — JSON Lines with `--json` — until interrupted. Without
 * `--after` it starts at the newest change and says which, so a later
 * `--after` resumes exactly there; a stale cursor fails before anything is
 * printed, with the usual validation error.
 */
export async function runWatch(ctx: RunContext, argv: Readonly<Record<string, unknown>>): Promise<number> {
  const { deps, palette, errPalette } = ctx;
  const json = argv.json === true;
  try {
    const after = cursor(argv.after);
    const filter = { entity_types: list(argv.type) as EntityType[] | undefined, ids: list(argv.id) };
    const ps = await openStore(deps, globalFlags(argv, deps));
    try {
      // Validates the flags and the cursor before the stream starts.
      const first = (await ps.call('list_changes', { after, ...filter, limit: 1 })) as { head: number };
      const start = (after as number | undefined) ?? first.head;
      if (typeof start !== 'number') throw ValidationError.field('after', 'must be a change cursor');
      const watch = ps.watch({ after: start, ...filter });
      const stop = deps.onInterrupt?.(() => void watch.close());
      // On stderr, so stdout stays one change per line; a script learns the starting cursor from it.
      deps.stderr.write(json ? `${JSON.stringify({ watching: { after: start } })}\n` : errPalette.dim(`watching changes after #${start} (Ctrl-C to stop; resume with --after <last seq>)\n`));
      try {
        for await (const change of watch) deps.stdout.write(json ? `${JSON.stringify(change)}\n` : `${formatChange(change, palette)}\n`);
      } finally {
        stop?.();
        await watch.close();
      }
      return EXIT_OK;
    } finally {
      await ps.close();
    }
  } catch (error) {
    return reportFailure(ctx, error, 'watch', json);
  }
}
