/** Lower-case Crockford base32 (no i, l, o, u), as in TypeID. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** 26 characters for 16 bytes: 130 bits hold 128, so the first character is always 0-7. */
export function encodeCrockford128(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new RangeError(`Expected 16 bytes, got ${bytes.length}`);
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let out = '';
  for (let i = 0; i < 26; i++) {
    out = ALPHABET.charAt(Number(value & 31n)) + out;
    value >>= 5n;
  }
  return out;
}
