import { ValidationError } from '@bakuun/errors';
import { generateKey, isMaskedKey, isWellFormedKey, KEY_PREFIXES, maskKey, parseKeyPrefix, signingKeyBytes } from './key-format';
import { constantRandom, seededRandom } from './random-source.fixtures';

describe('key format', () => {
  it.each([
    ['SIGNING_SECRET', 'live', /^whsec_live[A-Za-z0-9+/]{43}=$/],
    ['SIGNING_SECRET', 'test', /^whsec_test[A-Za-z0-9+/]{43}=$/],
    ['API_KEY', 'live', /^bk_live_[0-9A-Za-z]{43}$/],
    ['API_KEY', 'test', /^bk_test_[0-9A-Za-z]{43}$/],
  ] as const)('given kind %s in %s, when generating, then the key has its prefix and body', (kind, environment, shape) => {
    const key = generateKey(kind, environment, seededRandom());

    expect(shape.test(key)).toBe(true);
    expect(isWellFormedKey(key)).toBe(true);
    expect(parseKeyPrefix(key)).toEqual({ prefix: expect.any(String), kind, environment });
  });

  it('given one random source, when generating two keys, then they differ', () => {
    const random = seededRandom();
    expect(generateKey('API_KEY', 'live', random) === generateKey('API_KEY', 'live', random)).toBe(false);
    expect(generateKey('SIGNING_SECRET', 'live', random) === generateKey('SIGNING_SECRET', 'live', random)).toBe(false);
  });

  it('given a signing secret, when decoding after the last prefix segment, then it is 32 random bytes of base64', () => {
    const secret = generateKey('SIGNING_SECRET', 'test', constantRandom(7));

    expect(Buffer.from(secret.slice('whsec_test'.length), 'base64').equals(Buffer.alloc(32, 7))).toBe(true);
  });

  it('given a signing secret, when deriving the HMAC key the Standard Webhooks way, then it is the decoded part after whsec_', () => {
    const secret = generateKey('SIGNING_SECRET', 'live', constantRandom(7));
    const key = signingKeyBytes(secret);

    expect(key).toHaveLength(35);
    expect(key.subarray(3).equals(Buffer.alloc(32, 7))).toBe(true);
    expect(() => signingKeyBytes(generateKey('API_KEY', 'live', seededRandom()))).toThrow(ValidationError);
  });

  it('given a key, when masking, then only the prefix and the last 4 characters are shown', () => {
    const key = generateKey('API_KEY', 'live', seededRandom());
    const masked = maskKey(key);

    expect(masked).toBe(`bk_live_…${key.slice(-4)}`);
    expect(masked.replace('bk_live_…', '')).toHaveLength(4);
    expect(isMaskedKey(masked)).toBe(true);
    expect(isMaskedKey(key)).toBe(false);
  });

  it('given a signing secret, when masking, then the environment prefix stays visible', () => {
    const secret = generateKey('SIGNING_SECRET', 'test', seededRandom());

    expect(maskKey(secret)).toBe(`whsec_test…${secret.slice(-4)}`);
    expect(isMaskedKey(maskKey(secret))).toBe(true);
  });

  it.each([
    ['an unknown prefix', 'sk_live_abc'],
    ['the plain Standard Webhooks form without environment', `whsec_${Buffer.alloc(32, 1).toString('base64')}`],
    ['an empty string', ''],
  ])('given %s, when parsing the prefix, then a ValidationError lists the prefixes without echoing the key', (_, key) => {
    const attempt = () => parseKeyPrefix(key);

    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'KEY.FORMAT_INVALID', message: expect.stringContaining('whsec_live') }));
    if (key !== '') expect(attempt).not.toThrow(key);
  });

  it.each([
    ['an API key too short', `bk_live_${'a'.repeat(42)}`],
    ['an API key with a non-base62 character', `bk_live_${'a'.repeat(42)}-`],
    ['a secret of 31 bytes', `whsec_live${Buffer.alloc(31, 1).toString('base64')}`],
    ['a secret with junk characters', `whsec_live${Buffer.alloc(32, 1).toString('base64').replace('A', '_')}`],
  ])('given %s, when checking the format, then it is not well-formed and cannot be masked', (_, key) => {
    expect(isWellFormedKey(key)).toBe(false);
    expect(() => maskKey(key)).toThrow(expect.objectContaining({ code: 'KEY.FORMAT_INVALID' }));
  });

  it('every prefix is listed once per kind and environment', () => {
    expect(KEY_PREFIXES.map((p) => `${p.kind}/${p.environment}`)).toEqual(['SIGNING_SECRET/live', 'SIGNING_SECRET/test', 'API_KEY/live', 'API_KEY/test']);
  });
});
