import { assertNever } from './assert-never';
import type { AttemptErrorKind, AttemptRecord, EndpointDirection, FailureClass } from './attempt';

/** Whether an attempt counts in the error rate, and if it failed, why. */
export type AttemptVerdict =
  | { readonly outcome: 'SUCCEEDED' }
  | { readonly outcome: 'FAILED'; readonly failureClass: FailureClass }
  | { readonly outcome: 'NOT_COUNTED'; readonly reason: NotCountedReason };

export type NotCountedReason = 'NO_REQUEST_SENT' | 'NO_ANSWER' | 'NOT_A_PARTNER_FAULT' | 'NOT_AN_HTTP_VERDICT';

/**
 * Inbound 4xx answers caused by the partner's request, which count as failed:
 * 400 invalid payload, 401 missing/wrong/expired key, 403 endpoint suspended or not enabled,
 * 404 unknown or deleted endpoint, 405 wrong method, 406 unacceptable Accept, 409 idempotency
 * key reused with another body, 410 gone, 411 length required, 413 body too large, 414 URI too
 * long, 415 wrong content type, 422 semantically invalid, 429 over the rate limit, 431 headers
 * too large.
 * Other 4xx (e.g. 408 we stopped waiting for the body, 412/428 conditional requests, 499 the
 * partner hung up) are not a verdict on the partner's request and are not counted.
 */
export const INBOUND_PARTNER_FAULT_STATUSES: ReadonlySet<number> = new Set([400, 401, 403, 404, 405, 406, 409, 410, 411, 413, 414, 415, 422, 429, 431]);

const SUCCEEDED: AttemptVerdict = Object.freeze({ outcome: 'SUCCEEDED' });
const NOT_COUNTED: Record<NotCountedReason, AttemptVerdict> = {
  NO_REQUEST_SENT: Object.freeze({ outcome: 'NOT_COUNTED', reason: 'NO_REQUEST_SENT' }),
  NO_ANSWER: Object.freeze({ outcome: 'NOT_COUNTED', reason: 'NO_ANSWER' }),
  NOT_A_PARTNER_FAULT: Object.freeze({ outcome: 'NOT_COUNTED', reason: 'NOT_A_PARTNER_FAULT' }),
  NOT_AN_HTTP_VERDICT: Object.freeze({ outcome: 'NOT_COUNTED', reason: 'NOT_AN_HTTP_VERDICT' }),
};
/** Verdicts are values: one frozen object each, as classification runs for every attempt consumed. */
const FAILED = new Map<FailureClass, AttemptVerdict>();
const failed = (failureClass: FailureClass): AttemptVerdict => {
  let verdict = FAILED.get(failureClass);
  if (!verdict) FAILED.set(failureClass, (verdict = Object.freeze({ outcome: 'FAILED', failureClass })));
  return verdict;
};

/** Attempts whose producer did not say are outbound: `webhooks.delivery-attempts.v1` carries outbound deliveries. */
export function resolveDirection(attempt: Pick<AttemptRecord, 'direction'>): EndpointDirection {
  return attempt.direction ?? 'OUTBOUND';
}

/**
 * The error-rate definition.
 *
 * Outbound (the platform calls the partner): a 2xx without a transport error succeeded; any
 * other answer (3xx, 4xx, 5xx), a timeout, a connection, TLS or DNS error, or a URL refused by
 * the SSRF guard failed. An attempt that was never sent because no signing secret was available
 * is the platform's problem, not the endpoint's, and is not counted.
 *
 * Inbound (the partner calls the platform): 2xx and 3xx (e.g. 304 Not Modified) succeeded;
 * every 5xx failed (the platform failed the partner); a 4xx failed when the partner's request
 * caused it (`INBOUND_PARTNER_FAULT_STATUSES`), other 4xx and requests the partner abandoned
 * before an answer (status 0) are not counted.
 */
export function classifyAttempt(attempt: Pick<AttemptRecord, 'direction' | 'statusCode' | 'errorKind'>): AttemptVerdict {
  const direction = resolveDirection(attempt);
  switch (direction) {
    case 'OUTBOUND':
      return classifyOutbound(attempt.statusCode, attempt.errorKind);
    case 'INBOUND':
      return classifyInbound(attempt.statusCode);
    default:
      return assertNever(direction);
  }
}

function classifyOutbound(status: number, kind: AttemptErrorKind): AttemptVerdict {
  if (kind === 'SIGNING_UNAVAILABLE') return NOT_COUNTED.NO_REQUEST_SENT;
  const transportOk = kind === 'NONE' || kind === 'UNSPECIFIED';
  if (status >= 200 && status < 300 && transportOk) return SUCCEEDED;
  return failed(transportClass(kind) ?? statusClass(status));
}

function classifyInbound(status: number): AttemptVerdict {
  if (status === 0) return NOT_COUNTED.NO_ANSWER;
  if (status >= 200 && status < 400) return SUCCEEDED;
  if (status >= 500 && status < 600) return failed('HTTP_5XX');
  if (status >= 400 && status < 500) {
    if (!INBOUND_PARTNER_FAULT_STATUSES.has(status)) return NOT_COUNTED.NOT_A_PARTNER_FAULT;
    return failed(status === 401 || status === 403 ? 'AUTH' : 'HTTP_4XX');
  }
  return NOT_COUNTED.NOT_AN_HTTP_VERDICT;
}

/** The class the producer named, when it names one; null lets the status code decide. */
function transportClass(kind: AttemptErrorKind): FailureClass | null {
  switch (kind) {
    case 'CONNECT_TIMEOUT':
    case 'TIMEOUT':
      return 'TIMEOUT';
    case 'CONNECTION_REFUSED':
      return 'CONNECTION_REFUSED';
    case 'CONNECTION_RESET':
      return 'CONNECTION_RESET';
    case 'DNS':
      return 'DNS';
    case 'TLS':
      return 'TLS';
    case 'SSRF_REFUSED':
      return 'SSRF_REFUSED';
    case 'REDIRECT':
      return 'REDIRECT';
    case 'HTTP_AUTH':
      return 'AUTH';
    case 'HTTP_GONE':
    case 'HTTP_RATE_LIMITED':
    case 'HTTP_4XX':
      return 'HTTP_4XX';
    case 'HTTP_5XX':
      return 'HTTP_5XX';
    case 'OTHER':
      return 'OTHER';
    case 'NONE':
    case 'UNSPECIFIED':
    case 'SIGNING_UNAVAILABLE':
      return null;
    default:
      return assertNever(kind);
  }
}

function statusClass(status: number): FailureClass {
  if (status === 401 || status === 403) return 'AUTH';
  if (status >= 300 && status < 400) return 'REDIRECT';
  if (status >= 400 && status < 500) return 'HTTP_4XX';
  if (status >= 500 && status < 600) return 'HTTP_5XX';
  return 'OTHER';
}
