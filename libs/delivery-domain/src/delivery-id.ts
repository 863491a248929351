import { createHash } from 'node:crypto';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * `dlv_` + 26 base32 characters of SHA-256(message id, endpoint id): the same message and
 * endpoint always give the same id, so a message consumed twice (at least once) creates one
 * delivery, and a unique index makes that hold across processes.
 */
export function deliveryIdFor(messageId: string, endpointId: string): string {
  const digest = createHash('sha256').update(`${messageId}\u0000${endpointId}`).digest();
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < 26) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length === 26) break;
  }
  return `dlv_${out}`;
}
