import type { AttemptErrorKind } from './attempt';
import { classifyAttempt, INBOUND_PARTNER_FAULT_STATUSES } from './attempt-verdict';

const outbound = (statusCode: number, errorKind: AttemptErrorKind) => classifyAttempt({ direction: 'OUTBOUND', statusCode, errorKind });
const inbound = (statusCode: number) => classifyAttempt({ direction: 'INBOUND', statusCode, errorKind: 'UNSPECIFIED' });

describe('the error-rate definition', () => {
  describe('outbound: anything but a clean 2xx fails', () => {
    it.each([
      [200, 'NONE'],
      [204, 'NONE'],
      [299, 'UNSPECIFIED'],
    ] as const)('%i with %s succeeds', (status, kind) => {
      expect(outbound(status, kind)).toEqual({ outcome: 'SUCCEEDED' });
    });

    it.each([
      [301, 'REDIRECT', 'REDIRECT'],
      [302, 'UNSPECIFIED', 'REDIRECT'],
      [401, 'HTTP_AUTH', 'AUTH'],
      [403, 'UNSPECIFIED', 'AUTH'],
      [404, 'HTTP_4XX', 'HTTP_4XX'],
      [410, 'HTTP_GONE', 'HTTP_4XX'],
      [429, 'HTTP_RATE_LIMITED', 'HTTP_4XX'],
      [500, 'HTTP_5XX', 'HTTP_5XX'],
      [503, 'UNSPECIFIED', 'HTTP_5XX'],
      [0, 'TIMEOUT', 'TIMEOUT'],
      [0, 'CONNECT_TIMEOUT', 'TIMEOUT'],
      [200, 'TIMEOUT', 'TIMEOUT'],
      [0, 'CONNECTION_REFUSED', 'CONNECTION_REFUSED'],
      [0, 'CONNECTION_RESET', 'CONNECTION_RESET'],
      [0, 'DNS', 'DNS'],
      [0, 'TLS', 'TLS'],
      [0, 'SSRF_REFUSED', 'SSRF_REFUSED'],
      [0, 'OTHER', 'OTHER'],
      [0, 'UNSPECIFIED', 'OTHER'],
      [102, 'NONE', 'OTHER'],
    ] as const)('%i with %s fails as %s', (status, kind, failureClass) => {
      expect(outbound(status, kind)).toEqual({ outcome: 'FAILED', failureClass });
    });

    it('does not count an attempt never sent for want of a signing secret: the platform failed, not the endpoint', () => {
      expect(outbound(0, 'SIGNING_UNAVAILABLE')).toEqual({ outcome: 'NOT_COUNTED', reason: 'NO_REQUEST_SENT' });
    });

    it('treats attempts whose producer names no direction as outbound', () => {
      expect(classifyAttempt({ direction: null, statusCode: 404, errorKind: 'HTTP_4XX' })).toEqual({ outcome: 'FAILED', failureClass: 'HTTP_4XX' });
    });
  });

  describe('inbound: 5xx and the 4xx the partner caused fail', () => {
    it.each([200, 201, 202, 204, 304])('%i succeeds', (status) => {
      expect(inbound(status)).toEqual({ outcome: 'SUCCEEDED' });
    });

    it.each([500, 502, 503, 504])('%i fails as HTTP_5XX (the platform failed the partner)', (status) => {
      expect(inbound(status)).toEqual({ outcome: 'FAILED', failureClass: 'HTTP_5XX' });
    });

    it.each([
      [400, 'HTTP_4XX'],
      [401, 'AUTH'],
      [403, 'AUTH'],
      [404, 'HTTP_4XX'],
      [409, 'HTTP_4XX'],
      [413, 'HTTP_4XX'],
      [415, 'HTTP_4XX'],
      [422, 'HTTP_4XX'],
      [429, 'HTTP_4XX'],
    ] as const)('%i is caused by the partner and fails as %s', (status, failureClass) => {
      expect(inbound(status)).toEqual({ outcome: 'FAILED', failureClass });
    });

    it.each([408, 412, 416, 428, 499])('%i is no verdict on the request and is not counted', (status) => {
      expect(inbound(status)).toEqual({ outcome: 'NOT_COUNTED', reason: 'NOT_A_PARTNER_FAULT' });
    });

    it('does not count a request abandoned before any answer', () => {
      expect(inbound(0)).toEqual({ outcome: 'NOT_COUNTED', reason: 'NO_ANSWER' });
    });

    it('lists exactly the documented partner-caused statuses', () => {
      expect([...INBOUND_PARTNER_FAULT_STATUSES].sort((a, b) => a - b)).toEqual([400, 401, 403, 404, 405, 406, 409, 410, 411, 413, 414, 415, 422, 429, 431]);
    });
  });
});
