import { ValidationError } from '@bakuun/errors';
import { directionOf, keyKindOf, supportedMethods } from './endpoint-category';

describe('endpoint category', () => {
  it.each([
    ['MAPPING', 'PUSH', 'OUTBOUND'],
    ['MAPPING', 'READ', 'INBOUND'],
    ['ARI', 'PUSH', 'OUTBOUND'],
    ['BOOKING', 'PUSH', 'INBOUND'],
    ['BOOKING', 'READ', 'OUTBOUND'],
  ] as const)('%s/%s is %s (DESIGN.md direction table)', (category, method, direction) => {
    expect(directionOf(category, method)).toBe(direction);
  });

  it('ARI/READ is not supported', () => {
    expect(() => directionOf('ARI', 'READ')).toThrow(ValidationError);
    expect(() => directionOf('ARI', 'READ')).toThrow('ARI endpoints do not support method READ');
    expect(supportedMethods('ARI')).toEqual(['PUSH']);
    expect(supportedMethods('BOOKING')).toEqual(['PUSH', 'READ']);
  });

  it('outbound endpoints sign with a secret, inbound ones check an API key', () => {
    expect(keyKindOf('OUTBOUND')).toBe('SIGNING_SECRET');
    expect(keyKindOf('INBOUND')).toBe('API_KEY');
  });
});
