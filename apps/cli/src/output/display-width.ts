/**
 * Terminal columns of table cells, and cutting them without splitting a
 * character. Titles hold emoji, accents and CJK text; `String#slice` counts
 * UTF-16 units, so it could cut an emoji in half (printed as "�") and pad a
 * row by the wrong amount.
 *
 * Cold start: plain ASCII (nearly every cell) takes the fast path. Width is a
 * walk over code points; only cutting non-ASCII text builds an
 * `Intl.Segmenter` (it costs milliseconds to create), once per process.
 */

/** Printable ASCII only: one column per character. */
const ASCII = /^[\x20-\x7e]*$/;
/** Takes no column of its own: combining marks, format characters (ZWJ, tags), variation selectors. */
const ZERO_WIDTH = /[\p{Mn}\p{Me}\p{Cf}\p{Cc}]/u;
/** Two columns: emoji shown as emoji by default, East Asian wide and fullwidth characters. */
const WIDE = /[\p{Emoji_Presentation}\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;
const EMOJI = /\p{Emoji}/u;
const MODIFIER = /\p{Emoji_Modifier}/u;
const REGIONAL = /\p{Regional_Indicator}/u;
const ANSI = /\u001b\[[0-9;]*m/g;

/** Columns `text` takes in a terminal (ANSI colour codes take none). */
export function displayWidth(text: string): number {
  if (ASCII.test(text)) return text.length;
  const plain = text.replace(ANSI, '');
  let width = 0;
  let previous = ''; // the code point before, within what is still one character
  let afterJoiner = false;
  let regionalOpen = false;
  for (const cp of plain) {
    let w: number;
    if (afterJoiner) w = 0; // 👨‍👩‍👧: what a zero-width joiner joins is drawn as one emoji
    else if (cp === '\ufe0f') w = previous && EMOJI.test(previous) && !WIDE.test(previous) ? 1 : 0; // ❤️: emoji presentation of a narrow symbol
    else if (ZERO_WIDTH.test(cp)) w = 0;
    else if (MODIFIER.test(cp) && previous) w = 0; // 👍🏽: a skin tone modifies the emoji before it
    else if (REGIONAL.test(cp)) {
      w = regionalOpen ? 0 : 2; // 🇫🇷: two regional indicators make one flag
      regionalOpen = !regionalOpen;
    } else w = WIDE.test(cp) ? 2 : 1;
    if (!REGIONAL.test(cp)) regionalOpen = false;
    afterJoiner = cp === '\u200d';
    width += w;
    previous = cp;
  }
  return width;
}

let segmenter: Intl.Segmenter | undefined;

/** User-perceived characters (grapheme clusters) of `text`. */
function graphemes(text: string): Iterable<string> {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return (function* () {
    for (const s of segmenter.segment(text)) yield s.segment;
  })();
}

/**
 * The longest start of `text` that fits in `columns`, cut between
 * characters (an emoji, a letter with its accents, a flag stay whole).
 * At least one character is kept, so a cut never yields nothing.
 */
export function cutToWidth(text: string, columns: number): string {
  if (ASCII.test(text)) return text.slice(0, Math.max(1, columns));
  let out = '';
  let used = 0;
  for (const g of graphemes(text)) {
    const w = displayWidth(g);
    if (out !== '' && used + w > columns) break;
    out += g;
    used += w;
  }
  return out;
}

/** `text` in at most `columns` columns: cut with an ellipsis when longer. */
export function truncateToWidth(text: string, columns: number): string {
  if (displayWidth(text) <= columns) return text;
  return `${cutToWidth(text, Math.max(1, columns - 1))}…`;
}
