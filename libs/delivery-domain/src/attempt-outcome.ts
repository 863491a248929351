import { nextRetryDelay, parseRetryAfter, type RetryPolicy } from './retry-schedule';

/** Why an attempt failed, as stored and published (proto AttemptErrorClass without the prefix). */
export type ErrorClass =
  | 'NONE'
  | 'REDIRECT'
  | 'HTTP_AUTH'
  | 'HTTP_GONE'
  | 'HTTP_RATE_LIMITED'
  | 'HTTP_4XX'
  | 'HTTP_5XX'
  | 'CONNECT_TIMEOUT'
  | 'TIMEOUT'
  | 'CONNECTION_REFUSED'
  | 'CONNECTION_RESET'
  | 'DNS'
  | 'TLS'
  | 'SSRF_REFUSED'
  | 'SIGNING_UNAVAILABLE'
  | 'OTHER';

/** What came back from one HTTP attempt: a response (any status) or a transport failure. */
export type AttemptResult =
  | { readonly kind: 'RESPONSE'; readonly statusCode: number; readonly retryAfter?: string }
  | { readonly kind: 'TRANSPORT_ERROR'; readonly errorClass: Exclude<ErrorClass, 'NONE' | 'REDIRECT' | 'HTTP_AUTH' | 'HTTP_GONE' | 'HTTP_RATE_LIMITED' | 'HTTP_4XX' | 'HTTP_5XX'>; readonly message: string };

/** What the dispatcher does next with the delivery. */
export type DeliveryDecision =
  | { readonly kind: 'DELIVERED' }
  | { readonly kind: 'RETRY'; readonly delayMs: number; readonly errorClass: ErrorClass }
  | { readonly kind: 'EXHAUSTED'; readonly errorClass: ErrorClass }
  | { readonly kind: 'GONE' };

/** The error class of an HTTP status; NONE for 2xx. */
export function errorClassOfStatus(statusCode: number): ErrorClass {
  if (statusCode >= 200 && statusCode < 300) return 'NONE';
  if (statusCode >= 300 && statusCode < 400) return 'REDIRECT';
  if (statusCode === 401 || statusCode === 403) return 'HTTP_AUTH';
  if (statusCode === 410) return 'HTTP_GONE';
  if (statusCode === 429) return 'HTTP_RATE_LIMITED';
  if (statusCode >= 400 && statusCode < 500) return 'HTTP_4XX';
  return 'HTTP_5XX';
}

export function errorClassOf(result: AttemptResult): ErrorClass {
  return result.kind === 'RESPONSE' ? errorClassOfStatus(result.statusCode) : result.errorClass;
}

/**
 * The outcome rules (Standard Webhooks, Svix): 2xx delivered; 410 Gone stops for good and the
 * endpoint is suspended; every other status (3xx included: redirects are not followed),
 * connection error and timeout is retried on the schedule, and a Retry-After on 429 or 503 is
 * honoured up to the policy's cap. `failuresInRound` counts this failure.
 */
export function decideAfterAttempt(result: AttemptResult, failuresInRound: number, policy: RetryPolicy, random01: number, now: Date): DeliveryDecision {
  const errorClass = errorClassOf(result);
  if (errorClass === 'NONE') return { kind: 'DELIVERED' };
  if (errorClass === 'HTTP_GONE') return { kind: 'GONE' };
  const honoursRetryAfter = result.kind === 'RESPONSE' && (result.statusCode === 429 || result.statusCode === 503);
  const retryAfterMs = honoursRetryAfter ? parseRetryAfter(result.retryAfter, now) : undefined;
  const delayMs = nextRetryDelay(policy, failuresInRound, random01, retryAfterMs);
  return delayMs === null ? { kind: 'EXHAUSTED', errorClass } : { kind: 'RETRY', delayMs, errorClass };
}

/** Failures that say the receiver is down or overloaded, which is what the circuit breaker counts. */
export function isEndpointHealthFailure(errorClass: ErrorClass): boolean {
  return ['HTTP_5XX', 'HTTP_RATE_LIMITED', 'CONNECT_TIMEOUT', 'TIMEOUT', 'CONNECTION_REFUSED', 'CONNECTION_RESET', 'DNS', 'TLS'].includes(errorClass);
}
