/** A token bucket's state: tokens left at `atMs`. */
export interface Bucket {
  readonly tokens: number;
  readonly atMs: number;
}

export interface BucketPolicy {
  /** Tokens added per second (the sustained rate). */
  readonly ratePerSecond: number;
  /** Capacity (the burst). */
  readonly burst: number;
}

export type TakeResult = { readonly allowed: true; readonly bucket: Bucket; readonly remaining: number } | { readonly allowed: false; readonly bucket: Bucket; readonly retryAfterSeconds: number };

/**
 * Takes one token. A new key starts full; tokens refill continuously at the sustained rate up to
 * the burst. A refusal says when one token will be there (rounded up to whole seconds, at least
 * 1, as `Retry-After` carries seconds). A clock that goes backwards refills nothing.
 */
export function takeToken(previous: Bucket | undefined, nowMs: number, policy: BucketPolicy): TakeResult {
  const start = previous ?? { tokens: policy.burst, atMs: nowMs };
  const elapsedMs = Math.max(0, nowMs - start.atMs);
  const tokens = Math.min(policy.burst, start.tokens + (elapsedMs * policy.ratePerSecond) / 1000);
  const atMs = Math.max(nowMs, start.atMs);
  if (tokens >= 1) return { allowed: true, bucket: { tokens: tokens - 1, atMs }, remaining: Math.floor(tokens - 1) };
  const waitMs = ((1 - tokens) * 1000) / policy.ratePerSecond;
  return { allowed: false, bucket: { tokens, atMs }, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}
