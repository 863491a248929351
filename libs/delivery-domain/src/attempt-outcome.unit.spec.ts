import { decideAfterAttempt, errorClassOfStatus, isEndpointHealthFailure, type AttemptResult } from './attempt-outcome';
import { DEFAULT_RETRY_POLICY } from './retry-schedule';

const now = new Date('2025-03-01T10:00:00Z');
const policy = { ...DEFAULT_RETRY_POLICY, jitterRatio: 0 };
const response = (statusCode: number, retryAfter?: string): AttemptResult => ({ kind: 'RESPONSE', statusCode, ...(retryAfter ? { retryAfter } : {}) });

describe('attempt outcome classification', () => {
  it.each([
    [200, 'NONE'], [204, 'NONE'], [299, 'NONE'],
    [301, 'REDIRECT'], [302, 'REDIRECT'], [307, 'REDIRECT'], [308, 'REDIRECT'],
    [400, 'HTTP_4XX'], [401, 'HTTP_AUTH'], [403, 'HTTP_AUTH'], [404, 'HTTP_4XX'], [410, 'HTTP_GONE'], [413, 'HTTP_4XX'], [429, 'HTTP_RATE_LIMITED'],
    [500, 'HTTP_5XX'], [502, 'HTTP_5XX'], [503, 'HTTP_5XX'], [504, 'HTTP_5XX'],
  ])('status %i is %s', (status, errorClass) => {
    expect(errorClassOfStatus(status)).toBe(errorClass);
  });

  it('2xx is delivered', () => {
    expect(decideAfterAttempt(response(202), 1, policy, 0.5, now)).toEqual({ kind: 'DELIVERED' });
  });

  it('410 Gone stops at once, whatever the schedule says', () => {
    expect(decideAfterAttempt(response(410), 1, policy, 0.5, now)).toEqual({ kind: 'GONE' });
  });

  it('a redirect is not followed: it is a failure and is retried', () => {
    expect(decideAfterAttempt(response(302), 1, policy, 0.5, now)).toEqual({ kind: 'RETRY', delayMs: 5_000, errorClass: 'REDIRECT' });
  });

  it('other statuses, connection errors and timeouts retry on the schedule, then exhaust', () => {
    const timeout: AttemptResult = { kind: 'TRANSPORT_ERROR', errorClass: 'TIMEOUT', message: 'slow' };
    expect(decideAfterAttempt(response(500), 2, policy, 0.5, now)).toEqual({ kind: 'RETRY', delayMs: 300_000, errorClass: 'HTTP_5XX' });
    expect(decideAfterAttempt(response(400), 1, policy, 0.5, now)).toMatchObject({ kind: 'RETRY', errorClass: 'HTTP_4XX' });
    expect(decideAfterAttempt(timeout, 3, policy, 0.5, now)).toEqual({ kind: 'RETRY', delayMs: 1_800_000, errorClass: 'TIMEOUT' });
    expect(decideAfterAttempt(timeout, 8, policy, 0.5, now)).toEqual({ kind: 'EXHAUSTED', errorClass: 'TIMEOUT' });
  });

  it('Retry-After counts on 429 and 503 only', () => {
    expect(decideAfterAttempt(response(429, '600'), 1, policy, 0.5, now)).toEqual({ kind: 'RETRY', delayMs: 600_000, errorClass: 'HTTP_RATE_LIMITED' });
    expect(decideAfterAttempt(response(503, '600'), 1, policy, 0.5, now)).toEqual({ kind: 'RETRY', delayMs: 600_000, errorClass: 'HTTP_5XX' });
    expect(decideAfterAttempt(response(500, '600'), 1, policy, 0.5, now)).toEqual({ kind: 'RETRY', delayMs: 5_000, errorClass: 'HTTP_5XX' });
    expect(decideAfterAttempt(response(429, '999999'), 1, policy, 0.5, now)).toMatchObject({ delayMs: policy.retryAfterCapMs });
  });

  it('the breaker counts outages, not client errors or refusals', () => {
    expect(['TIMEOUT', 'CONNECT_TIMEOUT', 'CONNECTION_REFUSED', 'HTTP_5XX', 'HTTP_RATE_LIMITED'].every((c) => isEndpointHealthFailure(c as never))).toBe(true);
    expect(['NONE', 'HTTP_4XX', 'HTTP_AUTH', 'REDIRECT', 'HTTP_GONE', 'SSRF_REFUSED'].some((c) => isEndpointHealthFailure(c as never))).toBe(false);
  });
});
