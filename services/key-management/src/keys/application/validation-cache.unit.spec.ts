import { ValidationCache, type ValidatedApiKey } from './validation-cache';

const key = (endpointId: string, keyId = 'key_1', validUntilMs: number | null = null): ValidatedApiKey => ({ endpointId, partnerId: 'p', category: 'BOOKING', method: 'PUSH', keyId, validUntilMs });

describe('ValidationCache', () => {
  it('answers a cached key until its TTL, then forgets it', () => {
    const cache = new ValidationCache(1000, 10);
    expect(cache.set('d1', key('ep_a'), 0, cache.ticket())).toBe(true);
    expect(cache.get('d1', 999)).toEqual(key('ep_a'));
    expect(cache.get('d1', 1000)).toBeNull();
    expect(cache.size).toBe(0);
  });

  it('drops every entry of an endpoint on invalidation and leaves other endpoints alone', () => {
    const cache = new ValidationCache(1000, 10);
    cache.set('d1', key('ep_a', 'key_1'), 0, cache.ticket());
    cache.set('d2', key('ep_a', 'key_2'), 0, cache.ticket());
    cache.set('d3', key('ep_b'), 0, cache.ticket());
    cache.invalidateEndpoint('ep_a');
    expect(cache.get('d1', 1)).toBeNull();
    expect(cache.get('d2', 1)).toBeNull();
    expect(cache.get('d3', 1)).not.toBeNull();
  });

  it('refuses to cache a lookup that raced an invalidation (stale data never comes back)', () => {
    const cache = new ValidationCache(1000, 10);
    const ticket = cache.ticket();
    cache.invalidateEndpoint('ep_a');
    expect(cache.set('d1', key('ep_a'), 0, ticket)).toBe(false);
    expect(cache.get('d1', 1)).toBeNull();
    expect(cache.set('d1', key('ep_a'), 0, cache.ticket())).toBe(true);
  });

  it('keeps the expiry of an overlapping key for the caller to enforce on every hit', () => {
    const cache = new ValidationCache(60_000, 10);
    cache.set('d1', key('ep_a', 'key_old', 500), 0, cache.ticket());
    expect(cache.get('d1', 600)?.validUntilMs).toBe(500);
  });

  it('evicts the oldest entry beyond its bound, and caches nothing when disabled', () => {
    const cache = new ValidationCache(1000, 2);
    cache.set('d1', key('ep_a'), 0, cache.ticket());
    cache.set('d2', key('ep_b'), 0, cache.ticket());
    cache.set('d3', key('ep_c'), 0, cache.ticket());
    expect([cache.get('d1', 1), cache.get('d2', 1) !== null, cache.get('d3', 1) !== null]).toEqual([null, true, true]);
    const off = new ValidationCache(0, 10);
    expect(off.set('d1', key('ep_a'), 0, off.ticket())).toBe(false);
  });
});
