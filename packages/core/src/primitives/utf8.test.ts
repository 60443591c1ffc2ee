import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, findInvalidUtf8 } from './utf8.js';

describe('decodeUtf8', () => {
  it('decodes UTF-8 and drops a leading byte order mark only', () => {
    expect(decodeUtf8(Buffer.from('\uFEFFCafé\uFEFF'), 'path', 'x')).toBe('Café\uFEFF');
  });

  it.each([
    ['a Latin-1 byte', [0x43, 0x61, 0x66, 0xe9], 3, 4],
    ['an overlong encoding', [0x0a, 0xc0, 0xaf], 1, 1],
    ['a surrogate', [0x61, 0xed, 0xa0, 0x80], 1, 2],
    ['a truncated character at the end', [0x61, 0x0a, 0x62, 0xe2, 0x82], 3, 2],
    ['a lone continuation byte', [0x80], 0, 1],
  ])('refuses %s with its offset, line and column', (_, bytes, offset, column) => {
    const fault = findInvalidUtf8(Uint8Array.from(bytes));
    expect(fault).toMatchObject({ offset, column });
    expect(() => decodeUtf8(Uint8Array.from(bytes), '(body)', 'the body')).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR', message: expect.stringContaining(`at offset ${offset}`) }));
  });

  it('finds a fault exactly where the strict decoder stops accepting', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const fault = findInvalidUtf8(bytes);
        let valid = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          valid = false;
        }
        expect(fault === null).toBe(valid);
        if (fault) {
          // Everything before the fault decodes; the fault's byte is where a lossy decoder first writes U+FFFD.
          expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, fault.offset))).not.toThrow();
          const lossy = new TextDecoder('utf-8').decode(bytes);
          const before = new TextDecoder('utf-8').decode(bytes.subarray(0, fault.offset));
          expect(lossy.slice(0, before.length + 1)).toBe(`${before}\uFFFD`);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
