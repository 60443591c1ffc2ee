/**
 * UUID v7 (RFC 9562): 48 bits of Unix milliseconds, then randomness, so ids
 * sort by creation time and index well. A counter in the random bits keeps ids
 * from one generator strictly increasing within the same millisecond.
 */
export function createUuidV7Generator(
  clock: () => number = Date.now,
  random: (bytes: Uint8Array) => Uint8Array = (b) => globalThis.crypto.getRandomValues(b),
): () => string {
  let lastMs = -1;
  let seq = 0;
  return () => {
    let ms = clock();
    if (ms <= lastMs) {
      ms = lastMs;
      seq = (seq + 1) & 0xfff;
      if (seq === 0) ms = ++lastMs;
    } else {
      seq = random(new Uint8Array(2)).reduce((a, b) => (a << 8) | b, 0) & 0x7ff;
    }
    lastMs = ms;
    const bytes = random(new Uint8Array(16));
    bytes[0] = Math.floor(ms / 2 ** 40) & 0xff;
    bytes[1] = Math.floor(ms / 2 ** 32) & 0xff;
    bytes[2] = (ms >>> 24) & 0xff;
    bytes[3] = (ms >>> 16) & 0xff;
    bytes[4] = (ms >>> 8) & 0xff;
    bytes[5] = ms & 0xff;
    bytes[6] = 0x70 | ((seq >>> 8) & 0x0f);
    bytes[7] = seq & 0xff;
    bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
    let hex = '';
    for (const b of bytes) hex += b.toString(16).padStart(2, '0');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}

/** A process-wide v7 generator. */
export const uuidv7: () => string = createUuidV7Generator();
