import type { Progress } from '@project-status/core';

/** Where a progress bar draws (stderr, so `--json` output on stdout stays clean). */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** A bar drawn in place; `finish` erases it. */
export interface ProgressBar {
  update(progress: Progress): void;
  finish(): void;
}

/**
 * A one-line progress bar for long operations (archive, import), drawn only
 * on a TTY: in a pipe or a log file it would be noise, so callers get
 * `undefined` and pass no `onProgress` at all.
 */
export function createProgressBar(stream: ProgressStream): ProgressBar | undefined {
  if (!stream.isTTY) return undefined;
  let drawn = false;
  return {
    update({ phase, done, total }) {
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 40));
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(ratio * width);
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      stream.write(`\r\u001b[2K${bar} ${String(Math.round(ratio * 100)).padStart(3)}%  ${phase} ${done}/${total}`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\r\u001b[2K');
    },
  };
}
