import { createHash } from 'node:crypto';
import { EndpointId, EndpointMethod, formatEndpointId } from '@bakuun/endpoint-domain';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/** 128 bits as 26 Crockford base32 characters (the first holds the 2 spare bits, so it is 0-3). */
function base32(bytes: Buffer): string {
  let value = BigInt(`0x${bytes.toString('hex')}`);
  let out = '';
  for (let i = 0; i < 26; i++) {
    out = CROCKFORD[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

/**
 * Endpoint ids derive from (partner, request id, method): a retried AddEndpoints request
 * lands on the same streams, so it cannot create duplicates even when the first attempt died
 * half-way.
 */
export function endpointIdFor(partnerId: string, requestId: string, method: EndpointMethod): EndpointId {
  const digest = createHash('sha256').update(`${partnerId}\u0000${requestId}\u0000${method}`).digest().subarray(0, 16);
  return formatEndpointId(base32(digest));
}
