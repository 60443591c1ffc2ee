import type { Argv } from 'yargs';

/** The part of yargs' internal usage instance this module touches. */
interface UsageInternals {
  cacheHelpMessage?: unknown;
}

/**
 * yargs renders the whole help of a command right after running its handler,
 * in case the handler asks for it later (`showHelp`). Ours only record an
 * action, and `--help` renders help itself, so that rendering was wasted: ~20
 * ms of every command's cold start. Turned off through yargs' internal usage
 * instance — yargs is bundled at the version the lockfile pins, and
 * `help-cache.test.ts` fails if an upgrade moves the hook; without it this
 * does nothing and only costs the time again.
 */
export function skipHelpCache(y: Argv): Argv {
  const usage = (y as unknown as { getInternalMethods?: () => { getUsageInstance?: () => UsageInternals } }).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
  return y;
}
