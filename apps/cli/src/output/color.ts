/** ANSI styling that collapses to plain text when colours are off. */
export interface Palette {
  enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  /** Colours a status word by what it means (green done/healthy, red blocked/broken…). */
  status(text: string): string;
}

const STATUS_STYLE: Record<string, 'green' | 'red' | 'yellow' | 'cyan'> = {
  completed: 'green',
  operational: 'green',
  approved: 'green',
  blocked: 'red',
  broken: 'red',
  active: 'cyan',
  implementing: 'cyan',
  planned: 'yellow',
};

const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;

/**
 * A palette for one output stream.
 *
 * @example
 * const c = createPalette(process.stdout.isTTY === true);
 * console.log(c.status('blocked'));
 */
export function createPalette(enabled: boolean): Palette {
  const style = (name: keyof typeof CODES) => (text: string) => (enabled ? `\u001b[${CODES[name][0]}m${text}\u001b[${CODES[name][1]}m` : text);
  const p = { bold: style('bold'), dim: style('dim'), red: style('red'), green: style('green'), yellow: style('yellow'), cyan: style('cyan') };
  return {
    enabled,
    ...p,
    status: (text) => {
      const s = STATUS_STYLE[text];
      return s ? p[s](text) : text;
    },
  };
}

/** Visible width of a string that may hold ANSI codes. */
export function visibleLength(text: string): number {
  return text.replace(/\u001b\[[0-9;]*m/g, '').length;
}
