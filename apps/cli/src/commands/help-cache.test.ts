import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { skipHelpCache } from './help-cache.js';

describe('skipHelpCache', () => {
  it('finds yargs’ help cache hook and keeps a command from rendering help it was not asked for', () => {
    let rendered = 0;
    const y = yargs().exitProcess(false).command('go', 'go somewhere', (b) => b, () => undefined);
    const usage = (y as unknown as { getInternalMethods(): { getUsageInstance(): { cacheHelpMessage: unknown; help(): string } } }).getInternalMethods().getUsageInstance();
    expect(typeof usage.cacheHelpMessage).toBe('function');
    const help = usage.help.bind(usage);
    usage.help = () => {
      rendered++;
      return help();
    };
    skipHelpCache(y).parse(['go']);
    expect(rendered).toBe(0);
  });
});
