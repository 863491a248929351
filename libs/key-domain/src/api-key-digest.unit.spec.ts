import { apiKeyMatchesDigest, digestApiKey, digestsEqual, isApiKeyDigest } from './api-key-digest';
import { generateKey } from './key-format';
import { seededRandom } from './random-source.fixtures';

describe('API key digest', () => {
  const random = seededRandom();
  const apiKey = generateKey('API_KEY', 'live', random);

  it('given a key, when digesting, then gives the SHA-256 hex and never contains the key', () => {
    const digest = digestApiKey(apiKey);

    expect(isApiKeyDigest(digest)).toBe(true);
    expect(digest).toBe(digestApiKey(apiKey));
    expect(digest).not.toContain(apiKey.slice(8));
    expect(digestApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('given keys stored by digest, when a presented key is looked up by its digest, then its record is found', () => {
    const other = generateKey('API_KEY', 'live', random);
    const byDigest = new Map([
      [digestApiKey(apiKey), 'ep_a'],
      [digestApiKey(other), 'ep_b'],
    ]);

    expect(byDigest.get(digestApiKey(apiKey))).toBe('ep_a');
    expect(byDigest.get(digestApiKey(generateKey('API_KEY', 'live', random)))).toBeUndefined();
  });

  it('given a digest, when comparing keys, then only the same key matches', () => {
    const digest = digestApiKey(apiKey);

    expect(apiKeyMatchesDigest(apiKey, digest)).toBe(true);
    expect(apiKeyMatchesDigest(`${apiKey.slice(0, -1)}x`, digest)).toBe(false);
  });

  it('given malformed digests, when comparing, then they are unequal rather than throwing', () => {
    const digest = digestApiKey(apiKey);

    expect(digestsEqual(digest, digest.slice(1))).toBe(false);
    expect(digestsEqual(digest, digest.toUpperCase())).toBe(false);
    expect(digestsEqual('', '')).toBe(false);
  });
});
