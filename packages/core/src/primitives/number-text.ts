/**
 * How a number is written where inputs arrive as text (CLI flags, HTTP query
 * strings): plain decimal digits with an optional leading minus, and for a
 * field that takes fractions a decimal point with digits on both sides.
 * `3.0`, `1e1`, `+3`, `0x10`, ` 3` and `.5` are refused rather than read as
 * some number, so every text surface agrees on what it accepts. (A JSON body
 * carries numbers, not text: there `3.0` is the number 3.)
 */
const INTEGER_TEXT = /^-?\d+$/;
const NUMBER_TEXT = /^-?\d+(?:\.\d+)?$/;

/** The number `text` spells as a whole number (`integer`) or any number (`number`), or null when it is not written that way. */
export function parseNumberText(text: string, kind: 'integer' | 'number'): number | null {
  return (kind === 'integer' ? INTEGER_TEXT : NUMBER_TEXT).test(text) ? Number(text) : null;
}

/** How to write one, for an error message: `digits only, such as 3`. */
export function numberTextHint(kind: 'integer' | 'number'): string {
  return kind === 'integer' ? 'digits only, such as 3 (not 3.0 or 1e1)' : 'digits with an optional decimal point, such as 1.5 (not 1e1)';
}
