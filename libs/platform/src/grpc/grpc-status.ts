import { status } from '@grpc/grpc-js';
import type { ErrorCategory } from '@bakuun/errors';

/** The one place where an error category becomes a gRPC status. */
export const grpcStatusByCategory: Record<ErrorCategory, status> = {
  VALIDATION: status.INVALID_ARGUMENT,
  NOT_FOUND: status.NOT_FOUND,
  FAILED_PRECONDITION: status.FAILED_PRECONDITION,
  ALREADY_EXISTS: status.ALREADY_EXISTS,
  CONFLICT: status.ABORTED,
  UNAUTHENTICATED: status.UNAUTHENTICATED,
  PERMISSION_DENIED: status.PERMISSION_DENIED,
  UNAVAILABLE: status.UNAVAILABLE,
  RATE_LIMITED: status.RESOURCE_EXHAUSTED,
};

/** Trailer carrying the stable error code (e.g. `ENDPOINT.URL_NOT_HTTPS`). */
export const ERROR_CODE_TRAILER = 'x-error-code';
export const ERROR_FIELD_TRAILER = 'x-error-field';
