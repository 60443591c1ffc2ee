import { visibleLength } from './color.js';

/**
 * Stand-in for the `string-width` package inside the bundled yargs (see
 * tsup.config.ts). The real one builds an `Intl.Segmenter` and east-asian
 * width tables when it loads — ~20 ms of every cold start — to measure emoji
 * and CJK text. yargs only measures its own help text (ASCII plus a few
 * one-column symbols), so the visible length is the width.
 */
export default function stringWidth(text: string): number {
  return visibleLength(text);
}
