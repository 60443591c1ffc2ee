import { findInvalidUtf8 } from '@project-status/core';

/**
 * The text of a request header. Node hands header values over as Latin-1
 * (one character per byte), but clients such as curl send a name like `Zoë`
 * as its UTF-8 bytes, which would then be recorded as `ZoÃ«`. A value whose
 * bytes are valid UTF-8 is read as UTF-8; anything else stays Latin-1, as
 * HTTP defines it. ASCII, by far the common case, is returned untouched.
 */
export function headerText(value: string): string {
  if (!/[\u0080-\u00ff]/.test(value) || /[^\u0000-\u00ff]/.test(value)) return value;
  const bytes = Buffer.from(value, 'latin1');
  return findInvalidUtf8(bytes) ? value : bytes.toString('utf8');
}
