import { ValidationError } from '@bakuun/errors';
import { expiryFor, KEY_EXPIRY_CHOICES, parseKeyExpiryCode } from './key-expiry-choices';

const T0 = new Date('2025-03-01T10:00:00.000Z');

describe('key expiry choices', () => {
  it('lists NOW, 1 hour, 24 hours, 3 days and 7 days in order, with codes, labels and seconds', () => {
    expect(KEY_EXPIRY_CHOICES).toEqual([
      { code: 'NOW', label: 'Now', seconds: 0 },
      { code: 'PT1H', label: '1 hour', seconds: 3600 },
      { code: 'PT24H', label: '24 hours', seconds: 86400 },
      { code: 'P3D', label: '3 days', seconds: 259200 },
      { code: 'P7D', label: '7 days', seconds: 604800 },
    ]);
  });

  it.each([
    ['NOW', '2025-03-01T10:00:00.000Z'],
    ['PT1H', '2025-03-01T11:00:00.000Z'],
    ['PT24H', '2025-03-02T10:00:00.000Z'],
    ['P3D', '2025-03-04T10:00:00.000Z'],
    ['P7D', '2025-03-08T10:00:00.000Z'],
  ])('given %s at a roll instant, when computing the expiry, then it is %s', (code, expected) => {
    expect(expiryFor(code, T0).toISOString()).toBe(expected);
  });

  it('given a span across a DST change in Europe, when computing P7D, then it is exactly 7 × 24 hours of UTC', () => {
    const beforeDst = new Date('2025-03-28T12:00:00.000Z');
    expect(expiryFor('P7D', beforeDst).getTime() - beforeDst.getTime()).toBe(7 * 24 * 3600 * 1000);
  });

  it.each(['P1D', 'pt1h', '', 'NOW '])('given the unknown code "%s", when computing the expiry, then a ValidationError names the allowed codes', (code) => {
    const attempt = () => expiryFor(code, T0);

    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow('oldKeyExpiry must be one of NOW, PT1H, PT24H, P3D, P7D');
    expect(attempt).toThrow(expect.objectContaining({ code: 'KEY.EXPIRY_INVALID', field: 'oldKeyExpiry', details: { allowed: ['NOW', 'PT1H', 'PT24H', 'P3D', 'P7D'] } }));
  });

  it('given a known code, when parsing, then returns it typed', () => {
    expect(parseKeyExpiryCode('P3D')).toBe('P3D');
  });

  it('given the input instant, when computing the expiry, then it is not mutated', () => {
    const now = new Date(T0);
    expiryFor('PT1H', now);
    expect(now.getTime()).toBe(T0.getTime());
  });
});
