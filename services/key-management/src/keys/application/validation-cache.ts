import type { EndpointCategory, EndpointMethod } from '@bakuun/endpoint-domain';

/** What a valid API key resolves to, as cached. */
export interface ValidatedApiKey {
  readonly endpointId: string;
  readonly partnerId: string;
  readonly category: EndpointCategory;
  readonly method: EndpointMethod;
  readonly keyId: string;
  /** The key's own expiry (epoch ms) when it is a previous key overlapping a newer one; null for the current key. */
  readonly validUntilMs: number | null;
}

interface Entry {
  readonly value: ValidatedApiKey;
  readonly freshUntilMs: number;
}

/**
 * Digest → validated key, for the ValidateApiKey hot path.
 *
 * - Entries live `ttlMs` at most; the caller still enforces `validUntilMs` on every hit, so
 *   an overlapping key stops working at its expiry instant even when cached.
 * - `invalidateEndpoint` drops an endpoint's entries at once (roll committed, endpoint deleted).
 * - A lookup that raced an invalidation must not repopulate stale data: take a `ticket()` before
 *   reading the database and pass it to `set`, which refuses when any invalidation happened since.
 * - Bounded: past `maxEntries`, the oldest entry is evicted.
 */
export class ValidationCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byEndpoint = new Map<string, Set<string>>();
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(digest: string, nowMs: number): ValidatedApiKey | null {
    const entry = this.entries.get(digest);
    if (entry === undefined) return null;
    if (nowMs >= entry.freshUntilMs) {
      this.delete(digest);
      return null;
    }
    return entry.value;
  }

  ticket(): number {
    return this.generation;
  }

  /** Caches `value` unless an invalidation happened since `ticket` was taken; returns whether it did. */
  set(digest: string, value: ValidatedApiKey, nowMs: number, ticket: number): boolean {
    if (ticket !== this.generation || this.ttlMs === 0 || this.maxEntries === 0) return false;
    this.delete(digest);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
    this.entries.set(digest, { value, freshUntilMs: nowMs + this.ttlMs });
    let digests = this.byEndpoint.get(value.endpointId);
    if (digests === undefined) this.byEndpoint.set(value.endpointId, (digests = new Set()));
    digests.add(digest);
    return true;
  }

  invalidateEndpoint(endpointId: string): void {
    this.generation++;
    for (const digest of this.byEndpoint.get(endpointId) ?? []) this.entries.delete(digest);
    this.byEndpoint.delete(endpointId);
  }

  private delete(digest: string): void {
    const entry = this.entries.get(digest);
    if (entry === undefined) return;
    this.entries.delete(digest);
    const digests = this.byEndpoint.get(entry.value.endpointId);
    digests?.delete(digest);
    if (digests?.size === 0) this.byEndpoint.delete(entry.value.endpointId);
  }
}
