import { describe, expect, it } from 'vitest';
import { createProgressBar } from './progress.js';

describe('the progress bar', () => {
  it('draws nothing when the stream is not a terminal', () => {
    expect(createProgressBar({ write: () => true, isTTY: false })).toBeUndefined();
  });

  it('redraws one line in place on a terminal and erases it when done', () => {
    const chunks: string[] = [];
    const bar = createProgressBar({ write: (c) => chunks.push(c), isTTY: true, columns: 80 });
    bar?.update({ phase: 'archiving', done: 5, total: 10 });
    bar?.finish();
    expect(chunks[0]).toMatch(/^\r\u001b\[2K█+░+\s+50%  archiving 5\/10$/);
    expect(chunks[1]).toBe('\r\u001b[2K');
  });
});
