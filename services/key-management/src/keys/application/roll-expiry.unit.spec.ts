import { expiryToRecord, localOldKeyExpiryBase } from './roll-expiry';

const preparedAt = new Date('2026-01-01T00:00:00.000Z');
const committedAt = new Date('2026-01-01T00:00:00.250Z');

describe('old key expiry of a roll', () => {
  it.each([
    ['PT1H', '2026-01-01T01:00:00.000Z'],
    ['PT24H', '2026-01-02T00:00:00.000Z'],
    ['P3D', '2026-01-04T00:00:00.000Z'],
    ['P7D', '2026-01-08T00:00:00.000Z'],
  ] as const)('%s is recorded and enforced from the instant the roll was prepared', (code, expected) => {
    expect(expiryToRecord(code, preparedAt, 5000).toISOString()).toBe(expected);
    expect(localOldKeyExpiryBase(code, preparedAt, committedAt)).toBe(preparedAt);
  });

  it('NOW is recorded as the end of the registry call deadline and enforced from the commit instant', () => {
    expect(expiryToRecord('NOW', preparedAt, 5000).toISOString()).toBe('2026-01-01T00:00:05.000Z');
    expect(localOldKeyExpiryBase('NOW', preparedAt, committedAt)).toBe(committedAt);
  });
});
