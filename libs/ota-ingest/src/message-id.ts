import { createHash } from 'node:crypto';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

export const MESSAGE_ID_PREFIX = 'msg_';

/**
 * A deterministic message id: `msg_` + 26 Crockford base32 characters (the TypeID shape our
 * other ids use) over the first 128 bits of SHA-256(partner id, document SHA-256, position).
 * Re-ingesting the same document for the same partner yields the same ids, so consumers that
 * deduplicate by id ignore the repeat; any change to the document's bytes yields new ids.
 */
export function deterministicMessageId(partnerId: string, documentSha256: string, position: number): string {
  const digest = createHash('sha256').update(`bakuun.upstream.v1\n${partnerId}\n${documentSha256}\n${position}`).digest();
  let value = BigInt(`0x${digest.subarray(0, 16).toString('hex')}`);
  let suffix = '';
  for (let i = 0; i < 26; i++) {
    suffix = CROCKFORD[Number(value & 31n)]! + suffix;
    value >>= 5n;
  }
  return `${MESSAGE_ID_PREFIX}${suffix}`;
}

export function sha256Hex(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}
