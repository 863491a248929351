const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Big-endian base62, left-padded with `0` to `width` characters so every key of a kind has the
 * same length (43 characters hold any 32-byte value: 62^43 > 2^256).
 */
export function encodeBase62(bytes: Uint8Array, width: number): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let out = '';
  while (value > 0n) {
    out = ALPHABET.charAt(Number(value % 62n)) + out;
    value /= 62n;
  }
  if (out.length > width) throw new RangeError(`${bytes.length} bytes do not fit in ${width} base62 characters`);
  return out.padStart(width, '0');
}
