import { ValidationError } from '../errors/domain-error.js';

/** Where the first byte that is not UTF-8 sits: byte offset (0-based), line and column (1-based, in characters of the valid text before it). */
export interface Utf8Fault {
  offset: number;
  byte: number;
  line: number;
  column: number;
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The first invalid byte of `bytes`, or null when they are valid UTF-8. A
 * lossy decoder (Node's `readFile(…, 'utf8')`, `Request.text()`) would turn
 * that byte into U+FFFD silently; callers refuse the input instead.
 */
export function findInvalidUtf8(bytes: Uint8Array): Utf8Fault | null {
  // Fast path: almost every input is valid.
  try {
    strict.decode(bytes);
    return null;
  } catch {
    // fall through: find where
  }
  let i = 0;
  let line = 1;
  let lineStart = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need = 0;
    let min = 0;
    if (b < 0x80) {
      if (b === 0x0a) {
        line++;
        lineStart = i + 1;
      }
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    let ok = need > 0;
    let cp = need === 1 ? b & 0x1f : need === 2 ? b & 0x0f : b & 0x07;
    for (let k = 1; ok && k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    if (ok && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
    if (!ok) {
      const column = strict.decode(bytes.subarray(lineStart, i)).length + 1;
      return { offset: i, byte: b, line, column };
    }
    i += need + 1;
  }
  // The decoder refused what this scan accepts: should not happen; report the end.
  return { offset: bytes.length, byte: 0, line, column: 1 };
}

/**
 * Decodes UTF-8 strictly, without a leading byte order mark. Invalid bytes are
 * a `ValidationError` on `field` naming `what` and where the first bad byte
 * sits (byte offset, line, column), so nothing is read as U+FFFD.
 *
 * @example
 * decodeUtf8(await readFile(p), 'path', `"${p}"`); // throws: "b.md" is not valid UTF-8: byte 0xE9 at offset 25 (line 3, column 6) …
 */
export function decodeUtf8(bytes: Uint8Array, field: string, what: string, advice = 'save it as UTF-8 and try again'): string {
  let text: string;
  try {
    text = strict.decode(bytes);
  } catch {
    const fault = findInvalidUtf8(bytes)!;
    const hex = `0x${fault.byte.toString(16).toUpperCase().padStart(2, '0')}`;
    throw ValidationError.field(
      field,
      `${what} is not valid UTF-8: byte ${hex} at offset ${fault.offset} (line ${fault.line}, column ${fault.column}) is not part of a UTF-8 character (Latin-1 or Windows-1252 text has such bytes, e.g. 0xE9 for "é"); ${advice}`,
      { encoding_error: fault },
    );
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
