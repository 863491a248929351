import { DomainError, type DomainErrorOptions, type ErrorCode } from './domain-error';

/** The input is malformed or breaks a rule about its own content. */
export class ValidationError extends DomainError {
  constructor(code: ErrorCode, message: string, options?: DomainErrorOptions) {
    super('ValidationError', 'VALIDATION', code, message, options);
  }
}

export class NotFoundError extends DomainError {
  constructor(code: ErrorCode, message: string, options?: DomainErrorOptions) {
    super('NotFoundError', 'NOT_FOUND', code, message, options);
  }
}

/** The input is fine but the current state does not allow the operation. */
export class IllegalStateError extends DomainError {
  constructor(code: ErrorCode, message: string, options?: DomainErrorOptions) {
    super('IllegalStateError', 'FAILED_PRECONDITION', code, message, options);
  }
}

export class AlreadyExistsError extends DomainError {
  constructor(code: ErrorCode, message: string, options?: DomainErrorOptions) {
    super('AlreadyExistsError', 'ALREADY_EXISTS', code, message, options);
  }
}

export interface ConcurrencyConflict {
  readonly streamId: string;
  readonly expected: number;
  readonly actual: number;
}

/** An append lost the race: the stream moved from `expected` to `actual`. Retry by reloading. */
export class ConcurrencyError extends DomainError {
  readonly streamId: string;
  readonly expected: number;
  readonly actual: number;

  constructor(conflict: ConcurrencyConflict, options: Omit<DomainErrorOptions, 'details'> & { code?: ErrorCode } = {}) {
    const { streamId, expected, actual } = conflict;
    super(
      'ConcurrencyError',
      'CONFLICT',
      options.code ?? 'STREAM.VERSION_CONFLICT',
      `Stream ${streamId} is at version ${actual}, expected ${expected}`,
      { ...options, details: { streamId, expected, actual } },
    );
    this.streamId = streamId;
    this.expected = expected;
    this.actual = actual;
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(code: ErrorCode, message: string, options?: DomainErrorOptions) {
    super('UnauthenticatedError', 'UNAUTHENTICATED', code, message, options);
  }
}

export class PermissionDeniedError extends DomainError {
  constructor(code: ErrorCode, message: string, options?: DomainErrorOptions) {
    super('PermissionDeniedError', 'PERMISSION_DENIED', code, message, options);
  }
}

/** A dependency is down or overloaded; the same call may succeed later. */
export class UnavailableError extends DomainError {
  constructor(code: ErrorCode, message: string, options?: DomainErrorOptions) {
    super('UnavailableError', 'UNAVAILABLE', code, message, options);
  }
}

export class RateLimitedError extends DomainError {
  readonly retryAfterSeconds: number;

  constructor(code: ErrorCode, message: string, options: DomainErrorOptions & { retryAfterSeconds: number }) {
    const { retryAfterSeconds, ...rest } = options;
    super('RateLimitedError', 'RATE_LIMITED', code, message, {
      ...rest,
      details: { ...rest.details, retryAfterSeconds },
    });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
