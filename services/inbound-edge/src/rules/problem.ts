/**
 * Every error answer of the inbound edge is an RFC 9457 problem document
 * (`Content-Type: application/problem+json`). `type` is a stable URI per kind, `code` a stable
 * upper-case code clients switch on; `errors` lists each invalid field of a 400. Problems never
 * carry the presented API key or the request body.
 */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'https://docs.bakuun.example/problems/';

export type ProblemKind =
  | 'unauthenticated'
  | 'endpoint-not-found'
  | 'endpoint-suspended'
  | 'endpoint-not-enabled'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'invalid-payload'
  | 'idempotency-key-reused'
  | 'request-in-progress'
  | 'rate-limited'
  | 'method-not-allowed'
  | 'not-acceptable'
  | 'route-not-found'
  | 'internal-error'
  | 'unavailable';

const KINDS: Record<ProblemKind, { status: number; title: string; code: string }> = {
  unauthenticated: { status: 401, title: 'Missing, unknown or expired API key', code: 'INBOUND.UNAUTHENTICATED' },
  'endpoint-not-found': { status: 404, title: 'No such endpoint for this API key', code: 'INBOUND.ENDPOINT_NOT_FOUND' },
  'endpoint-suspended': { status: 403, title: 'The endpoint is suspended', code: 'INBOUND.ENDPOINT_SUSPENDED' },
  'endpoint-not-enabled': { status: 403, title: 'The endpoint is not yet enabled', code: 'INBOUND.ENDPOINT_NOT_ENABLED' },
  'payload-too-large': { status: 413, title: 'The request body is too large', code: 'INBOUND.PAYLOAD_TOO_LARGE' },
  'unsupported-media-type': { status: 415, title: 'Unsupported content type', code: 'INBOUND.UNSUPPORTED_MEDIA_TYPE' },
  'invalid-payload': { status: 400, title: 'The request is invalid', code: 'INBOUND.INVALID_PAYLOAD' },
  'idempotency-key-reused': { status: 422, title: 'The idempotency key was used for another request', code: 'INBOUND.IDEMPOTENCY_KEY_REUSED' },
  'request-in-progress': { status: 409, title: 'A request with this idempotency key is in progress', code: 'INBOUND.REQUEST_IN_PROGRESS' },
  'rate-limited': { status: 429, title: 'Too many requests for this API key', code: 'INBOUND.RATE_LIMITED' },
  'method-not-allowed': { status: 405, title: 'Method not allowed', code: 'INBOUND.METHOD_NOT_ALLOWED' },
  'not-acceptable': { status: 406, title: 'Not acceptable', code: 'INBOUND.NOT_ACCEPTABLE' },
  'route-not-found': { status: 404, title: 'No such route', code: 'INBOUND.ROUTE_NOT_FOUND' },
  'internal-error': { status: 500, title: 'Internal error', code: 'INBOUND.INTERNAL' },
  unavailable: { status: 503, title: 'Temporarily unavailable, retry with the same idempotency key', code: 'INBOUND.UNAVAILABLE' },
};

/** One invalid field: `field` is a JSON path (`/bookings[1]/rooms[1]/roomTypeCode`) or an XML path (`/OTA_HotelResNotifRQ/…/@Start`), or a header (`header:Idempotency-Key`). */
export interface FieldError {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly instance?: string;
  readonly requestId?: string;
  readonly errors?: readonly FieldError[];
  /** Seconds; also sent as the `Retry-After` header. */
  readonly retryAfter?: number;
}

export interface ProblemOptions {
  readonly errors?: readonly FieldError[];
  readonly retryAfter?: number;
}

export function problem(kind: ProblemKind, detail: string, options: ProblemOptions = {}): Problem {
  const { status, title, code } = KINDS[kind];
  return {
    type: `${PROBLEM_TYPE_BASE}${kind}`,
    title,
    status,
    detail,
    code,
    ...(options.errors && options.errors.length > 0 ? { errors: options.errors } : {}),
    ...(options.retryAfter === undefined ? {} : { retryAfter: Math.max(1, Math.ceil(options.retryAfter)) }),
  };
}

/** Stamps the request it answers, once the transport knows it. */
export function forRequest(p: Problem, instance: string, requestId: string): Problem {
  return { ...p, instance, requestId };
}

export const isProblem = (value: unknown): value is Problem =>
  typeof value === 'object' && value !== null && typeof (value as Problem).type === 'string' && (value as Problem).type.startsWith(PROBLEM_TYPE_BASE) && typeof (value as Problem).status === 'number';
