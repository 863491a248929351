import { ValidationError } from '@bakuun/errors';
import { encodeCrockford128 } from './crockford-base32';
import { drawBytes, type RandomSource } from './random-source';

/**
 * `key_` + a TypeID suffix: 26 lower-case Crockford base32 characters encoding a UUIDv7 built
 * from `now` (48-bit Unix milliseconds) and 74 random bits, the same shape as `ep_` ids. Ids sort
 * by creation time and say nothing about the key material.
 */
export type KeyId = string & { readonly __brand: 'KeyId' };

export const KEY_ID_PREFIX = 'key_';
const SUFFIX = /^[0-7][0-9a-hjkmnp-tv-z]{25}$/;
const MAX_UNIX_MS = 2 ** 48 - 1;

export function generateKeyId(now: Date, random: RandomSource): KeyId {
  const ms = now.getTime();
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_UNIX_MS) {
    throw new ValidationError('KEY.ID_TIME_INVALID', 'now must be a valid instant after 1970 to mint a key id', { field: 'now' });
  }
  const rand = drawBytes(random, 10);
  const uuid = Buffer.alloc(16);
  uuid.writeUIntBE(ms, 0, 6);
  uuid[6] = 0x70 | ((rand[0] ?? 0) & 0x0f);
  uuid[7] = rand[1] ?? 0;
  uuid[8] = 0x80 | ((rand[2] ?? 0) & 0x3f);
  rand.copy(uuid, 9, 3, 10);
  return `${KEY_ID_PREFIX}${encodeCrockford128(uuid)}` as KeyId;
}

export function isKeyId(value: string): value is KeyId {
  return value.startsWith(KEY_ID_PREFIX) && SUFFIX.test(value.slice(KEY_ID_PREFIX.length));
}

/** Parses an id received at a boundary; the message never echoes the input. */
export function parseKeyId(value: string, field = 'keyId'): KeyId {
  if (!isKeyId(value)) {
    throw new ValidationError('KEY.ID_INVALID', `${field} must be "key_" followed by 26 base32 characters`, { field });
  }
  return value;
}
