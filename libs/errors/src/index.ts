export {
  DomainError,
  ERROR_CATEGORIES,
  isDomainError,
  type DomainErrorOptions,
  type ErrorCategory,
  type ErrorCode,
  type ErrorDetails,
  type JsonValue,
} from './domain-error';
export {
  AlreadyExistsError,
  ConcurrencyError,
  IllegalStateError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitedError,
  UnauthenticatedError,
  UnavailableError,
  ValidationError,
  type ConcurrencyConflict,
} from './errors';
