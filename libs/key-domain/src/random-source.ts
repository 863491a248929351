import { IllegalStateError } from '@bakuun/errors';

/**
 * Port: cryptographically secure random bytes. The service binds it to node:crypto
 * `randomBytes`; unit tests pass a deterministic source. The domain never draws randomness itself.
 */
export interface RandomSource {
  bytes(n: number): Uint8Array;
}

/** Draws exactly `n` bytes into a fresh Buffer; a source returning fewer would silently shorten keys or IVs. */
export function drawBytes(random: RandomSource, n: number): Buffer {
  const bytes = random.bytes(n);
  if (bytes.length !== n) {
    throw new IllegalStateError('KEY.RANDOM_SOURCE_SHORT', `Random source returned ${bytes.length} bytes where ${n} were requested`);
  }
  return Buffer.from(bytes);
}
