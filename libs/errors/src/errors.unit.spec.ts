import {
  AlreadyExistsError,
  ConcurrencyError,
  DomainError,
  IllegalStateError,
  isDomainError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitedError,
  UnauthenticatedError,
  UnavailableError,
  ValidationError,
} from './index';

describe('domain errors', () => {
  it.each([
    ['ValidationError', 'VALIDATION', new ValidationError('X.BAD', 'm')],
    ['NotFoundError', 'NOT_FOUND', new NotFoundError('X.MISSING', 'm')],
    ['IllegalStateError', 'FAILED_PRECONDITION', new IllegalStateError('X.STATE', 'm')],
    ['AlreadyExistsError', 'ALREADY_EXISTS', new AlreadyExistsError('X.DUP', 'm')],
    ['ConcurrencyError', 'CONFLICT', new ConcurrencyError({ streamId: 's', expected: 1, actual: 2 })],
    ['UnauthenticatedError', 'UNAUTHENTICATED', new UnauthenticatedError('X.AUTH', 'm')],
    ['PermissionDeniedError', 'PERMISSION_DENIED', new PermissionDeniedError('X.DENIED', 'm')],
    ['UnavailableError', 'UNAVAILABLE', new UnavailableError('X.DOWN', 'm')],
    ['RateLimitedError', 'RATE_LIMITED', new RateLimitedError('X.SLOW', 'm', { retryAfterSeconds: 3 })],
  ])('%s has an explicit name and category %s', (name, category, error) => {
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.category).toBe(category);
    expect(error.stack).toContain(name);
    expect(isDomainError(error)).toBe(true);
  });

  it('carries code, field, details and cause', () => {
    const cause = new TypeError('Invalid URL');
    const error = new ValidationError('ENDPOINT.URL_INVALID', 'bad url', { field: 'url', details: { host: 'a.com' }, cause });

    expect(error).toMatchObject({ code: 'ENDPOINT.URL_INVALID', message: 'bad url', field: 'url', details: { host: 'a.com' } });
    expect(error.cause).toBe(cause);
  });

  it('serialises to client-safe JSON without stack or cause', () => {
    const error = new NotFoundError('ENDPOINT.NOT_FOUND', 'no such endpoint', { field: 'endpointId', cause: new Error('secret') });

    expect(JSON.parse(JSON.stringify(error))).toStrictEqual({
      name: 'NotFoundError',
      code: 'ENDPOINT.NOT_FOUND',
      category: 'NOT_FOUND',
      message: 'no such endpoint',
      field: 'endpointId',
    });
  });

  it('ConcurrencyError names the stream and both versions', () => {
    const error = new ConcurrencyError({ streamId: 'ep_1', expected: 3, actual: 4 });

    expect(error).toMatchObject({ code: 'STREAM.VERSION_CONFLICT', streamId: 'ep_1', expected: 3, actual: 4 });
    expect(error.details).toStrictEqual({ streamId: 'ep_1', expected: 3, actual: 4 });
    expect(error.message).toBe('Stream ep_1 is at version 4, expected 3');
  });

  it('RateLimitedError exposes retryAfterSeconds, also in details', () => {
    const error = new RateLimitedError('DELIVERY.RATE_LIMITED', 'slow down', { retryAfterSeconds: 30, details: { scope: 'partner' } });

    expect(error.retryAfterSeconds).toBe(30);
    expect(error.details).toStrictEqual({ scope: 'partner', retryAfterSeconds: 30 });
  });

  it('isDomainError rejects plain errors and non-errors', () => {
    expect(isDomainError(new Error('x'))).toBe(false);
    expect(isDomainError({ code: 'X.Y', category: 'VALIDATION', message: 'x' })).toBe(false);
    expect(isDomainError(undefined)).toBe(false);
  });

  it('isDomainError recognises an error from a duplicated copy of this package', () => {
    const foreign = new Error('from another copy');
    Object.setPrototypeOf(foreign, Object.create(Error.prototype, { [Symbol.for('bakuun.errors.DomainError')]: { value: true } }));

    expect(isDomainError(foreign)).toBe(true);
  });
});
