import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Inbound API keys are stored only as this digest: SHA-256, lower-case hex. A fast, unsalted
 * hash is right here (unlike passwords): keys carry 256 random bits, so guessing is hopeless,
 * and a deterministic digest is what lets the hot path find a key by a unique index.
 */
export type ApiKeyDigest = string & { readonly __brand: 'ApiKeyDigest' };

const HEX_SHA256 = /^[0-9a-f]{64}$/;

export function digestApiKey(apiKey: string): ApiKeyDigest {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex') as ApiKeyDigest;
}

export function isApiKeyDigest(value: string): value is ApiKeyDigest {
  return HEX_SHA256.test(value);
}

/** Constant-time equality of two digests; anything that is not a digest is simply unequal. */
export function digestsEqual(a: string, b: string): boolean {
  if (!isApiKeyDigest(a) || !isApiKeyDigest(b)) return false;
  return timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}

/** Whether a presented key is the one behind `digest`, compared in constant time (defence in depth after the index lookup). */
export function apiKeyMatchesDigest(apiKey: string, digest: string): boolean {
  return digestsEqual(digestApiKey(apiKey), digest);
}
